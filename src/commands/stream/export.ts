import { createWriteStream, promises as fs } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, ExitStatus, usageError } from "../../errors.js";
import { log, write } from "../../output/io.js";
import { commas, humanBytes } from "../../output/format.js";
import { createProgress } from "../../output/progress.js";
import { parseDuration } from "../../util/duration.js";
import { collect, parseIntFlag } from "../../util/flags.js";
import { checkSubscribeSubject } from "../../util/subject.js";
import { capturedLine } from "../../messaging/capture.js";
import { manager } from "../../jetstream/manager.js";

export interface StreamExportOptions {
  subject?: string[];
  startSequence?: string;
  endSequence?: string;
  since?: string;
  startTime?: string;
  endTime?: string;
  progress: boolean;
  force?: boolean;
}

/** `stream export STREAM [FILE]`: the stream's messages as `sub --json` NDJSON, to a file or stdout. */
export function streamExportCommand(deps: Deps): Command {
  return new Command("export")
    .description("Write a stream's messages as NDJSON (what sub --json prints) to a file or stdout, no paging (natsx)")
    .argument("<stream>", "Stream name")
    .argument("[file]", "File to write (- or none: stdout); written under a temporary name and renamed when complete")
    .option("--subject <subject>", "Only messages on this subject, wildcards allowed (repeatable)", collect)
    .option("--start-sequence <seq>", "Start at this stream sequence")
    .option("--end-sequence <seq>", "Stop after this stream sequence")
    .option("--since <duration>", "Start with messages stored in the last DURATION, like 1h")
    .option("--start-time <time>", "Start with messages stored at or after this RFC 3339 time")
    .option("--end-time <time>", "Stop at messages stored after this RFC 3339 time")
    .option("--no-progress", "No progress bar on a terminal")
    .option("-f, --force", "Overwrite FILE if it exists")
    .addHelpText("after", `
Examples:
  nats stream export ORDERS orders.ndjson
  nats stream export ORDERS --subject 'orders.eu.>' --since 1h | jq -c 'select(.size > 100)'
  nats stream export ORDERS part.ndjson --start-sequence 1000 --end-sequence 1999
  nats stream import ARCHIVE orders.ndjson                       # or: nats pub --replay orders.ndjson`)
    .action(async (stream: string, file: string | undefined, o: StreamExportOptions, c: Command) => {
      const range = exportRange(deps, o);
      const target = file === undefined || file === "-" ? undefined : path.resolve(deps.cwd, file);
      if (target && !o.force && (await fs.stat(target).then(() => true, () => false))) {
        throw new CliError(`${file} already exists`, { exitCode: ExitCode.CONFLICT, hint: "pass -f to overwrite it, or choose another file" });
      }
      const r = await withConnection(deps, c, (nc, ctx) => streamExport(deps, nc, ctx, stream, target, o, range));
      if (r.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
    });
}

/** Where an export starts and stops, from the flags (one start at most). */
export interface ExportRange {
  start: { startSequence?: number; since?: number; startTime?: Date; all?: boolean };
  endSequence?: number;
  endTime?: number;
}

function parseTime(v: string, flag: string): Date {
  const ms = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\d/.test(v) || Number.isNaN(ms)) throw usageError(`invalid ${flag} "${v}": expected an RFC 3339 time like 2026-01-02T15:04:05Z`);
  return new Date(ms);
}

/** Checks the range flags before connecting. */
export function exportRange(deps: Deps, o: StreamExportOptions): ExportRange {
  const starts = [o.startSequence !== undefined && "--start-sequence", o.since !== undefined && "--since", o.startTime !== undefined && "--start-time"].filter(Boolean);
  if (starts.length > 1) throw usageError(`${starts.join(" and ")} cannot be used together`, "give one place to start");
  for (const s of o.subject ?? []) checkSubscribeSubject(s);
  const r: ExportRange = { start: { all: true } };
  if (o.startSequence !== undefined) r.start = { startSequence: parseIntFlag(o.startSequence, "--start-sequence", { min: 1 }) };
  if (o.since !== undefined) r.start = { since: parseDuration(o.since, "--since") };
  if (o.startTime !== undefined) r.start = { startTime: parseTime(o.startTime, "--start-time") };
  if (o.endSequence !== undefined) r.endSequence = parseIntFlag(o.endSequence, "--end-sequence", { min: 1 });
  if (o.endTime !== undefined) r.endTime = parseTime(o.endTime, "--end-time").getTime();
  if (r.endSequence !== undefined && r.start.startSequence !== undefined && r.endSequence < r.start.startSequence) throw usageError("--end-sequence is before --start-sequence");
  void deps;
  return r;
}

/**
 * Reads the stream through an ordered consumer to its end as it was when the export started (never paging) and
 * writes one line per message; a file is written under a temporary name next to it and renamed when complete,
 * so an interrupted export leaves no half file.
 */
export async function streamExport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string, file: string | undefined, o: StreamExportOptions, range: ExportRange): Promise<{ messages: number; interrupted: boolean }> {
  const { jsSubscribe } = await import("../../jetstream/subscribe.js");
  const jsm = await manager(nc, ctx);
  const info = await jsm.streams.info(stream).catch(() => undefined);
  const sub = await jsSubscribe(nc, ctx.js, o.subject ?? [], { stream, ...range.start, terminateAtEnd: true, signal: deps.signal, now: deps.now });
  const tmp = file ? path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`) : undefined;
  const fileOut = tmp ? createWriteStream(tmp, { mode: 0o600 }) : undefined;
  const out: NodeJS.WritableStream = fileOut ?? deps.io.out;
  const failed = new Promise<never>((_, reject) => { fileOut?.on("error", reject); });
  failed.catch(() => undefined);
  const progress = await createProgress(deps.io, { label: "Exporting", total: info?.state.messages ?? 0, enabled: o.progress !== false });
  let n = 0;
  let bytes = 0;
  let complete = false;
  try {
    for await (const m of sub.messages) {
      if (range.endSequence !== undefined && m.seq > range.endSequence) break;
      if (range.endTime !== undefined && m.time.getTime() > range.endTime) break;
      n++;
      bytes += m.data.length;
      const w = write(out, capturedLine(m, n));
      if (w) await Promise.race([w, failed]);
      progress.update(n);
    }
    complete = !deps.signal.aborted;
  } finally {
    await sub.stop().catch(() => undefined);
    progress.done();
    if (tmp) {
      await new Promise<void>((resolve) => fileOut!.end(() => resolve()));
      if (complete) {
        const fh = await fs.open(tmp, "r+");
        try { await fh.sync(); } finally { await fh.close(); }
        await fs.rename(tmp, file!);
      } else await fs.rm(tmp, { force: true });
    }
  }
  if (!complete) {
    log(deps.io, deps.now(), `Interrupted after ${commas(n)} messages${file ? `; ${file} was not written` : ""}`);
    return { messages: n, interrupted: true };
  }
  log(deps.io, deps.now(), `Exported ${commas(n)} message${n === 1 ? "" : "s"} (${humanBytes(bytes)}) from stream ${stream}${file ? ` to ${file}` : ""}`);
  return { messages: n, interrupted: false };
}
