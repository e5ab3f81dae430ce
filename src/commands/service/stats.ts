import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas } from "../../output/format.js";
import { microQuery, noInstances, type ServiceStats } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ServiceStatsOptions { json?: boolean }

/** `nats service stats SERVICE [ID]`: request, error and timing counters per instance and endpoint. */
export function serviceStatsCommand(deps: Deps): Command {
  return new Command("stats")
    .description("Report Service Statistics")
    .argument("<service>", "Service to query")
    .argument("[id]", "Query a specific instance only")
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", examplesText("nats service stats calc", "nats service stats calc 6B2Q5RQPDLO5HOS0VQOQ3C --json"))
    .action(async (name: string, id: string | undefined, opts: ServiceStatsOptions, cmd: Command) => {
      await withConnection(deps, cmd, (nc, ctx) => serviceStats(deps, nc, ctx, name, id, opts));
    });
}

/** Prints the endpoints' statistics of every instance of the service (or instance `id`), as a table or JSON. */
export async function serviceStats(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string, id: string | undefined, opts: ServiceStatsOptions): Promise<void> {
  const { replies } = await microQuery<ServiceStats>(nc, "STATS", ctx.plan.timeoutMs, name, id);
  if (replies.length === 0) throw noInstances(name, id);
  if (opts.json) { printJson(deps.io, replies); return; }
  const rows = replies.flatMap((s) => s.endpoints.map((e) => [s.id, e.name, commas(e.num_requests), e.queue_group ?? "", commas(e.num_errors),
    humanDuration(e.processing_time / 1e6), humanDuration(e.average_processing_time / 1e6)]));
  const all = replies.flatMap((s) => s.endpoints);
  const req = all.reduce((a, e) => a + e.num_requests, 0);
  const time = all.reduce((a, e) => a + e.processing_time, 0);
  printTable(deps.io, ["ID", "Endpoint", "Requests", "Queue Group", "Errors", "Processing Time", "Average Time"], rows,
    { title: `${name} Service Statistics`, footer: ["", "", commas(req), "", commas(all.reduce((a, e) => a + e.num_errors, 0)), humanDuration(time / 1e6), humanDuration(req ? time / req / 1e6 : 0)] }, deps.env);
}
