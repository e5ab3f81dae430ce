import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { manager } from "../../jetstream/manager.js";
import { rate, runGraphs, Series } from "../../output/graph.js";
import { requireTerminal } from "../../output/screen.js";
import { allFlag } from "../shared/pick.js";
import { pickConsumer } from "./shared.js";

/** `nats consumer graph [STREAM] [CONSUMER]`: pending, waiting for ack, acknowledged and delivered per second, live. */
export function consumerGraphCommand(deps: Deps): Command {
  return new Command("graph")
    .description("View a graph of consumer activity")
    .argument("[stream]", "Stream name")
    .argument("[consumer]", "Consumer name")
    .addHelpText("after", `
Needs an interactive terminal (the charts follow its size).

Examples:
  nats consumer graph ORDERS PROCESSOR`)
    .action(async (stream: string | undefined, name: string | undefined, _o: unknown, c: Command) => {
      requireTerminal(deps.io, "nats consumer graph", "it draws live charts; use `nats consumer info --json` for numbers");
      await withConnection(deps, c, (nc, ctx) => consumerGraph(deps, nc, ctx, stream, name, allFlag(c)));
    });
}

/** Reads the consumer's info every second and charts it (natscli consumer_command.go graphAction). */
export async function consumerGraph(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, all: boolean): Promise<void> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, all, stream, name);
  const info = () => jsm.consumers.info(p.stream, p.consumer);
  const first = await info();
  let last = { at: deps.now(), acked: first.ack_floor.consumer_seq, delivered: first.delivered.consumer_seq };
  const pending = new Series("Messages Pending");
  const waiting = new Series("Messages Waiting for Ack");
  const acked = new Series("Messages Acknowledged / second");
  const delivered = new Series("Messages Delivered / second");
  await runGraphs(deps.io, deps.signal, {
    title: () => `Consumer Statistics for ${p.stream} > ${p.consumer}`,
    charts: [pending, waiting, acked, delivered],
    sample: async () => {
      const ci = await info();
      const now = deps.now();
      pending.push(ci.num_pending);
      waiting.push(ci.num_ack_pending);
      acked.push(rate(ci.ack_floor.consumer_seq, last.acked, now - last.at));
      delivered.push(rate(ci.delivered.consumer_seq, last.delivered, now - last.at));
      last = { at: now, acked: ci.ack_floor.consumer_seq, delivered: ci.delivered.consumer_seq };
    },
  });
}
