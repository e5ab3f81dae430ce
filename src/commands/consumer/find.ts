import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerInfo } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { manager } from "../../jetstream/manager.js";
import { queryConsumers, type ConsumerQuery } from "../../jetstream/query.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { addConsumerQueryFlags, consumerQueryFrom, listConsumers, type ConsumerQueryFlags } from "./shared.js";

export type ConsumerFindOptions = ConsumerQueryFlags & { json?: boolean; all?: boolean };

/** `consumer find [STREAM]` (`query`): the names of the stream's consumers matching natscli's filters. */
export function consumerFindCommand(deps: Deps): Command {
  const cmd = new Command("find").alias("query").description("Finds consumers matching certain criteria").argument("[stream]", "Stream name");
  return addConsumerQueryFlags(cmd, "Display")
    .option("--api-level <n>", "Match consumers that support at least the given api level")
    .option("-j, --json", "Produce JSON output (an array of names)")
    .addHelpText("after", "\nExamples:\n  nats consumer find ORDERS --pull\n  nats consumer find ORDERS --idle 1h             # no deliveries for an hour\n  nats consumer find ORDERS --expression 'state.num_pending > 1000'\n")
    .action(async (stream: string | undefined, o: ConsumerFindOptions, c: Command) => {
      const q = consumerQueryFrom(o);
      await withConnection(deps, c, (nc, ctx) => consumerFind(deps, nc, ctx, stream, q, { ...o, all: allFlag(c) }));
    });
}

/** Prints the names of the matching consumers, one per line (natscli) or as a JSON array, and returns them. */
export async function consumerFind(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, q: ConsumerQuery, o: { json?: boolean; all?: boolean }): Promise<ConsumerInfo[]> {
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  const found = await queryConsumers(await listConsumers(jsm, s), q, deps.now());
  if (o.json) printJson(deps.io, found.map((c) => c.name));
  else for (const c of found) deps.io.out.write(`${c.name}\n`);
  return found;
}
