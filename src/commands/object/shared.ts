import { Option, type Command } from "commander";
import * as path from "node:path";
import { jetstream, jetstreamManager, DiscardPolicy, StorageType, StoreCompression, type JetStreamManager, type StreamConfig, type StreamInfo } from "@nats-io/jetstream";
import { Objm, setSha256Backend, type ObjectInfo, type ObjectStore } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../../context/connect.js";
import { Columns } from "../../output/columns.js";
import { parseDuration } from "../../util/duration.js";
import { humanDuration, commas, humanBytes, localTime } from "../../output/format.js";
import { parseSize } from "../../util/size.js";
import { CliError, ExitCode, notFound, usageError } from "../../errors.js";
import { isStreamNotFound, managerOptions } from "../../jetstream/manager.js";
import { requireServer } from "../../jetstream/version.js";
import { parseMetadata } from "../../jetstream/metadata.js";
import { bucketNotFound, checkBucketName } from "../../jetstream/buckets.js";
import { collect } from "../../util/flags.js";
import { fromNanos, toNanos } from "../../jetstream/wire.js";
import { parseIntFlag } from "../../util/flags.js";

// node:crypto instead of the pure-JS SHA-256: ~3x faster puts and gets (natsjs.md §5.2)
setSha256Backend("native");

export interface OpenedObj { os: ObjectStore; si: StreamInfo; jsm: JetStreamManager; js: ReturnType<typeof jetstream> }

/** Opens an object store bucket, failing with "bucket not found" (exit 7) naming it. */
export async function openObj(nc: NatsConnection, ctx: ConnCtx, bucket: string): Promise<OpenedObj> {
  checkBucketName(bucket);
  const jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  let si: StreamInfo;
  try {
    si = await jsm.streams.info(`OBJ_${bucket}`);
  } catch (e) {
    if (isStreamNotFound(e)) throw bucketNotFound(bucket, "Object Store");
    throw e;
  }
  const js = jetstream(nc, managerOptions(ctx.js));
  const os = await new Objm(js).open(bucket, false);
  return { os, si, jsm, js };
}

/**
 * The name `object put FILE` stores: the file path as given, cleaned like Go's filepath.Clean
 * (natscli object_command.go keys objects by it: `put B ~/Movies/x.mov` stores "/home/u/Movies/x.mov",
 * `put B ./x.mov` stores "x.mov"), so `get`/`info`/`rm` work with the same path argument.
 */
