import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { commas, humanBytes } from "../../output/format.js";
import { confirmDestructive } from "../../output/prompt.js";
import { createProgress } from "../../output/progress.js";
import { detectGaps, DELETED_DETAILS_LIMIT, type Gap } from "../../jetstream/gaps.js";
import { manager } from "../../jetstream/manager.js";
import { allFlag, pickStream } from "../shared/pick.js";

export interface StreamGapsOptions { force?: boolean; progress?: boolean; json?: boolean; all?: boolean; detailsLimit?: number }

/** `stream gaps [STREAM]`: the runs of deleted messages in a stream. */
export function streamGapsCommand(deps: Deps): Command {
  return new Command("gaps").description("Detect gaps in the Stream content that would be reported as deleted messages")
    .argument("[stream]", "Stream to act on")
    .option("-f, --force", "Act without prompting")
    .option("--progress", "Enable progress bar (default true)")
    .option("--no-progress", "Disable the progress bar")
    .option("-j, --json", "Produce JSON output: an array of [first, last] sequence pairs")
    .addHelpText("after", "\nExamples:\n  nats stream gaps ORDERS -f\n  nats stream gaps ORDERS -f --json | jq length\n")
    .action(async (stream: string | undefined, o: StreamGapsOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamGaps(deps, nc, ctx, stream, { ...o, all: allFlag(c) }));
    });
}

/** Finds and prints the gaps (deleted runs) of the stream, asking first when the whole stream has to be read. */
export async function streamGaps(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, o: StreamGapsOptions): Promise<Gap[]> {
  const jsm = await manager(nc, ctx);
  const name = await pickStream(deps, jsm, stream, Boolean(o.all));
  const si = await jsm.streams.info(name);
  if (!si.state.num_deleted) {
    if (o.json) printJson(deps.io, []);
    else deps.io.out.write(`No deleted messages in ${name}\n`);
    return [];
  }
  const limit = o.detailsLimit ?? DELETED_DETAILS_LIMIT;
  const reads = si.state.num_deleted > limit;
  // natscli always asks; the server lists up to `limit` deleted messages in one answer, only reading every
  // message is worth a confirmation
  if (reads) {
    if (!o.force) deps.io.err.write("WARNING: Detecting gaps in a stream consumes the entire stream and can be resource intensive on the Server, Client and Network.\n\n");
    if (!(await confirmDestructive(deps.io, o.force, `Really detect gaps in stream ${name} with ${commas(si.state.messages)} messages and ${humanBytes(si.state.bytes)}`))) return [];
  }
  const bar = await createProgress(deps.io, { label: "Reading", total: si.state.last_seq - si.state.first_seq + 1, enabled: reads && o.progress !== false && !o.json });
  const gaps = await detectGaps(nc, ctx.js, jsm, name, { detailsLimit: limit, progress: (seq) => bar.update(seq - si.state.first_seq + 1), signal: deps.signal });
  bar.done();
  if (o.json) {
    printJson(deps.io, gaps);
    return gaps;
  }
  if (!gaps.length) {
    deps.io.out.write(`No deleted messages in ${name}\n`);
    return gaps;
  }
  printTable(deps.io, ["First Message", "Last Message"], gaps.map(([a, b]) => [commas(a), commas(b)]),
    { title: gaps.length === 1 ? `1 gap found in Stream ${name}` : `${commas(gaps.length)} gaps found in Stream ${name}` }, deps.env);
  return gaps;
}
