import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamConfig, StreamSource } from "@nats-io/jetstream";
import { usageError } from "../errors.js";
import { parseDuration } from "../util/duration.js";
import { parseSize } from "../util/size.js";
import { parseIntFlag, splitList } from "../util/flags.js";
import { parseMetadata } from "./metadata.js";
import { toNanos } from "./wire.js";
import { requireServer } from "./version.js";
import { readConfigFile } from "./config-file.js";

/** A stream config as we build it: the typed fields plus newer ones the 3.4 client types lack. */
export type AnyStreamConfig = Partial<StreamConfig> & Record<string, unknown>;

/** The options commander collects for the create/edit flag set (natscli.md §8.1). */
export interface StreamFlagValues {
  subjects?: string[];
  description?: string;
  storage?: string;
  compression?: string;
  replicas?: string;
  tag?: string[];
  tags?: string[];
  cluster?: string;
  ack?: boolean;
  retention?: string;
  discard?: string;
  discardPerSubject?: boolean;
  firstSequence?: string;
  maxAge?: string;
  maxBytes?: string;
  maxConsumers?: string;
  maxMsgSize?: string;
  maxMsgs?: string;
  maxMsgsPerSubject?: string;
  dupeWindow?: string;
  mirror?: string | boolean;
  source?: string[];
  allowRollup?: boolean;
  denyDelete?: boolean;
  denyPurge?: boolean;
  allowDirect?: boolean;
  allowMirrorDirect?: boolean;
  allowMsgTtl?: boolean;
  allowBatch?: boolean;
  allowFast?: boolean;
  allowCounter?: boolean;
  allowSchedules?: boolean;
  subjectDelMarkersTtl?: string;
  transformSource?: string;
  transformDestination?: string;
  transform?: boolean;
  metadata?: string[];
  republishSource?: string;
  republishDestination?: string;
  republishHeaders?: boolean;
  republish?: boolean;
  limitConsumerInactive?: string;
  limitConsumerMaxPending?: string;
  persistMode?: string;
  config?: string;
  defaults?: boolean;
}

/** natscli's defaults for `stream add --defaults`. */
export function defaultStreamConfig(name: string): AnyStreamConfig {
  return {
    name,
    subjects: [],
    retention: "limits" as StreamConfig["retention"],
    storage: "file" as StreamConfig["storage"],
    discard: "old" as StreamConfig["discard"],
    max_msgs: -1,
    max_msgs_per_subject: -1,
    max_bytes: -1,
    max_age: 0,
    max_msg_size: -1,
    max_consumers: -1,
    num_replicas: 1,
    duplicate_window: toNanos(120_000),
    allow_direct: true,
    allow_rollup_hdrs: false,
    deny_delete: false,
    deny_purge: false,
    sealed: false,
  };
}

function parseSource(v: string, flag: string): StreamSource {
  const t = v.trim();
  if (t.startsWith("{")) {
    try {
      const o = JSON.parse(t) as StreamSource;
      if (!o.name) throw new Error("no name");
      return o;
    } catch (e) {
      throw usageError(`invalid ${flag} JSON "${v}": ${(e as Error).message}`, 'use a stream name or {"name":"STREAM",...}');
    }
  }
  return { name: t };
}

/** A limit where -1 means unlimited; the server takes 0 as unlimited too, so it is stored as -1 (natscli). */
function positiveOrUnlimited(v: string, flag: string): number {
  const n = parseIntFlag(v, flag, { minusOne: "unlimited" });
  return n <= 0 ? -1 : n;
}

/**
 * Applies the flags the user gave onto `base` (defaults, a --config file or the current config on
 * edit). Only given flags change anything, so the same code serves add, edit and copy.
 */
