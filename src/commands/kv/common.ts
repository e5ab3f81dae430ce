import { collect, fromNanos, isStreamNotFound, localTime, managerOptions, parseIntFlag, parseMetadata as parseJsMetadata, requireServer, serverIsAtLeast as serverAtLeast, toNanos } from "../../jetstream/util.js";
import { Option, type Command } from "commander";
import { jetstream, jetstreamManager, DiscardPolicy, RetentionPolicy, StorageType, StoreCompression, type JetStreamManager, type StreamConfig, type StreamInfo, type StreamSource } from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import type { Io } from "../../output/io.js";
import { humanDuration, parseDuration } from "../../util/duration.js";
import { commas, humanBytes, parseSize } from "../../util/size.js";
import { readAll } from "../../util/stdin.js";

/** Names a character for an error message: `"."`, `a space`, `"\u0000"`. */
export function describeChar(c: string): string {
  if (c === " ") return "a space";
  if (c === "\t") return "a tab";
  return JSON.stringify(c);
}

/** Validates a KV or object store bucket name (letters, digits, `-`, `_`), naming the first bad character. */
export function checkBucketName(name: string, what = "bucket"): void {
  if (!name) throw usageError(`${what} name cannot be empty`);
  const bad = [...name].find((c) => !/^[-\w]$/.test(c));
  if (bad !== undefined) {
    throw usageError(`invalid ${what} name "${name}": ${describeChar(bad)} is not allowed`, `${what} names may contain only letters, digits, - and _`);
  }
}

/** Validates a key (letters, digits, `-/_=.`; no leading, trailing or double dots); wildcards only when `pattern`. */
export function checkKey(key: string, pattern = false): void {
  if (!key) throw usageError("key cannot be empty");
  const allowed = pattern ? /^[-/=.\w*>]$/ : /^[-/=.\w]$/;
  const bad = [...key].find((c) => !allowed.test(c));
  const hint = pattern ? "keys may contain letters, digits and - / _ = . (and * or > as whole tokens in a filter)" : "keys may contain only letters, digits and - / _ = .";
  if (bad !== undefined) throw usageError(`invalid key "${key}": ${describeChar(bad)} is not allowed${!pattern && (bad === "*" || bad === ">") ? " (wildcards only work in filters)" : ""}`, hint);
  if (key.startsWith(".") || key.endsWith(".")) throw usageError(`invalid key "${key}": it may not start or end with "."`, hint);
  if (key.includes("..")) throw usageError(`invalid key "${key}": ".." (an empty token) is not allowed`, hint);
  if (pattern) {
    const toks = key.split(".");
    toks.forEach((t, i) => {
      if ((t.includes("*") || t.includes(">")) && t.length > 1) throw usageError(`invalid key filter "${key}": wildcards must be whole tokens ("${t}")`, hint);
      if (t === ">" && i !== toks.length - 1) throw usageError(`invalid key filter "${key}": ">" must be the last token`, hint);
    });
  }
}

/** The "bucket not found" error every kv/object verb gives (exit 7). */
export function bucketNotFound(bucket: string, kind: "Key-Value" | "Object Store"): CliError {
  return new CliError(`${kind} bucket "${bucket}" not found`, { exitCode: ExitCode.NOT_FOUND, hint: `list buckets with \`nats ${kind === "Key-Value" ? "kv" : "object"} ls\`` });
}

/** Lives in jetstream/util (`server check kv` uses it without loading KV); re-exported for the kv and object verbs. */
export { isStreamNotFound } from "../../jetstream/util.js";

/** Server version checks: one implementation, shared with the stream and consumer commands. */
export { requireServer, serverIsAtLeast as serverAtLeast, serverVersion } from "../../jetstream/util.js";

export interface OpenedKv { kv: KV; si: StreamInfo; jsm: JetStreamManager }

