import { createReadStream, promises as fs } from "node:fs";
import { createInterface } from "node:readline";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, ExitStatus, usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { commas, humanBytes } from "../../output/format.js";
import { createProgress } from "../../output/progress.js";
import { checkPublishSubject, subjectMatches } from "../../util/subject.js";
import { compileMappings, mapSubject } from "../../util/subject-map.js";
import { decodeCaptured } from "../../messaging/capture.js";
import { cleanJs, manager } from "../../jetstream/manager.js";

export interface StreamImportOptions { map?: string[]; progress: boolean }

/** PubAcks awaited at once: the publishes go out in file order (the stream stores them so), acks come back in any order. */
const WINDOW = 256;

/** `stream import STREAM FILE`: publishes an export (or a `sub --json` capture) into a stream, each message acknowledged. */
export function streamImportCommand(deps: Deps): Command {
  return new Command("import")
    .description("Publish NDJSON that stream export or sub --json wrote into a stream, each message acknowledged (natsx)")
    .argument("<stream>", "Stream to store the messages in (its subjects must capture them)")
    .argument("<file>", "NDJSON file, - for stdin")
    .option("--map <src-dest...>", "Rewrite subjects matching SRC to DEST, wildcards as in subject mapping ({{wildcard(1)}} or $1; repeatable)")
    .option("--no-progress", "No progress bar on a terminal")
    .addHelpText("after", `
Examples:
  nats stream export ORDERS orders.ndjson && nats stream import ORDERS_COPY orders.ndjson
  nats stream import ARCHIVE orders.ndjson --map 'orders.>' 'archive.orders.>'`)
    .action(async (stream: string, file: string, o: StreamImportOptions, c: Command) => {
      compileMappings(o.map);
      if (file !== "-") {
        const st = await fs.stat(file).catch(() => undefined);
        if (!st) throw usageError(`cannot read ${file}: no such file`);
        if (st.isDirectory()) throw usageError(`cannot read ${file}: it is a directory`);
      }
      const r = await withConnection(deps, c, (nc, ctx) => streamImport(deps, nc, ctx, stream, file, o));
      if (r.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
    });
}

/**
 * Publishes each line's subject, headers and exact bytes to STREAM (a subject the stream does not capture stops the
 * import before it is sent), WINDOW acks in flight; stops at the first message not stored and says how many were.
 */
export async function streamImport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string, file: string, o: StreamImportOptions): Promise<{ messages: number; interrupted: boolean }> {
  const jsm = await manager(nc, ctx);
  const subjects = (await jsm.streams.info(stream)).config.subjects ?? [];
  const js = jetstream(nc, cleanJs(ctx.js));
  const mappings = compileMappings(o.map);
  const where = file === "-" ? "stdin" : file;
  const size = file === "-" ? 0 : (await fs.stat(file)).size;
  const progress = await createProgress(deps.io, { label: "Importing", total: size, unit: "bytes", enabled: o.progress !== false && size > 0 });
  const input = file === "-" ? deps.io.in : createReadStream(file);
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = 0;
  let stored = 0;
  let bytes = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    progress.add(Buffer.byteLength(line) + 1);
    if (deps.signal.aborted || failure) break;
    if (!line.trim()) continue;
    const m = decodeCaptured(line, `${where} line ${lineNo}`);
    const subject = mapSubject(mappings, m.subject);
    checkPublishSubject(subject);
    const at = `${where} line ${lineNo}`;
    // checked before sending, not with a Nats-Expected-Stream header: that header would be stored with the message
    if (!subjects.some((f) => subjectMatches(f, subject))) {
      failure = new CliError(`${at}: stream ${stream} does not capture subject "${subject}" (its subjects: ${subjects.join(", ") || "none"})`, { exitCode: ExitCode.USAGE, hint: "rewrite subjects with --map SRC DEST, or import into the stream that holds them" });
      break;
    }
    const n = ++sent;
    bytes += m.data.length;
    const p = js.publish(subject, m.data, { headers: m.headers }).then(
      (ack) => {
        if (ack.stream !== stream) failure ??= new CliError(`message ${commas(n)} (${at}) was stored in stream ${ack.stream}, not ${stream}: their subjects overlap`);
        else stored++;
      },
      (e: unknown) => { failure ??= new CliError(`message ${commas(n)} (${at}, subject "${subject}") was not stored: ${(e as Error).message}`, { cause: e }); },
    ).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= WINDOW) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  progress.done();
  if (failure) {
    log(deps.io, deps.now(), `Imported ${commas(stored)} of ${commas(sent)} messages sent into stream ${stream} before the failure`);
    throw failure;
  }
  if (deps.signal.aborted) {
    log(deps.io, deps.now(), `Interrupted after importing ${commas(stored)} messages`);
    return { messages: stored, interrupted: true };
  }
  log(deps.io, deps.now(), `Imported ${commas(stored)} message${stored === 1 ? "" : "s"} (${humanBytes(bytes)}) into stream ${stream}`);
  return { messages: stored, interrupted: false };
}
