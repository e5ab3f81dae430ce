import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { manager } from "../../jetstream/manager.js";
import { rate, runGraphs, Series } from "../../output/graph.js";
import { requireTerminal } from "../../output/screen.js";
import { allFlag, pickStream } from "../shared/pick.js";

/** `nats stream graph [STREAM]`: messages stored, stored per second and removed per second, as live charts. */
export function streamGraphCommand(deps: Deps): Command {
  return new Command("graph")
    .description("View a graph of stream activity")
    .argument("[stream]", "The name of the stream to graph")
    .addHelpText("after", `
Needs an interactive terminal (the charts follow its size).

Examples:
  nats stream graph ORDERS`)
    .action(async (name: string | undefined, _o: unknown, c: Command) => {
      requireTerminal(deps.io, "nats stream graph", "it draws live charts; use `nats stream info --json` for numbers");
      await withConnection(deps, c, (nc, ctx) => streamGraph(deps, nc, ctx, name, allFlag(c)));
    });
}

/** Reads the stream's state every second and charts it (natscli stream_command.go graphAction). */
export async function streamGraph(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, all: boolean): Promise<void> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, all);
  const state = async () => (await jsm.streams.info(stream)).state;
  let last = { at: deps.now(), ...(await state()) };
  const stored = new Series("Messages Stored");
  const removed = new Series("Messages Removed / second");
  const added = new Series("Messages Stored / second");
  await runGraphs(deps.io, deps.signal, {
    title: () => `Stream Statistics for ${stream}`,
    charts: [stored, removed, added],
    sample: async () => {
      const s = await state();
      const now = deps.now();
      stored.push(s.messages);
      // the first sequence moves up as messages are removed (limits, acks, deletes); the last one as they arrive
      removed.push(rate(s.first_seq, last.first_seq, now - last.at));
      added.push(rate(s.last_seq, last.last_seq, now - last.at));
      last = { at: now, ...s };
    },
  });
}