/**
 * Opens a bucket and proves it exists: kvm.open() does no I/O and a missing bucket would later
 * surface as a misleading "JetStream not enabled" (natsjs.md §5.1), so we read the stream info first.
 */
export async function openKv(nc: NatsConnection, ctx: ConnCtx, bucket: string): Promise<OpenedKv> {
  checkBucketName(bucket);
  const jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  let si: StreamInfo;
  try {
    si = await jsm.streams.info(`KV_${bucket}`);
  } catch (e) {
    if (isStreamNotFound(e)) throw bucketNotFound(bucket, "Key-Value");
    throw e;
  }
  const kv = await new Kvm(jetstream(nc, managerOptions(ctx.js))).open(bucket, { allow_direct: si.config.allow_direct ?? false });
  // bind() only knows the name: teach it about mirrors so writes go to the origin bucket.
  const impl = kv as unknown as { initializePrefixes?: (i: StreamInfo) => void; prefix: string; editPrefix: string; _prefixLen: number };
  impl.initializePrefixes?.(si);
  const m = si.config.mirror;
  if (m && !m.external?.api) {
    // a local mirror stores the origin's subjects ($KV.<origin>.<key>); the client keeps looking
    // for $KV.<mirror>.<key> (reads find nothing, writes reach no stream), so point both at the origin
    const origin = `$KV.${m.name.replace(/^KV_/, "")}`;
    impl.prefix = origin;
    impl.editPrefix = origin;
    impl._prefixLen = 0;
  }
  return { kv, si, jsm };
}

/**
 * The value for put/create/update: the argument when one was given (even ""), else stdin when it is
 * not a terminal. Never reads stdin when a value was given (natscli #482 hung on "").
 */
export async function valueFrom(io: Io, arg: string | undefined): Promise<Uint8Array> {
  if (arg !== undefined) return Buffer.from(arg, "utf8");
  if (io.inIsTTY) throw usageError("no VALUE given", "pass the value as an argument, or pipe it on stdin");
  return readAll(io.in);
}

/** true when bytes are valid UTF-8 without control characters other than tab, CR and LF. */
export function isPrintable(b: Uint8Array): boolean {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
}

/** A value as text: itself when printable, else base64 (natscli prints binary values as base64). */
export function valueText(b: Uint8Array): string {
  return isPrintable(b) ? Buffer.from(b).toString("utf8") : Buffer.from(b).toString("base64");
}

/** Our JSON shape for a KV entry: value as UTF-8 text when it is text, always as base64 too (none for DEL/PURGE). */
export function entryJson(e: KvEntry): Record<string, unknown> {
  const base = { bucket: e.bucket, key: e.key, revision: e.revision, operation: e.operation, created: e.created.toISOString(), length: e.length };
  // delete and purge markers carry no value
  if (e.operation !== "PUT") return base;
  return {
    ...base,
    ...(isPrintable(e.value) ? { value: Buffer.from(e.value).toString("utf8") } : {}),
    value_base64: Buffer.from(e.value).toString("base64"),
  };
}

