import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas, localTime } from "../../output/format.js";
import { lastActiveMs } from "../../jetstream/wire.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { listConsumers } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ConsumerLsOptions { json?: boolean; names?: boolean; all?: boolean }

/** `consumer ls [STREAM]`: natscli's Consumers table, names, or a JSON array of names. */
export function consumerLsCommand(deps: Deps): Command {
  return new Command("ls").aliases(["list"]).description("List known Consumers").argument("[stream]", "Stream name")
    .option("-j, --json", "Produce JSON output")
    .option("-n, --names", "Show just the consumer names")
    .addHelpText("after", examplesText("nats consumer ls ORDERS", "nats consumer ls ORDERS -n"))
    .action(async (stream: string | undefined, o: ConsumerLsOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerLs(deps, nc, ctx, stream, { ...o, all: allFlag(c) }));
    });
}

/** Lists the stream's consumers as a table, names, or a JSON array of names. */
export async function consumerLs(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, o: ConsumerLsOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  const list = await listConsumers(jsm, s);
  if (o.json) return printJson(deps.io, list.map((ci) => ci.name));
  if (o.names) {
    for (const ci of list) deps.io.out.write(`${ci.name}\n`);
    return;
  }
  if (!list.length) {
    deps.io.out.write("No Consumers defined\n");
    return;
  }
  const now = deps.now();
  printTable(deps.io, ["Name", "Description", "Created", "Ack Pending", "Unprocessed", "Last Delivery"], list.map((ci) => {
    const la = lastActiveMs(ci.delivered);
    return [ci.name, ci.config.description ?? "", localTime(ci.created), commas(ci.num_ack_pending), commas(ci.num_pending), la ? humanDuration(Math.max(0, now - la)) : "never"];
  }), { title: `Consumers for Stream ${s}` }, deps.env);
}
