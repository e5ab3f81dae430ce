import { Command } from "commander";
import { createHash, randomBytes } from "node:crypto";
import { open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import * as path from "node:path";
import type { ObjectInfo } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { log, write } from "../../output/io.js";
import { createProgress } from "../../output/progress.js";
import { humanBytes } from "../../output/format.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { findObject, openObj, transferSummary } from "./shared.js";
import { canPrompt, confirm } from "../../output/prompt.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectGetOptions { output?: string; force?: boolean; progress: boolean }

/** `nats object get BUCKET NAME`: NAME as `put` stored it (for `put B ~/x.mov`, `get B ~/x.mov`). */
export function objectGetCommand(deps: Deps): Command {
  return new Command("get")
    .description("Retrieves a file from the store")
    .argument("<bucket>", "The bucket to act on")
    .argument("<name>", "The file to retrieve")
    .option("-O, --output <file>", "Where to write the file (- for stdout, a directory for the object's base name in it); default: the object's base name in the current directory")
    .option("-f, --force", "Overwrite an existing output file")
    .option("--progress", "Show a progress bar on a terminal (default)", true)
    .option("--no-progress", "Do not show a progress bar")
    .addHelpText("after", examplesText("nats object get FILES image.jpg", "nats object get FILES image.jpg -O out.jpg", "nats object get FILES report.pdf -O - | less"))
    .action(async (bucket: string, name: string, opts: ObjectGetOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectGet(deps, nc, ctx, bucket, name, opts));
    });
}