/** Adds natscli's bucket create/edit flags (kv_command.go). No defaults, so edit can tell what was set. */
export function addBucketOptions(cmd: Command, mode: "add" | "edit"): Command {
  cmd
    .option("--description <text>", "A description for the bucket")
    .option("--history <n>", "How many historic values to keep per key (1..64)")
    .option("--ttl <duration>", "How long to keep values for (e.g. 1h, 1d; 0 = forever)")
    .option("--marker-ttl <duration>", "Enables per-key TTLs and delete markers with this TTL (nats-server 2.11+)")
    .option("--replicas <n>", "How many replicas of the data to store")
    .option("--max-value-size <bytes>", "Maximum size of any value (e.g. 1KB, 1MB)")
    .option("--max-bucket-size <bytes>", "Maximum size of the bucket (e.g. 1GB)")
    .option("--tags <tag>", "Place the bucket on servers that have specific tags (repeatable)", collect)
    .option("--cluster <name>", "Place the bucket on a specific cluster")
    .option("--compress", "Compress the bucket data (s2, nats-server 2.10+)")
    .option("--no-compress", "Do not compress the bucket data")
    .option("--metadata <key:value>", "Adds metadata to the bucket (repeatable, nats-server 2.10+)", collect)
    .option("--republish-source <subject>", "Republish messages to --republish-destination")
    .option("--republish-destination <subject>", "Republish destination for messages in --republish-source")
    .option("--republish-headers", "Republish only message headers, no bodies")
    .option("--source <bucket>", "Source from a different bucket (repeatable; nats-server 2.10+)", collect);
  if (mode === "add") {
    cmd
      .addOption(new Option("--storage <type>", "Storage backend to use").choices(["file", "f", "memory", "m"]))
      .option("--mirror <bucket>", "Creates a mirror of a different bucket")
      .option("--mirror-domain <domain>", "When mirroring find the bucket in a different domain");
  }
  return cmd;
}

/** Parsed bucket flags (strings as commander gives them). */
export interface BucketFlags {
  description?: string;
  history?: string;
  ttl?: string;
  markerTtl?: string;
  replicas?: string;
  maxValueSize?: string;
  maxBucketSize?: string;
  tags?: string[];
  cluster?: string;
  compress?: boolean;
  metadata?: string[];
  republishSource?: string;
  republishDestination?: string;
  republishHeaders?: boolean;
  source?: string[];
  storage?: string;
  mirror?: string;
  mirrorDomain?: string;
}

/** Parses `K:V` (or `K=V`) metadata flags. */
export function parseMetadata(list: string[]): Record<string, string> {
  return parseJsMetadata(list) ?? {};
}

/**
 * Applies explicitly given bucket flags onto a KV stream config, gating options the connected server
 * cannot honour (2.9 silently drops some fields, natsjs.md §4.1).
 */
export function applyBucketFlags(nc: NatsConnection, bucket: string, cfg: Partial<StreamConfig>, f: BucketFlags): void {
  if (f.description !== undefined) cfg.description = f.description;
  if (f.history !== undefined) cfg.max_msgs_per_subject = parseIntFlag(f.history, "--history", { min: 1, max: 64 });
  if (f.ttl !== undefined) {
    const ms = parseDuration(f.ttl, "--ttl");
    if (ms < 0) throw usageError(`invalid --ttl "${f.ttl}": must not be negative`);
    cfg.max_age = toNanos(ms);
    // natscli/nats.go: the duplicate window may not exceed the max age
    cfg.duplicate_window = toNanos(ms > 0 && ms < 120_000 ? ms : 120_000);
  }
  if (f.markerTtl !== undefined) {
    requireServer(nc, "2.11.0", "--marker-ttl (per-key TTLs)");
    const ms = parseDuration(f.markerTtl, "--marker-ttl");
    (cfg as Record<string, unknown>).allow_msg_ttl = true;
    (cfg as Record<string, unknown>).subject_delete_marker_ttl = toNanos(ms);
  }
  if (f.replicas !== undefined) cfg.num_replicas = parseIntFlag(f.replicas, "--replicas", { min: 1, max: 5 });
  if (f.maxValueSize !== undefined) {
    cfg.max_msg_size = parseSize(f.maxValueSize, "--max-value-size", { max: 2 ** 31 - 1 });
  }
  if (f.maxBucketSize !== undefined) cfg.max_bytes = parseSize(f.maxBucketSize, "--max-bucket-size");
  if (f.tags !== undefined || f.cluster !== undefined) {
    cfg.placement = { cluster: f.cluster ?? cfg.placement?.cluster ?? "", tags: f.tags ?? cfg.placement?.tags ?? [] };
  }
  if (f.compress !== undefined) {
    if (f.compress) requireServer(nc, "2.10.0", "--compress");
    if (f.compress || serverAtLeast(nc, "2.10.0")) cfg.compression = f.compress ? StoreCompression.S2 : StoreCompression.None;
  }
  if (f.metadata !== undefined) {
    requireServer(nc, "2.10.0", "--metadata");
    cfg.metadata = { ...(cfg.metadata ?? {}), ...parseMetadata(f.metadata) };
  }
  if (f.republishDestination !== undefined) {
    cfg.republish = { src: f.republishSource || `$KV.${bucket}.>`, dest: f.republishDestination, headers_only: Boolean(f.republishHeaders) };
  } else if (f.republishSource !== undefined) {
    throw usageError("--republish-source needs --republish-destination");
  }
  if (f.source !== undefined) {
    // sourcing another bucket rewrites its subjects into ours: subject transforms need 2.10
    requireServer(nc, "2.10.0", "--source");
    const sources: StreamSource[] = f.source.map((s) => {
      checkBucketName(s, "source bucket");
      return { name: `KV_${s}`, subject_transforms: [{ src: `$KV.${s}.>`, dest: `$KV.${bucket}.>` }] } as StreamSource;
    });
    // unlike natscli's edit, --source replaces the list (natscli.md §16 quirk)
    cfg.sources = sources;
  }
}

