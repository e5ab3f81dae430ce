import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { printJson } from "../../output/json.js";
import { humanDuration, commas } from "../../output/format.js";
import { microQuery, noInstances, type ServiceInfo, type ServiceStats } from "./shared.js";

export interface ServiceInfoOptions { json?: boolean; endpoint?: string }

/** `nats service info SERVICE [ID]`: description, endpoints and statistics of each instance. */
export function serviceInfoCommand(deps: Deps): Command {
  return new Command("info").alias("i")
    .description("Show Service Information")
    .argument("<service>", "Service to describe")
    .argument("[id]", "Show info for a specific ID")
    .option("-e, --endpoint <regex>", "Show only endpoints whose name matches")
    .option("-j, --json", "Produce JSON output", false)
    .action(async (name: string, id: string | undefined, opts: ServiceInfoOptions, cmd: Command) => {
      let re: RegExp | undefined;
      try { re = opts.endpoint ? new RegExp(opts.endpoint) : undefined; } catch (e) { throw usageError(`invalid --endpoint regex: ${(e as Error).message}`); }
      await withConnection(deps, cmd, (nc, ctx) => serviceInfo(deps, nc, ctx, name, id, re, opts));
    });
}

/** Shows every instance of the service (or instance `id`) with its endpoints and their statistics, `re` picking endpoints. */
export async function serviceInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string, id: string | undefined, re: RegExp | undefined, opts: ServiceInfoOptions): Promise<void> {
  const [infos, stats] = await Promise.all([
    microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, name, id),
    microQuery<ServiceStats>(nc, "STATS", ctx.plan.timeoutMs, name, id),
  ]);
  if (infos.replies.length === 0) throw noInstances(name, id);
  const pairs = infos.replies.map((info) => {
    const st = stats.replies.find((s) => s.id === info.id) ?? null;
    if (re) {
      info = { ...info, endpoints: info.endpoints.filter((e) => re!.test(e.name)) };
      if (st) st.endpoints = st.endpoints.filter((e) => re!.test(e.name));
    }
    return { info, stats: st };
  });
  if (opts.json) { printJson(deps.io, pairs); return; }
  pairs.forEach(({ info, stats: st }, i) => {
    if (i > 0) deps.io.out.write("\n");
    const c = new Columns("Service Information");
    c.row("Service", `${info.name} (${info.id})`).row("Description", info.description ?? "").row("Version", info.version);
    for (const [k, v] of Object.entries(info.metadata ?? {})) c.row(k, v);
    c.title("Endpoints");
    for (const e of info.endpoints) {
      c.row("Name", e.name).row("Subject", e.subject).row("Queue Group", e.queue_group ?? "");
      const s = st?.endpoints.find((x) => x.name === e.name);
      if (s) {
        c.row("Requests", commas(s.num_requests)).row("Errors", commas(s.num_errors));
        c.rowIf(s.last_error, "Last Error", s.last_error);
        c.row("Processing Time", humanDuration(s.processing_time / 1e6)).row("Average Time", humanDuration(s.average_processing_time / 1e6));
      }
      c.text("");
    }
    if (st) { c.title("Statistics"); c.row("Started", st.started); }
    c.print(deps.io);
  });
}
