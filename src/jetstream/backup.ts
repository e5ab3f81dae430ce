import { createReadStream, createWriteStream } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { NatsConnection } from "@nats-io/transport-node";
import { headers as mkHeaders } from "../nats-client.js";
import { jetstream, jetstreamManager, type ConsumerConfig, type JetStreamManager, type StreamConfig, type StreamInfo } from "@nats-io/jetstream";
import type { JsOptions } from "../context/plan.js";
import { CliError, ExitCode, usageError } from "../errors.js";
import { jsSubscribe } from "./subscribe.js";
import { dropServerMetadata } from "./metadata.js";
import { cleanJs, managerOptions } from "./manager.js";
import { serverIsAtLeast } from "./version.js";
import type { AnyStreamConfig } from "./stream-config.js";

/**
 * On-disk backup format (natsx's own, documented in README "JetStream: streams and consumers"):
 * DIR/backup.json is the manifest below; DIR/messages.ndjson holds one message per line as
 * {"seq","subject","time","hdrs"?: {K: [v…]},"data": base64}, in stream order.
 * The directory is written under a temporary sibling name and renamed into place when complete.
 */
export interface BackupManifest {
  format: "natsx-stream-backup";
  version: 1;
  created: string;
  server_version?: string;
  config: AnyStreamConfig;
  state: { messages: number; bytes: number; first_seq: number; last_seq: number; num_deleted?: number };
  messages_file: "messages.ndjson";
  messages: number;
  consumers: Partial<ConsumerConfig>[];
}

/** One stored message in messages.ndjson. */
export interface BackupMessage {
  seq: number;
  subject: string;
  time: string;
  hdrs?: Record<string, string[]>;
  data: string;
}

/** Progress callback: done so far, total expected. */
export type Progress = (done: number, total: number) => void;

/**
 * Backs up the stream `si` describes into DIR (which must not exist or be empty), with the caller's
 * manager and the info it already fetched (the state is what the backup reads up to). Returns the manifest written.
 */
