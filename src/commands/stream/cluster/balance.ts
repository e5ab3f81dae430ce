import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { log } from "../../../output/io.js";
import { balanceLeaders, streamLeaderStepDown } from "../../../jetstream/leaders.js";
import { queryStreams, type StreamQuery } from "../../../jetstream/query.js";
import { listStreams } from "../../../jetstream/streams.js";
import { requireServer } from "../../../jetstream/version.js";
import { manager } from "../../../jetstream/manager.js";
import { allFlag } from "../../shared/pick.js";
import { addStreamQueryFlags, streamQueryFrom, type StreamFindFlags } from "../shared.js";

export type StreamClusterBalanceOptions = StreamFindFlags & { all?: boolean };

/** `stream cluster balance`: spreads stream leaders evenly over each cluster's servers (NATS Server 2.11+). */
export function streamClusterBalanceCommand(deps: Deps): Command {
  const cmd = new Command("balance").description("Balance stream leaders (NATS Server 2.11+)");
  return addStreamQueryFlags(cmd, "Balance")
    .addHelpText("after", "\nExamples:\n  nats stream cluster balance\n  nats stream cluster balance --cluster east --replicas 3\n")
    .action(async (o: StreamClusterBalanceOptions, c: Command) => {
      const q = streamQueryFrom(o);
      await withConnection(deps, c, (nc, ctx) => streamClusterBalance(deps, nc, ctx, q, { all: allFlag(c) }));
    });
}

/** Balances the leaders of the streams matching the query; returns how many moved. */
export async function streamClusterBalance(deps: Deps, nc: NatsConnection, ctx: ConnCtx, q: StreamQuery, o: { all?: boolean }): Promise<number> {
  // the balancer moves leaders with a preferred placement, which older servers do not honour
  requireServer(nc, "2.11.0", "stream cluster balance");
  const jsm = await manager(nc, ctx);
  const found = await queryStreams(await listStreams(jsm, Boolean(o.all)), q, deps.now());
  if (!found.length) {
    deps.io.out.write("No streams matched\n");
    return 0;
  }
  const moved = await balanceLeaders(found.map((si) => ({
    name: si.config.name,
    cluster: async () => (await jsm.streams.info(si.config.name)).cluster,
    stepDown: (p) => streamLeaderStepDown(jsm, si.config.name, p),
  })), "stream", (m) => log(deps.io, deps.now(), m));
  deps.io.out.write(`Balanced ${moved} streams.\n`);
  return moved;
}
