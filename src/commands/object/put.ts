import { Command } from "commander";
import { open, stat, type FileHandle } from "node:fs/promises";
import * as path from "node:path";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { headers } from "../../nats-client.js";
import type { ObjectInfo, ObjectStoreMeta } from "@nats-io/obj";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { confirmDestructive } from "../../output/prompt.js";
import { createProgress, type ProgressBar } from "../../output/progress.js";
import { parseSize } from "../../util/size.js";
import { humanBytes } from "../../output/format.js";
import { ABORTED, nextOrAbort } from "../../util/stdin.js";
import { cleanObjectPath, objInfoJson, objInfoScreen, openObj, transferSummary } from "./shared.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { collect } from "../../util/flags.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectPutOptions { name?: string; description?: string; header?: string[]; chunkSize?: string; progress: boolean; force?: boolean; json?: boolean }

const READ_SIZE = 1 << 20;

/** `nats object put BUCKET [FILE]`. */
export function objectPutCommand(deps: Deps): Command {
  return new Command("put")
    .description("Puts a file into the store")
    .argument("<bucket>", "The bucket to act on")
    .argument("[file]", "The file to put; - or absent reads STDIN (needs --name)")
    .option("--name <name>", "Override the name supplied to the object store")
    .option("--description <text>", "Sets an optional description for the object")
    .option("-H, --header <key:value>", "Adds headers to the object (repeatable)", collect)
    .option("--chunk-size <bytes>", "Sets the chunk size (default 128KiB, at most the server's max_payload)")
    .option("--progress", "Show a progress bar on a terminal (default)", true)
    .option("--no-progress", "Do not show a progress bar")
    .option("-f, --force", "Replace an existing object without prompting")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats object put FILES image.jpg", "cat x.jpg | nats object put FILES --name image.jpg", "nats object put FILES report.pdf --description 'Q4 report' -f   # replace it"))
    .action(async (bucket: string, file: string | undefined, opts: ObjectPutOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectPut(deps, nc, ctx, bucket, file, opts));
    });
}

/** A web ReadableStream pulling from an async iterator, one chunk per pull: memory stays flat (backpressure end to end). */
function pullStream(it: AsyncIterator<Uint8Array>, progress: ProgressBar, signal: AbortSignal): ReadableStream<Uint8Array> {
  const interrupted = () => new CliError("interrupted: the object was not stored", { exitCode: ExitCode.INTERRUPTED });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Ctrl-C: failing the source makes the library purge the chunks already sent
      const r = await nextOrAbort(it, signal);
      if (r === ABORTED) throw interrupted();
      if (r.done) {
        controller.close();
        return;
      }
      progress.add(r.value.length);
      controller.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  }, { highWaterMark: 1 });
}

/** Reads a file in 1 MiB pieces (a fresh buffer each time: the library keeps references until it publishes). */
async function* fileChunks(fh: FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buf = Buffer.allocUnsafe(READ_SIZE);
    const { bytesRead } = await fh.read(buf, 0, READ_SIZE, null);
    if (bytesRead === 0) return;
    yield bytesRead === READ_SIZE ? buf : buf.subarray(0, bytesRead);
  }
}

async function* stdinChunks(input: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  for await (const c of input as AsyncIterable<Buffer | string>) yield typeof c === "string" ? Buffer.from(c) : c;
}

function parseHeaders(list: string[] | undefined): MsgHdrs | undefined {
  if (!list?.length) return undefined;
  const h = headers();
  for (const kv of list) {
    const m = /^([^:=]+)[:=](.*)$/.exec(kv);
    if (!m) throw usageError(`invalid header "${kv}": expected KEY:VALUE`);
    h.append(m[1]!.trim(), m[2]!.trim());
  }
  return h;
}

/** Streams a file (or stdin) into the bucket in chunks, never holding it whole; prints the stored object's info. */
export async function objectPut(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, file: string | undefined, opts: ObjectPutOptions): Promise<ObjectInfo> {
  const fromStdin = file === undefined || file === "-";
  if (fromStdin && !opts.name) throw usageError("--name is required when reading from stdin");
  if (fromStdin && deps.io.inIsTTY) throw usageError("no FILE given and stdin is a terminal", "pass a file name, or pipe the data on stdin with --name");
  // natscli: the path as given, cleaned (not its base name), so `get`/`info`/`rm` take the same argument
  const name = cleanObjectPath(opts.name ?? file!);
  const hdrs = parseHeaders(opts.header);
  const chunk = opts.chunkSize !== undefined ? parseSize(opts.chunkSize, "--chunk-size", { unlimited: false, min: 1 }) : undefined;
  let total = 0;
  let fh: FileHandle | undefined;
  if (!fromStdin) {
    const full = path.resolve(deps.cwd, file!);
    try {
      const st = await stat(full);
      if (!st.isFile()) throw usageError(`${file} is not a regular file`);
      total = st.size;
      fh = await open(full, "r");
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") throw new CliError(`file not found: ${file}`, { exitCode: ExitCode.USAGE });
      throw e;
    }
  }
  try {
    const { os } = await openObj(nc, ctx, bucket);
    const existing = await os.info(name);
    if (existing && !existing.deleted) {
      if (!(await confirmDestructive(deps.io, opts.force, `Replace existing file ${bucket} > ${name} (${humanBytes(existing.size)})?`, `replace existing object ${bucket} > ${name}`))) {
        log(deps.io, deps.now(), "Skipping put");
        return existing;
      }
    }
    const meta: ObjectStoreMeta = { name, ...(opts.description ? { description: opts.description } : {}), ...(hdrs ? { headers: hdrs } : {}), ...(chunk ? { options: { max_chunk_size: chunk } } : {}) };
    const progress = await createProgress(deps.io, { label: `Putting ${name}`, total, unit: "bytes", enabled: opts.progress && !opts.json });
    const started = deps.now();
    const src = fh ? fileChunks(fh) : stdinChunks(deps.io.in);
    let info: ObjectInfo;
    try {
      info = await os.put(meta, pullStream(src, progress, deps.signal));
    } finally {
      progress.done();
    }
    if (opts.json) printJson(deps.io, objInfoJson(info));
    else {
      log(deps.io, deps.now(), `Stored ${humanBytes(info.size)} in ${bucket} > ${name} ${transferSummary(info.size, deps.now() - started)}`);
      objInfoScreen(info).print(deps.io);
    }
    return info;
  } finally {
    await fh?.close();
  }
}
