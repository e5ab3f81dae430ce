import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { log } from "../../../output/io.js";
import { balanceLeaders, consumerLeaderStepDown } from "../../../jetstream/leaders.js";
import { queryConsumers, type ConsumerQuery } from "../../../jetstream/query.js";
import { requireServer } from "../../../jetstream/version.js";
import { manager } from "../../../jetstream/manager.js";
import { allFlag, pickStream } from "../../shared/pick.js";
import { addConsumerQueryFlags, consumerQueryFrom, listConsumers, type ConsumerQueryFlags } from "../shared.js";

export type ConsumerClusterBalanceOptions = ConsumerQueryFlags & { all?: boolean };

/** `consumer cluster balance [STREAM]`: spreads the stream's consumer leaders evenly over the servers (NATS Server 2.11+). */
export function consumerClusterBalanceCommand(deps: Deps): Command {
  const cmd = new Command("balance").description("Balance consumer leaders (NATS Server 2.11+)").argument("[stream]", "Stream to act on");
  return addConsumerQueryFlags(cmd, "Balance")
    .addHelpText("after", "\nExamples:\n  nats consumer cluster balance ORDERS\n  nats consumer cluster balance ORDERS --pull\n")
    .action(async (stream: string | undefined, o: ConsumerClusterBalanceOptions, c: Command) => {
      const q = consumerQueryFrom(o);
      await withConnection(deps, c, (nc, ctx) => consumerClusterBalance(deps, nc, ctx, stream, q, { all: allFlag(c) }));
    });
}

/** Balances the leaders of the stream's consumers matching the query; returns how many moved. */
export async function consumerClusterBalance(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, q: ConsumerQuery, o: { all?: boolean }): Promise<number> {
  // the balancer moves leaders with a preferred placement, which older servers do not honour
  requireServer(nc, "2.11.0", "consumer cluster balance");
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  const found = await queryConsumers(await listConsumers(jsm, s), q, deps.now());
  if (!found.length) {
    deps.io.out.write(`No consumers on ${s}\n`);
    return 0;
  }
  const moved = await balanceLeaders(found.map((ci) => ({
    name: ci.name,
    cluster: async () => (await jsm.consumers.info(s, ci.name)).cluster,
    stepDown: (p) => consumerLeaderStepDown(jsm, s, ci.name, p),
  })), "consumer", (m) => log(deps.io, deps.now(), m));
  deps.io.out.write(`Balanced ${moved} consumers on ${s}\n`);
  return moved;
}