/** The stream config natscli/nats.go creates for a new bucket, with the given flags applied. */
export function newBucketConfig(nc: NatsConnection, bucket: string, f: BucketFlags): Partial<StreamConfig> & { name: string } {
  const cfg: Partial<StreamConfig> & { name: string } = {
    name: `KV_${bucket}`,
    subjects: [`$KV.${bucket}.>`],
    retention: RetentionPolicy.Limits,
    max_msgs_per_subject: 1,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    max_msg_size: -1,
    max_consumers: -1,
    storage: f.storage === "memory" || f.storage === "m" ? StorageType.Memory : StorageType.File,
    discard: DiscardPolicy.New,
    num_replicas: 1,
    duplicate_window: toNanos(120_000),
    allow_rollup_hdrs: true,
    deny_delete: true,
    allow_direct: true,
  };
  applyBucketFlags(nc, bucket, cfg, f);
  if (f.mirror !== undefined) {
    checkBucketName(f.mirror, "mirror bucket");
    if (f.source?.length) throw usageError("--mirror and --source cannot be combined");
    delete cfg.subjects;
    cfg.mirror = { name: `KV_${f.mirror}`, ...(f.mirrorDomain ? { external: { api: `$JS.${f.mirrorDomain}.API`, deliver: "" } } : {}) } as StreamSource;
    cfg.mirror_direct = true;
  }
  return cfg;
}

/** Our JSON for a bucket's status: summary fields plus the raw stream info. */
export function kvStatusJson(si: StreamInfo): Record<string, unknown> {
  const c = si.config;
  return {
    bucket: c.name.replace(/^KV_/, ""),
    description: c.description ?? "",
    values: si.state.messages,
    history: c.max_msgs_per_subject,
    ttl: c.max_age,
    storage: c.storage,
    replicas: c.num_replicas,
    size: si.state.bytes,
    max_bucket_size: c.max_bytes,
    max_value_size: c.max_msg_size,
    compressed: Boolean(c.compression && c.compression !== StoreCompression.None),
    backing_store: "JetStream",
    stream_info: si,
  };
}