export function applyStreamFlags(base: AnyStreamConfig, o: StreamFlagValues): AnyStreamConfig {
  const c: AnyStreamConfig = { ...base };
  if (o.subjects) c.subjects = splitList(o.subjects);
  if (o.description !== undefined) c.description = o.description;
  if (o.storage) c.storage = (o.storage.startsWith("m") ? "memory" : "file") as StreamConfig["storage"];
  if (o.compression) c.compression = o.compression as StreamConfig["compression"];
  if (o.replicas !== undefined) {
    c.num_replicas = parseIntFlag(o.replicas, "--replicas", { min: 1, max: 5 });
  }
  const tags = [...(o.tag ?? []), ...(o.tags ?? [])];
  if (tags.length || o.cluster !== undefined) {
    const p = { ...(c.placement ?? {}) } as { cluster?: string; tags?: string[] };
    if (o.cluster !== undefined) p.cluster = o.cluster || undefined;
    if (tags.length) p.tags = splitList(tags);
    c.placement = (p.cluster || p.tags?.length ? p : undefined) as StreamConfig["placement"];
  }
  if (o.ack !== undefined) c.no_ack = !o.ack;
  if (o.retention) c.retention = (o.retention.startsWith("work") ? "workqueue" : o.retention) as StreamConfig["retention"];
  if (o.discard) c.discard = o.discard as StreamConfig["discard"];
  if (o.discardPerSubject !== undefined) {
    c.discard_new_per_subject = o.discardPerSubject;
    if (o.discardPerSubject) c.discard = "new" as StreamConfig["discard"];
  }
  if (o.firstSequence !== undefined) c.first_seq = parseIntFlag(o.firstSequence, "--first-sequence", { min: 1 });
  if (o.maxAge !== undefined) c.max_age = o.maxAge === "-1" ? 0 : toNanos(parseDuration(o.maxAge, "--max-age"));
  if (o.maxBytes !== undefined) c.max_bytes = parseSize(o.maxBytes, "--max-bytes");
  if (o.maxConsumers !== undefined) c.max_consumers = positiveOrUnlimited(o.maxConsumers, "--max-consumers");
  if (o.maxMsgSize !== undefined) {
    c.max_msg_size = parseSize(o.maxMsgSize, "--max-msg-size", { max: 2 ** 31 - 1 });
  }
  if (o.maxMsgs !== undefined) c.max_msgs = positiveOrUnlimited(o.maxMsgs, "--max-msgs");
  if (o.maxMsgsPerSubject !== undefined) c.max_msgs_per_subject = positiveOrUnlimited(o.maxMsgsPerSubject, "--max-msgs-per-subject");
  if (o.dupeWindow !== undefined) c.duplicate_window = toNanos(parseDuration(o.dupeWindow, "--dupe-window"));
  else if (base.duplicate_window === undefined || (o.maxAge !== undefined && c.max_age && (c.duplicate_window ?? 0) > (c.max_age ?? 0))) {
    // natscli: 2m, or max-age when that is shorter
    if (c.max_age && c.max_age > 0 && c.max_age < toNanos(120_000)) c.duplicate_window = c.max_age;
  }
  if (typeof o.mirror === "string") c.mirror = parseSource(o.mirror, "--mirror");
  if (o.mirror === false) delete c.mirror;
  if (o.source?.length) c.sources = o.source.map((s) => parseSource(s, "--source"));
  if (o.allowRollup !== undefined) c.allow_rollup_hdrs = o.allowRollup;
  if (o.denyDelete !== undefined) c.deny_delete = o.denyDelete;
  if (o.denyPurge !== undefined) c.deny_purge = o.denyPurge;
  if (o.allowDirect !== undefined) c.allow_direct = o.allowDirect;
  if (o.allowMirrorDirect !== undefined) c.mirror_direct = o.allowMirrorDirect;
  if (o.allowMsgTtl) c.allow_msg_ttl = true;
  if (o.subjectDelMarkersTtl !== undefined) c.subject_delete_marker_ttl = toNanos(parseDuration(o.subjectDelMarkersTtl, "--subject-del-markers-ttl"));
  if (o.allowBatch) c.allow_atomic = true;
  if (o.allowFast) c.allow_batched = true;
  if (o.allowCounter) c.allow_msg_counter = true;
  if (o.allowSchedules) c.allow_msg_schedules = true;
  if (Boolean(o.transformSource) !== Boolean(o.transformDestination)) throw usageError("--transform-source and --transform-destination must be given together");
  if (o.transformSource) c.subject_transform = { src: o.transformSource, dest: o.transformDestination! };
  if (o.transform === false) delete c.subject_transform;
  const md = parseMetadata(o.metadata);
  if (md) c.metadata = { ...(c.metadata ?? {}), ...md };
  if (Boolean(o.republishSource) !== Boolean(o.republishDestination)) throw usageError("--republish-source and --republish-destination must be given together");
  if (o.republishSource) c.republish = { src: o.republishSource, dest: o.republishDestination!, headers_only: o.republishHeaders || undefined };
  if (o.republish === false) delete c.republish;
  if (o.limitConsumerInactive !== undefined || o.limitConsumerMaxPending !== undefined) {
    c.consumer_limits = {
      ...(c.consumer_limits ?? {}),
      ...(o.limitConsumerInactive !== undefined ? { inactive_threshold: toNanos(parseDuration(o.limitConsumerInactive, "--limit-consumer-inactive")) } : {}),
      ...(o.limitConsumerMaxPending !== undefined ? { max_ack_pending: parseIntFlag(o.limitConsumerMaxPending, "--limit-consumer-max-pending") } : {}),
    } as StreamConfig["consumer_limits"];
  }
  if (o.persistMode === "async") c.persist_mode = "async";
  return c;
}

