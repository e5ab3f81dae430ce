import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { ExitCode, ExitStatus } from "../../errors.js";
import { humanDuration } from "../../output/format.js";
import { deadlineIn, gather, noResults } from "../../sys/gather.js";
import { parseExpect } from "./shared/args.js";
import { examplesText } from "../shared/examples.js";

export interface ServerPingOptions { id?: boolean; graph?: boolean }

/** `nats server ping [EXPECT]`: every server answers $SYS.REQ.SERVER.PING; prints each RTT and statistics. */
export function serverPingCommand(deps: Deps): Command {
  return new Command("ping")
    .description("Ping all servers (system account)")
    .argument("[expect]", "How many servers to expect")
    .option("--id", "Include the server ID in the output", false)
    .option("--graph", "Produce a response distribution graph", false)
    .addHelpText("after", examplesText("nats server ping --context sys", "nats server ping 3 --id --graph --context sys"))
    .action(async (expectArg: string | undefined, opts: ServerPingOptions, cmd: Command) => {
      const expect = parseExpect(expectArg);
      await withConnection(deps, cmd, (nc, ctx) => serverPing(deps, nc, ctx, expect, opts));
    });
}

/** Pings every server and prints each RTT and the statistics; fails when fewer than `expect` answered. */
export async function serverPing(deps: Deps, nc: NatsConnection, ctx: ConnCtx, expect: number | undefined, opts: ServerPingOptions): Promise<void> {
  let active: number | undefined;
  const r = await gather<{ active_servers?: number }>(nc, "$SYS.REQ.SERVER.PING", {
    deadline: deadlineIn(ctx.plan.timeoutMs),
    // natscli stops at EXPECT, or at the cluster's active-server count from the first reply.
    expect: () => expect ?? active,
    spinner: { io: deps.io, text: "Waiting for the servers to answer" },
    onReply: (rep) => {
      active ??= (rep.data as { active_servers?: number }).active_servers;
      const label = opts.id ? `${rep.server.id} ${rep.server.name}` : rep.server.name;
      deps.io.out.write(`${label.padEnd(60)} rtt=${humanDuration(rep.rttMs)}\n`);
    },
  });
  if (r.replies.length === 0) throw noResults("$SYS.REQ.SERVER.PING", r);
  const rtts = r.replies.map((x) => x.rttMs);
  const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
  deps.io.out.write(`\n---- ping statistics ----\n${r.replies.length} replies max: ${Math.max(...rtts).toFixed(2)} min: ${Math.min(...rtts).toFixed(2)} avg: ${avg.toFixed(2)}\n`);
  // a finished distribution, not a live view: printed in a pipe too, as natscli does
  if (opts.graph) {
    const { distributionChart, loadPlot } = await import("../../output/graph.js");
    deps.io.out.write(`\n${distributionChart(await loadPlot(), rtts, 25, "Responses per 25ms")}\n`);
  }
  const want = expect ?? active;
  if (want !== undefined && r.replies.length < want) {
    deps.io.out.write(`\nMissing ${want - r.replies.length} server(s)\n`);
    if (expect !== undefined) throw new ExitStatus(ExitCode.FAILURE);
  }
}

