import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printStreamTable } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { isInternalStream, listStreams, streamNames } from "../../jetstream/streams.js";
import { examplesText } from "../shared/examples.js";

export interface StreamLsOptions { subject?: string; names?: boolean; json?: boolean; all?: boolean }

/** `stream ls`: natscli's Streams table sorted by size, or names / a JSON array of names. */
export function streamLsCommand(deps: Deps): Command {
  return new Command("ls").aliases(["list", "l"]).description("List all known Streams")
    .option("--subject <subject>", "Limit the list to streams with matching subjects")
    .option("-n, --names", "Show just the stream names")
    .option("-j, --json", "Produce JSON output")
    .option("-a, --all", "Include system streams (KV_, OBJ_, $MQTT_)")
    .addHelpText("after", examplesText("nats stream ls", "nats stream ls --subject 'orders.>' -n", "nats stream ls --json"))
    .action(async (o: StreamLsOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamLs(deps, nc, ctx, { ...o, all: Boolean(o.all) || allFlag(c) }));
    });
}

/** Lists the streams as a table (smallest first), names or a JSON array of names; returns the names shown. */
export async function streamLs(deps: Deps, nc: NatsConnection, ctx: ConnCtx, o: StreamLsOptions): Promise<string[]> {
  const all = Boolean(o.all);
  const jsm = await manager(nc, ctx);
  if (o.json || o.names) {
    const names = (await streamNames(jsm, all, o.subject)).sort();
    if (o.json) printJson(deps.io, names);
    else for (const n of names) deps.io.out.write(`${n}\n`);
    return names;
  }
  const streams = await listStreams(jsm, all, o.subject);
  if (streams.length === 0) {
    const hidden = !all && (await streamNames(jsm, true, o.subject)).some(isInternalStream);
    deps.io.out.write(hidden ? "No Streams defined, pass -a to include system streams\n" : "No Streams defined\n");
    return [];
  }
  printStreamTable(deps, streams, o.subject ? `Streams matching ${o.subject}` : "Streams");
  return streams.map((s) => s.config.name);
}
