import { parseIntFlag } from "../util/flags.js";
import { parseMetadata } from "./metadata.js";
import { toNanos } from "./wire.js";
import { requireServer, serverIsAtLeast as serverAtLeast } from "./version.js";
import { DiscardPolicy, RetentionPolicy, StorageType, StoreCompression, type StreamConfig, type StreamSource } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { usageError } from "../errors.js";
import { parseDuration } from "../util/duration.js";
import { parseSize } from "../util/size.js";
import { checkBucketName } from "./buckets.js";

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
