import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamInfo } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { allFlag } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { listStreams } from "../../jetstream/streams.js";
import { queryStreams, type StreamQuery } from "../../jetstream/query.js";
import { addStreamQueryFlags, printStreamTable, streamQueryFrom, type StreamFindFlags } from "./shared.js";

export type StreamFindOptions = StreamFindFlags & { names?: boolean; json?: boolean; all?: boolean };


/** `stream find` (`query`): the streams matching natscli's filters, as the `stream ls` table, names or JSON. */
export function streamFindCommand(deps: Deps): Command {
  const cmd = new Command("find").alias("query").description("Finds streams matching certain criteria");
  addStreamQueryFlags(cmd, "Display")
    .option("--api-level <n>", "Match streams that support at least the given api level")
    .option("-n, --names", "Show just the stream names")
    .option("-j, --json", "Produce JSON output (an array of names)")
    .addHelpText("after", "\nExamples:\n  nats stream find --empty                  # streams without messages\n  nats stream find --empty --invert -n      # the names of streams with messages\n  nats stream find --idle 1d --consumers 0  # unused for a day and nobody reading\n  nats stream find --expression 'state.messages > 1000 and config.num_replicas < 3'\n")
    .action(async (o: StreamFindOptions, c: Command) => {
      const q = streamQueryFrom(o);
      await withConnection(deps, c, (nc, ctx) => streamFind(deps, nc, ctx, q, { ...o, all: allFlag(c) }));
    });
  return cmd;
}

/** Prints the streams matching the query (table, names or a JSON array of names) and returns them. */
export async function streamFind(deps: Deps, nc: NatsConnection, ctx: ConnCtx, q: StreamQuery, o: { names?: boolean; json?: boolean; all?: boolean }): Promise<StreamInfo[]> {
  const jsm = await manager(nc, ctx);
  const found = await queryStreams(await listStreams(jsm, Boolean(o.all)), q, deps.now());
  const names = found.map((s) => s.config.name).sort();
  if (o.json) printJson(deps.io, names);
  else if (o.names) for (const n of names) deps.io.out.write(`${n}\n`);
  else if (!found.length) deps.io.out.write("No Streams matched\n");
  else printStreamTable(deps, found, "Streams");
  return found;
}