/** SHA-256 digests are stored as `SHA-256=<base64url, padded>`; compare as bytes. */
function digestMatches(expected: string, actual: Buffer): boolean {
  if (!expected.startsWith("SHA-256=")) return false;
  const want = Buffer.from(expected.slice(8).replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return want.length === actual.length && want.equals(actual);
}

/** Where the object goes: a file opened as a temp file beside it (renamed on success), or stdout. */
interface Sink { write(b: Uint8Array): Promise<void>; commit(): Promise<void>; abort(): Promise<void>; label: string }

/**
 * A failure to write the output, naming the path the user gave (or the default one), never the temp
 * file beside it: a missing or wrong directory is a usage error (2), a refusal by the system exit 1.
 */
function outputError(e: unknown, shown: string): CliError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(shown);
  switch (code) {
    case "ENOENT":
      return new CliError(`cannot write ${shown}: directory ${dir} does not exist`, { exitCode: ExitCode.USAGE, hint: "create it first, or choose another path with -O" });
    case "ENOTDIR":
      return new CliError(`cannot write ${shown}: a part of ${dir} is not a directory`, { exitCode: ExitCode.USAGE, hint: "choose another path with -O" });
    case "EACCES":
    case "EPERM":
      return new CliError(`cannot write ${shown}: permission denied`, { hint: "choose a path you can write with -O, or -O - for stdout" });
    case "EROFS":
      return new CliError(`cannot write ${shown}: read-only file system`, { hint: "choose another path with -O" });
    case "ENOSPC":
    case "EDQUOT":
      return new CliError(`cannot write ${shown}: no space left on the device`, { hint: "free some space, or choose another path with -O" });
    default:
      return new CliError(`cannot write ${shown}: ${code ?? (e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Where `get` writes: `-O` as given, inside it when it is a directory, or the object's base name in
 * the current directory (natscli). An existing file is replaced with -f, after a yes on a terminal,
 * else refused (exit 8). undefined: the user said no.
 */
async function fileSink(deps: Deps, output: string | undefined, objectName: string, force: boolean | undefined): Promise<Sink | undefined> {
  const base = path.basename(objectName);
  let shown = output ?? base;
  let target = path.resolve(deps.cwd, shown);
  const st = await stat(target).catch(() => undefined);
  if (st?.isDirectory()) {
    shown = path.join(shown, base);
    target = path.join(target, base);
  }
  const exists = st?.isDirectory() ? await stat(target).then(() => true, () => false) : Boolean(st);
  if (exists && !force) {
    if (!canPrompt(deps.io)) throw new CliError(`${shown} already exists`, { exitCode: ExitCode.CONFLICT, hint: "pass -f to overwrite it, or choose another file with -O" });
    if (!(await confirm(deps.io, `Replace existing target file ${target}?`))) return undefined;
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  let fh: FileHandle;
  try {
    fh = await open(tmp, "wx", 0o644);
  } catch (e) {
    throw outputError(e, shown);
  }
  let closed = false;
  return {
    label: target,
    async write(b) {
      let off = 0;
      try {
        while (off < b.length) off += (await fh.write(b, off, b.length - off)).bytesWritten;
      } catch (e) {
        throw outputError(e, shown);
      }
    },
    async commit() {
      try {
        await fh.sync();
        await fh.close();
        closed = true;
        await rename(tmp, target);
      } catch (e) {
        throw outputError(e, shown);
      }
    },
    async abort() {
      if (!closed) await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}

function stdoutSink(deps: Deps): Sink {
  return {
    label: "stdout",
    write: async (b) => { await write(deps.io.out, b); },
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/**
 * Streams an object's chunks to a file or stdout with flat memory and verifies its SHA-256 before
 * committing. The library's get() enqueues chunks ignoring backpressure (natsjs.md §5.2), so we read
 * the chunk subject with an ordered consumer in bounded fetches (a string filter: arrays need 2.10) and await every write.
 */
export async function objectGet(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, name: string, opts: ObjectGetOptions): Promise<ObjectInfo> {
  const { os, js, si } = await openObj(nc, ctx, bucket);
  const info = await findObject(os, bucket, name);
  if (info.options?.link) throw new CliError(`object "${name}" is a link to ${info.options.link.bucket}${info.options.link.name ? ` > ${info.options.link.name}` : ""}: get that object instead`);
  // a file unless -O - asks for stdout, as natscli: binary never lands in a pipe (or terminal) by default
  const toStdout = opts.output === "-";
  const sink = toStdout ? stdoutSink(deps) : await fileSink(deps, opts.output, info.name, opts.force);
  if (!sink) {
    log(deps.io, deps.now(), "Skipping get");
    return info;
  }
  const progress = await createProgress(deps.io, { label: `Getting ${name}`, total: info.size, unit: "bytes", enabled: opts.progress });
  const started = deps.now();
  const hash = createHash("sha256");
  let size = 0;
  try {
    if (info.chunks > 0) {
      const consumer = await js.consumers.get(si.config.name, { filter_subjects: `$O.${info.bucket}.C.${info.nuid}` });
      let received = 0;
      let idle = 0;
      while (received < info.chunks) {
        // bounded batches: at most 16 chunks (2 MiB with the default chunk size) in flight
        const batch = await consumer.fetch({ max_messages: Math.min(16, info.chunks - received), expires: 5000 });
        let got = 0;
        for await (const m of batch) {
          // Ctrl-C: stop cleanly so the temp file is removed (a second Ctrl-C exits at once, cli.ts)
          if (deps.signal.aborted) throw new CliError(`interrupted: ${bucket} > ${name} was not written`, { exitCode: ExitCode.INTERRUPTED });
          got++;
          received++;
          hash.update(m.data);
          size += m.data.length;
          progress.add(m.data.length);
          await sink.write(m.data);
        }
        idle = got === 0 ? idle + 1 : 0;
        if (idle >= 3) throw new CliError(`timed out receiving ${bucket} > ${name}: got ${received} of ${info.chunks} chunks`, { exitCode: ExitCode.TIMEOUT });
      }
    }
    const digest = hash.digest();
    if (size !== info.size || !digestMatches(info.digest, digest)) {
      throw new CliError(`received a corrupt object ${bucket} > ${name}: ${size !== info.size ? `got ${size} bytes, expected ${info.size}` : `SHA-256 ${digest.toString("hex")} does not match ${info.digest}`}`, { hint: toStdout ? "the data already written to stdout is not valid" : "nothing was written" });
    }
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    progress.done();
  }
  log(deps.io, deps.now(), `Wrote: ${humanBytes(size)} to ${sink.label} ${transferSummary(size, deps.now() - started)}`);
  return info;
}