export function cleanObjectPath(p: string): string {
  const n = path.posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/**
 * The live object called `name`, or else `name` cleaned as `put` would have stored it (`./x.mov` finds
 * "x.mov"). Not found and deleted are exit 7, naming the object and the bucket.
 */
export async function findObject(os: ObjectStore, bucket: string, name: string): Promise<ObjectInfo> {
  let info = await os.info(name);
  const cleaned = cleanObjectPath(name);
  if ((!info || info.deleted) && cleaned !== name) info = (await os.info(cleaned)) ?? info;
  if (!info) throw notFound("object", name, { in: `bucket "${bucket}"`, list: `nats object ls ${bucket}` });
  if (info.deleted) throw new CliError(`object "${name}" in bucket "${bucket}" has been deleted`, { exitCode: ExitCode.NOT_FOUND, hint: `\`nats object ls ${bucket}\` lists the live ones` });
  return info;
}

/** natscli's object store create flags (object_command.go). */
export function addObjBucketOptions(cmd: Command): Command {
  return cmd
    .option("--ttl <duration>", "How long to keep objects for (0 = forever)")
    .option("--replicas <n>", "How many replicas of the data to store", "1")
    .option("--max-bucket-size <bytes>", "Maximum size of the bucket (e.g. 1GB)")
    .option("--description <text>", "A description for the bucket")
    .addOption(new Option("--storage <type>", "Storage backend to use").choices(["file", "f", "memory", "m"]).default("file"))
    .option("--tags <tag>", "Place the bucket on servers that have specific tags (repeatable)", collect)
    .option("--cluster <name>", "Place the bucket on a specific cluster")
    .option("--metadata <key:value>", "Adds metadata to the bucket (repeatable, nats-server 2.10+)", collect)
    .option("--compress", "Compress the bucket data (s2, nats-server 2.10+)");
}

export interface ObjBucketFlags { ttl?: string; replicas: string; maxBucketSize?: string; description?: string; storage: string; tags?: string[]; cluster?: string; metadata?: string[]; compress?: boolean }

/** The stream config @nats-io/obj (and nats.go) creates for a bucket, with the flags applied and newer options gated. */
export function newObjBucketConfig(nc: NatsConnection, bucket: string, f: ObjBucketFlags): Partial<StreamConfig> & { name: string } {
  const replicas = parseIntFlag(f.replicas, "--replicas", { min: 1, max: 5 });
  const ttl = f.ttl !== undefined ? parseDuration(f.ttl, "--ttl") : 0;
  if (ttl < 0) throw usageError(`invalid --ttl "${f.ttl}": must not be negative`);
  const cfg: Partial<StreamConfig> & { name: string } = {
    name: `OBJ_${bucket}`,
    subjects: [`$O.${bucket}.C.>`, `$O.${bucket}.M.>`],
    max_age: toNanos(ttl),
    max_bytes: f.maxBucketSize !== undefined ? parseSize(f.maxBucketSize, "--max-bucket-size") : -1,
    storage: f.storage === "memory" || f.storage === "m" ? StorageType.Memory : StorageType.File,
    num_replicas: replicas,
    discard: DiscardPolicy.New,
    allow_rollup_hdrs: true,
    allow_direct: true,
  };
  if (f.description) cfg.description = f.description;
  if (f.tags || f.cluster) cfg.placement = { cluster: f.cluster ?? "", tags: f.tags ?? [] };
  if (f.metadata) { requireServer(nc, "2.10.0", "--metadata"); cfg.metadata = parseMetadata(f.metadata) ?? {}; }
  if (f.compress) { requireServer(nc, "2.10.0", "--compress"); cfg.compression = StoreCompression.S2; }
  return cfg;
}

/** Our JSON for a bucket's status. */
export function objStatusJson(si: StreamInfo): Record<string, unknown> {
  const c = si.config;
  return {
    bucket: c.name.replace(/^OBJ_/, ""),
    description: c.description ?? "",
    ttl: c.max_age,
    storage: c.storage,
    replicas: c.num_replicas,
    sealed: Boolean(c.sealed),
    size: si.state.bytes,
    max_bucket_size: c.max_bytes,
    compressed: Boolean(c.compression && c.compression !== StoreCompression.None),
    backing_store: "JetStream",
    stream_info: si,
  };
}

/** natscli's object store status screen. */
export function objStatusScreen(si: StreamInfo): Columns {
  const c = si.config;
  const bucket = c.name.replace(/^OBJ_/, "");
  const col = new Columns(`Information for Object Store Bucket ${bucket} created ${localTime(si.created)}`);
  col.title("Configuration");
  col.row("Bucket Name", bucket);
  if (c.description) col.row("Description", c.description);
  col.row("Replicas", c.num_replicas);
  col.row("TTL", c.max_age > 0 ? humanDuration(fromNanos(c.max_age)) : "unlimited");
  col.row("Sealed", Boolean(c.sealed));
  col.row("Size", humanBytes(si.state.bytes));
  col.row("Maximum Bucket Size", c.max_bytes > 0 ? humanBytes(c.max_bytes) : "unlimited");
  col.row("Compressed", Boolean(c.compression && c.compression !== StoreCompression.None));
  col.row("Backing Store Kind", "JetStream");
  col.row("JetStream Stream", c.name);
  col.row("Storage", c.storage === StorageType.Memory ? "Memory" : "File");
  if (c.placement?.cluster) col.row("Placement Cluster", c.placement.cluster);
  if (c.placement?.tags?.length) col.row("Placement Tags", c.placement.tags);
  const md = Object.entries(c.metadata ?? {}).filter(([k]) => !k.startsWith("_nats"));
  if (md.length) { col.title("Metadata"); for (const [k, v] of md) col.row(k, v); }
  if (si.cluster) {
    col.title("Cluster Information");
    col.row("Name", si.cluster.name ?? "");
    col.row("Leader", si.cluster.leader ?? "");
    for (const r of si.cluster.replicas ?? []) col.row("Replica", `${r.name}, ${r.current ? "current" : "outdated"}`);
  }
  return col;
}

/** Plain JSON for an object's info (the library's ObjectInfo has getters, which JSON.stringify misses). */
export function objInfoJson(i: ObjectInfo): Record<string, unknown> {
  const headers: Record<string, string[]> = {};
  if (i.headers) for (const k of i.headers.keys()) headers[k] = i.headers.values(k);
  return {
    name: i.name,
    bucket: i.bucket,
    nuid: i.nuid,
    size: i.size,
    chunks: i.chunks,
    digest: i.digest,
    mtime: i.mtime,
    revision: i.revision,
    deleted: Boolean(i.deleted),
    ...(i.description ? { description: i.description } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(i.metadata && Object.keys(i.metadata).length ? { metadata: i.metadata } : {}),
    ...(i.options?.max_chunk_size ? { max_chunk_size: i.options.max_chunk_size } : {}),
    ...(i.options?.link ? { link: i.options.link } : {}),
  };
}

/** natscli's object info screen. */
export function objInfoScreen(i: ObjectInfo): Columns {
  const col = new Columns(`Object information for ${i.bucket} > ${i.name}`);
  if (i.description) col.row("Description", i.description);
  col.row("Size", humanBytes(i.size));
  col.row("Modification Time", localTime(i.mtime));
  col.row("Chunks", commas(i.chunks));
  col.row("Digest", i.digest);
  if (i.deleted) col.row("Deleted", true);
  if (i.options?.link) col.row("Link", `${i.options.link.bucket}${i.options.link.name ? ` > ${i.options.link.name}` : ""}`);
  if (i.headers && [...i.headers.keys()].length) {
    col.title("Headers");
    for (const k of i.headers.keys()) col.row(k, i.headers.values(k).join(", "));
  }
  if (i.metadata && Object.keys(i.metadata).length) {
    col.title("Metadata");
    for (const [k, v] of Object.entries(i.metadata)) col.row(k, v);
  }
  return col;
}

/** natscli's transfer summary after a put or get: `in 1.20s average 3.4 MiB/s` (no average for an instant one). */
export function transferSummary(bytes: number, ms: number): string {
  const secs = ms / 1000;
  return `in ${humanDuration(ms)}${secs > 0 ? ` average ${humanBytes(Math.round(bytes / secs))}/s` : ""}`;
}
