import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { printJson } from "../../output/json.js";
import { humanDuration, commas, localTime } from "../../output/format.js";
import { microQuery, noInstances, type ServiceInfo, type ServiceStats } from "./shared.js";

export interface ServiceInfoOptions { json?: boolean; endpoint?: string }

/** `nats service info SERVICE [ID]`: one instance's description, endpoints and statistics, as natscli shows them. */
export function serviceInfoCommand(deps: Deps): Command {
  return new Command("info").alias("i")
    .description("Show Service information")
    .argument("<service>", "Service to show")
    .argument("[id]", "Show info for a specific ID (default: the first instance by ID)")
    .option("-e, --endpoint <regex>", "Filter shown endpoints using a regular expression")
    .option("-j, --json", "Show JSON output: {\"info\": …, \"stats\": …}", false)
    .addHelpText("after", "\nExamples:\n  nats service info calc\n  nats service info calc 6B2Q5RQPDLO5HOS0VQOQ3C -e '^add$' --json | jq .stats\n")
    .action(async (name: string, id: string | undefined, opts: ServiceInfoOptions, cmd: Command) => {
      let re: RegExp | undefined;
      try { re = opts.endpoint ? new RegExp(opts.endpoint) : undefined; } catch (e) { throw usageError(`invalid --endpoint regex: ${(e as Error).message}`); }
      await withConnection(deps, cmd, (nc, ctx) => serviceInfo(deps, nc, ctx, name, id, re, opts));
    });
}

/**
 * Shows one instance of the service (instance `id`, or the first by ID) with its endpoints and their
 * statistics, `re` picking endpoints; `--json` prints natscli's single `{"info", "stats"}` object.
 */
export async function serviceInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string, id: string | undefined, re: RegExp | undefined, opts: ServiceInfoOptions): Promise<{ info: ServiceInfo; stats: ServiceStats | null }> {
  const infos = await microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, name, id);
  const first = infos.replies[0];
  if (!first) throw noInstances(name, id);
  const st = (await microQuery<ServiceStats>(nc, "STATS", ctx.plan.timeoutMs, first.name, first.id)).replies[0] ?? null;
  const info: ServiceInfo = re ? { ...first, endpoints: first.endpoints.filter((e) => re.test(e.name)) } : first;
  const stats: ServiceStats | null = st && re ? { ...st, endpoints: st.endpoints.filter((e) => re.test(e.name)) } : st;
  if (opts.json) {
    printJson(deps.io, { info, stats });
    return { info, stats };
  }
  const c = new Columns("Service Information");
  c.row("Service", `${info.name} (${info.id})`).row("Description", info.description ?? "").row("Version", info.version);
  const md = Object.entries(info.metadata ?? {}).map(([k, v]) => `${k}: ${v}`);
  if (md.length) c.list("Metadata", md);
  c.title("Endpoints");
  c.indent(2);
  for (const e of info.endpoints) {
    c.line();
    c.row("Name", e.name).row("Subject", e.subject);
    c.rowIf(e.queue_group, "Queue Group", e.queue_group);
    const emd = Object.entries(e.metadata ?? {}).map(([k, v]) => `${k}: ${v}`);
    if (emd.length) c.list("Metadata", emd);
  }
  c.indent(0);
  if (stats) {
    c.title(`Statistics for ${stats.endpoints.length} Endpoint(s)`);
    const started = Date.parse(stats.started);
    for (const e of stats.endpoints) {
      c.indent(2);
      c.title(`${e.name || "default"} Endpoint Statistics`);
      c.row("Requests", `${commas(e.num_requests)} in group "${e.queue_group ?? ""}"`);
      c.row("Processing Time", `${humanDuration(e.processing_time / 1e6)} (average ${humanDuration(e.average_processing_time / 1e6)})`);
      c.row("Started", `${localTime(stats.started)} (${humanDuration(Math.max(0, deps.now() - started))} ago)`);
      c.row("Errors", commas(e.num_errors));
      c.rowIf(e.last_error, "Last Error", e.last_error);
      if (e.data !== undefined && e.data !== null) {
        c.title("Endpoint Specific Statistics");
        for (const l of JSON.stringify(e.data, null, 4).split("\n")) c.line(`   ${l}`);
      }
      c.indent(0);
    }
  }
  c.print(deps.io);
  return { info, stats };
}