export async function backupStream(nc: NatsConnection, jsOpts: JsOptions, jsm: JetStreamManager, si: StreamInfo, dir: string, opts: { consumers?: boolean; progress?: Progress; signal?: AbortSignal } = {}): Promise<BackupManifest> {
  const stream = si.config.name;
  await ensureEmptyTarget(dir);
  const parent = path.dirname(path.resolve(dir));
  await fs.mkdir(parent, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(parent, `.${path.basename(dir)}.partial-`));
  try {
    const total = si.state.messages;
    const file = path.join(tmp, "messages.ndjson");
    const out = createWriteStream(file, { mode: 0o600 });
    let count = 0;
    let lastSeq = 0;
    if (total > 0) {
      const sub = await jsSubscribe(nc, jsOpts, [], { stream, all: true, terminateAtEnd: true, signal: opts.signal });
      for await (const m of sub.messages) {
        const rec: BackupMessage = { seq: m.seq, subject: m.subject, time: m.time.toISOString(), data: Buffer.from(m.data).toString("base64") };
        const nanos = m.msg.info.timestampNanos;
        if (nanos) rec.time = nanosToIso(nanos);
        const keys = m.headers?.keys() ?? [];
        if (keys.length) rec.hdrs = Object.fromEntries(keys.map((k) => [k, m.headers!.values(k)]));
        if (!out.write(`${JSON.stringify(rec)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
        count++;
        lastSeq = m.seq;
        if (count % 250 === 0) opts.progress?.(count, total);
        if (lastSeq >= si.state.last_seq) { await sub.stop(); break; }
      }
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await fsyncFile(file);
    if (opts.signal?.aborted) throw new CliError("backup interrupted, nothing was written", { exitCode: ExitCode.INTERRUPTED });
    opts.progress?.(count, total);
    const consumers: Partial<ConsumerConfig>[] = [];
    if (opts.consumers !== false) {
      for await (const ci of jsm.consumers.list(stream)) if (ci.config.durable_name) consumers.push(ci.config);
    }
    const manifest: BackupManifest = {
      format: "natsx-stream-backup",
      version: 1,
      created: new Date().toISOString(),
      server_version: nc.info?.version,
      config: si.config as AnyStreamConfig,
      state: { messages: si.state.messages, bytes: si.state.bytes, first_seq: si.state.first_seq, last_seq: si.state.last_seq, num_deleted: si.state.num_deleted },
      messages_file: "messages.ndjson",
      messages: count,
      consumers,
    };
    const mf = path.join(tmp, "backup.json");
    await fs.writeFile(mf, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await fsyncFile(mf);
    await fs.rm(dir, { recursive: true, force: true }); // only an empty directory can be here
    await fs.rename(tmp, dir);
    return manifest;
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

function nanosToIso(n: number): string {
  const ms = Math.floor(n / 1e6);
  const frac = String(Math.round(n % 1e9)).padStart(9, "0");
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${frac}Z`);
}

async function fsyncFile(file: string): Promise<void> {
  const fh = await fs.open(file, "r+");
  try { await fh.sync(); } finally { await fh.close(); }
}

async function ensureEmptyTarget(dir: string): Promise<void> {
  try {
    const entries = await fs.readdir(dir);
    if (entries.length) throw new CliError(`backup directory ${dir} already exists and is not empty`, { exitCode: ExitCode.CONFLICT, hint: "choose a new directory" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    if ((e as NodeJS.ErrnoException).code === "ENOTDIR") throw new CliError(`${dir} exists and is not a directory`, { exitCode: ExitCode.CONFLICT });
    throw e;
  }
}

/** Reads and checks DIR/backup.json. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, "backup.json"), "utf8");
  } catch {
    throw usageError(`${dir} is not a stream backup: no backup.json`, "pass a directory written by `nats stream backup`");
  }
  const m = JSON.parse(text) as BackupManifest;
  if (m.format !== "natsx-stream-backup" || m.version !== 1) throw usageError(`${dir}/backup.json is not a natsx stream backup (format ${String(m.format)} version ${String(m.version)})`);
  return m;
}

/** Overrides for `stream restore` and where its progress and warnings go. */
export interface RestoreOptions {
  /** Overrides for the stored config (name must stay the same). */
  config?: AnyStreamConfig;
  replicas?: number;
  cluster?: string;
  tags?: string[];
  progress?: Progress;
  warn?: (msg: string) => void;
}

const PLACEHOLDER_HDR = "Natsx-Restore-Placeholder";

/**
 * Restores a backup into a new stream with the same name, config, messages, subjects, headers and
 * sequence numbers (deleted ranges are recreated by publishing placeholders and deleting them).
 * Server-assigned timestamps cannot be set by a client: restored messages carry the restore time.
 */
export async function restoreStream(nc: NatsConnection, jsOpts: JsOptions, dir: string, o: RestoreOptions = {}): Promise<StreamInfo> {
  const man = await readManifest(dir);
  const final: AnyStreamConfig = { ...man.config, ...(o.config ?? {}) };
  if (o.config?.name && o.config.name !== man.config.name) throw usageError("stream names may not be changed during restore");
  if (o.replicas) final.num_replicas = o.replicas;
  if (o.cluster || o.tags?.length) final.placement = { ...(final.placement ?? {}), ...(o.cluster ? { cluster: o.cluster } : {}), ...(o.tags?.length ? { tags: o.tags } : {}) } as StreamConfig["placement"];
  if (final.mirror) throw new CliError(`stream ${final.name} is a mirror: restoring mirrors is not supported, re-create it with --mirror`, { exitCode: ExitCode.FAILURE });
  const name = final.name!;
  const jsm = await jetstreamManager(nc, managerOptions(jsOpts));
  const exists = await jsm.streams.info(name).then(() => true, (e: Error) => { if (e.name === "StreamNotFoundError") return false; throw e; });
  if (exists) throw new CliError(`Stream "${name}" already exist`, { exitCode: ExitCode.CONFLICT, hint: "remove it first or restore elsewhere" });
  dropServerMetadata(final);
  // Create without the settings that would block restoring, apply them at the end.
  const create: AnyStreamConfig = { ...final, sealed: false, deny_delete: false, deny_purge: false };
  if (create.sources?.length) {
    o.warn?.(`stream sources of ${name} were not restored: sourcing again would duplicate data`);
    delete create.sources;
    delete final.sources;
  }
  const useFirstSeq = man.state.first_seq > 1 && serverIsAtLeast(nc, "2.10.0");
  if (useFirstSeq) create.first_seq = man.state.first_seq;
  else delete create.first_seq;
  await jsm.streams.add(create as StreamConfig);
  const js = jetstream(nc, cleanJs(jsOpts));
  let next = useFirstSeq ? man.state.first_seq : 1;
  const placeholders: number[] = [];
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  const WINDOW = 512;
  let done = 0;
  const send = async (subject: string, data: Uint8Array, hdrs: ReturnType<typeof mkHeaders> | undefined, expectSeq: number) => {
    const p = js.publish(subject, data, { headers: hdrs, timeout: jsOpts.timeout }).then((pa) => {
      if (pa.seq !== expectSeq || pa.duplicate) failure ??= new CliError(`restore out of step: expected sequence ${expectSeq}, the server stored ${pa.seq}${pa.duplicate ? " (duplicate Nats-Msg-Id)" : ""}`);
    }, (e) => { failure ??= e; });
    const t = p.finally(() => inflight.delete(t));
    inflight.add(t);
    if (inflight.size >= WINDOW) await Promise.race(inflight);
    if (failure) throw failure;
  };
  const fill = async (upTo: number, subject: string) => {
    while (next < upTo) {
      const h = mkHeaders();
      h.set(PLACEHOLDER_HDR, "1");
      placeholders.push(next);
      await send(subject, new Uint8Array(), h, next);
      next++;
    }
  };
  const file = path.join(dir, man.messages_file);
  let firstReal: number | undefined;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const m = JSON.parse(line) as BackupMessage;
    firstReal ??= m.seq;
    await fill(m.seq, m.subject);
    let h: ReturnType<typeof mkHeaders> | undefined;
    if (m.hdrs) {
      h = mkHeaders();
      for (const [k, vs] of Object.entries(m.hdrs)) for (const v of vs) h.append(k, v);
    }
    await send(m.subject, Buffer.from(m.data, "base64"), h, m.seq);
    next++;
    done++;
    if (done % 250 === 0) o.progress?.(done, man.messages);
  }
  // An empty stream that had messages once: recreate its last sequence too.
  if (firstReal === undefined && man.state.last_seq >= next) {
    const subj = (final.subjects ?? [])[0]?.replace(/\*/g, "x").replace(/>$/, "x");
    if (!subj) throw new CliError("cannot recreate the sequence of an empty stream without subjects");
    await fill(man.state.last_seq + 1, subj);
  }
  await Promise.all(inflight);
  if (failure) throw failure;
  o.progress?.(done, man.messages);
  // Placeholders before the first real message go with one purge; the others one by one.
  const lead = firstReal ?? man.state.last_seq + 1;
  const leading = placeholders.filter((s) => s < lead);
  if (leading.length) await jsm.streams.purge(name, { seq: lead } as never);
  const inner = placeholders.filter((s) => s >= lead);
  for (let i = 0; i < inner.length; i += 256) {
    await Promise.all(inner.slice(i, i + 256).map((s) => jsm.streams.deleteMessage(name, s, false)));
  }
  for (const cc of man.consumers ?? []) {
    try {
      await jsm.consumers.add(name, cc);
    } catch (e) {
      o.warn?.(`consumer ${cc.durable_name} was not restored: ${(e as Error).message}`);
    }
  }
  if (final.deny_delete || final.deny_purge || final.sealed) {
    const { name: _n, ...upd } = final;
    await jsm.streams.update(name, { ...upd, sealed: false } as Partial<StreamConfig>);
    if (final.sealed) await jsm.streams.update(name, { sealed: true } as Partial<StreamConfig>);
  }
  return jsm.streams.info(name);
}