/**
 * Refuses config fields the connected server cannot honour: 2.9 silently drops unknown fields
 * (natsjs.md §4.1), which would leave the user believing e.g. per-message TTLs were enabled.
 */
export function gateStreamConfig(nc: NatsConnection, c: AnyStreamConfig): void {
  const gates: [boolean, string, string][] = [
    [Boolean(c.compression && c.compression !== "none"), "2.10.0", "stream compression"],
    [Boolean(c.first_seq && c.first_seq > 1), "2.10.0", "--first-sequence"],
    [Boolean(c.subject_transform), "2.10.0", "subject transforms"],
    [Boolean(c.metadata && Object.keys(c.metadata).length), "2.10.0", "stream metadata"],
    [Boolean(c.consumer_limits && Object.keys(c.consumer_limits).length), "2.10.0", "consumer limits"],
    [Boolean(c.allow_msg_ttl), "2.11.0", "--allow-msg-ttl"],
    [Boolean(c.subject_delete_marker_ttl), "2.11.0", "--subject-del-markers-ttl"],
    [Boolean(c.allow_atomic), "2.12.0", "--allow-batch"],
    [Boolean(c.allow_msg_counter), "2.12.0", "--allow-counter"],
    [Boolean(c.allow_msg_schedules), "2.12.0", "--allow-schedules"],
    [c.persist_mode === "async", "2.12.0", "--persist-mode async"],
    [Boolean(c.allow_batched), "2.14.0", "--allow-fast"],
  ];
  for (const [on, v, what] of gates) if (on) requireServer(nc, v, what);
  if (c.compression === "none") delete c.compression;
}

/** Reads --config: a StreamConfig, or a `stream info --json` document (its `config`). */
export function readStreamConfigFile(file: string): Promise<AnyStreamConfig> {
  return readConfigFile(file, "stream");
}

/** Checks a config the way natscli's --validate does, without the server: returns problems found. */
export function validateStreamConfig(c: AnyStreamConfig): string[] {
  const errs: string[] = [];
  if (!c.name) errs.push("name is required");
  else if (/[.*>\s/\\]/.test(c.name)) errs.push(`invalid stream name "${c.name}": may not contain . * > / \\ or whitespace`);
  if (!c.mirror && !(c.sources?.length) && !(c.subjects?.length)) errs.push("subjects are required unless the stream is a mirror or has sources");
  if (c.mirror && c.subjects?.length) errs.push("mirrors cannot have subjects");
  if (c.no_ack !== true && c.subjects?.includes(">")) errs.push("a stream capturing '>' must disable acknowledgements (--no-ack)");
  if (c.retention && !["limits", "interest", "workqueue"].includes(c.retention)) errs.push(`invalid retention "${c.retention}"`);
  if (c.storage && !["file", "memory"].includes(c.storage)) errs.push(`invalid storage "${c.storage}"`);
  if (c.discard && !["old", "new"].includes(c.discard)) errs.push(`invalid discard "${c.discard}"`);
  if (c.num_replicas !== undefined && (c.num_replicas < 1 || c.num_replicas > 5)) errs.push("replicas must be between 1 and 5");
  return errs;
}