/** natscli's KV status screen (kv_command.go showStatus). */
export function kvStatusScreen(si: StreamInfo): Columns {
  const c = si.config;
  const bucket = c.name.replace(/^KV_/, "");
  const col = new Columns(`Information for Key-Value Store Bucket ${bucket} created ${localTime(si.created)}`);
  const markerTtl = (c as { subject_delete_marker_ttl?: number }).subject_delete_marker_ttl;
  col.title("Configuration");
  col.row("Bucket Name", bucket);
  col.row("History Kept", commas(c.max_msgs_per_subject));
  col.row("Values Stored", commas(si.state.messages));
  col.row("Compressed", Boolean(c.compression && c.compression !== StoreCompression.None));
  col.row("Per-Key TTL Supported", Boolean((c as { allow_msg_ttl?: boolean }).allow_msg_ttl));
  if (markerTtl) col.row("Limit Marker TTL", humanDuration(fromNanos(markerTtl)));
  col.row("Backing Store Kind", "JetStream");
  if (c.description) col.row("Description", c.description);
  col.row("Bucket Size", humanBytes(si.state.bytes));
  col.row("Maximum Bucket Size", c.max_bytes > 0 ? humanBytes(c.max_bytes) : "unlimited");
  col.row("Maximum Value Size", c.max_msg_size > 0 ? humanBytes(c.max_msg_size) : "unlimited");
  col.row("Maximum Age", c.max_age > 0 ? humanDuration(fromNanos(c.max_age)) : "unlimited");
  col.row("JetStream Stream", c.name);
  col.row("Storage", c.storage === StorageType.Memory ? "Memory" : "File");
  if (c.placement?.cluster) col.row("Placement Cluster", c.placement.cluster);
  if (c.placement?.tags?.length) col.row("Placement Tags", c.placement.tags);
  if (c.republish?.dest) {
    col.row("Republishing", `${c.republish.src} to ${c.republish.dest}`);
    if (c.republish.headers_only) col.row("Headers Only", true);
  }
  if (c.mirror) {
    col.title("Mirror Information");
    col.row("Origin Bucket", c.mirror.name.replace(/^KV_/, ""));
    if (c.mirror.external?.api) col.row("External API", c.mirror.external.api);
    if (si.mirror) {
      col.row("Last Seen", humanDuration(fromNanos(si.mirror.active)));
      col.row("Lag", commas(si.mirror.lag));
    }
  }
  if (c.sources?.length) {
    col.title("Sources Information");
    for (const s of c.sources) {
      const st = si.sources?.find((x) => x.name === s.name);
      col.row("Source Bucket", s.name.replace(/^KV_/, ""));
      if (st) { col.row("Last Seen", humanDuration(fromNanos(st.active))); col.row("Lag", commas(st.lag)); }
    }
  }
  const md = Object.entries(c.metadata ?? {}).filter(([k]) => !k.startsWith("_nats"));
  if (md.length) {
    col.title("Metadata");
    for (const [k, v] of md) col.row(k, v);
  }
  if (si.cluster) {
    col.title("Cluster Information");
    col.row("Name", si.cluster.name ?? "");
    col.row("Leader", si.cluster.leader ?? "");
    for (const r of si.cluster.replicas ?? []) col.row("Replica", `${r.name}, ${r.current ? "current" : "outdated"}, seen ${humanDuration(fromNanos(r.active))} ago`);
  }
  return col;
}

/** Explains a failed compare-and-set on a key with the latest revision, exit 8. */
export async function casConflict(kv: KV, bucket: string, key: string, expected: number | undefined, err: unknown): Promise<never> {
  const code = (err as { code?: unknown })?.code;
  if (code !== 10071 && code !== 10164) throw err;
  let latest: KvEntry | null = null;
  try { latest = await kv.get(key); } catch { /* best effort */ }
  const live = latest && latest.operation === "PUT";
  if (expected === undefined || expected === 0) {
    throw new CliError(`key "${key}" already exists in bucket "${bucket}"${live ? ` at revision ${latest!.revision}` : ""}`, { exitCode: ExitCode.CONFLICT, hint: "use `nats kv put` to overwrite, or `nats kv update` with its revision" });
  }
  throw new CliError(`revision ${expected} is not the latest revision of "${bucket} > ${key}"${latest ? ` (latest is ${latest.revision}${live ? "" : `, a ${latest.operation}`})` : " (the key does not exist)"}`, { exitCode: ExitCode.CONFLICT, hint: "someone else changed the key: read it again and retry with the current revision" });
}
