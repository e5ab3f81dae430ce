import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerConfig } from "@nats-io/jetstream";
import { usageError } from "../errors.js";
import { parseDuration } from "../util/duration.js";
import { parseSize } from "../util/size.js";
import { readConfigFile } from "./config-file.js";
import { parseIntFlag, splitList } from "../util/flags.js";
import { parseMetadata } from "./metadata.js";
import { toNanos } from "./wire.js";
import { requireServer } from "./version.js";

/** A consumer config as we build it (the 3.4 client types lack a few newer fields). */
export type AnyConsumerConfig = Partial<ConsumerConfig> & Record<string, unknown>;

/** The values commander collects for natscli's consumer create/edit flags (natscli.md §9). */
export interface ConsumerFlagValues {
  ack?: string;
  bps?: string;
  backoff?: string;
  backoffSteps?: string;
  backoffMin?: string;
  backoffMax?: string;
  deliver?: string;
  deliverGroup?: string;
  description?: string;
  ephemeral?: boolean;
  filter?: string[];
  flowControl?: boolean;
  heartbeat?: string;
  headersOnly?: boolean;
  maxDeliver?: string;
  maxPending?: string;
  maxOutstanding?: string;
  maxWaiting?: string;
  maxPullBatch?: string;
  maxPullExpire?: string;
  maxPullBytes?: string;
  pull?: boolean;
  replay?: string;
  sample?: string;
  target?: string;
  wait?: string;
  inactiveThreshold?: string;
  memory?: boolean;
  replicas?: string;
  metadata?: string[];
  pause?: string;
  pinnedGroups?: string[];
  pinnedTtl?: string;
  overflowGroups?: string[];
  prioritizedGroups?: string[];
  config?: string;
  defaults?: boolean;
}

/** Parses natscli's --deliver value into a start policy. */
export function parseDeliver(v: string, now: number): Partial<ConsumerConfig> {
  switch (v.toLowerCase()) {
    case "all": return { deliver_policy: "all" as ConsumerConfig["deliver_policy"] };
    case "last": return { deliver_policy: "last" as ConsumerConfig["deliver_policy"] };
    case "new": case "next": return { deliver_policy: "new" as ConsumerConfig["deliver_policy"] };
    case "subject": case "last_per_subject": case "last-per-subject": return { deliver_policy: "last_per_subject" as ConsumerConfig["deliver_policy"] };
  }
  if (/^\d+$/.test(v)) return { deliver_policy: "by_start_sequence" as ConsumerConfig["deliver_policy"], opt_start_seq: parseIntFlag(v, "--deliver", { min: 1 }) };
  try {
    const ms = parseDuration(v, "--deliver");
    return { deliver_policy: "by_start_time" as ConsumerConfig["deliver_policy"], opt_start_time: new Date(now - ms).toISOString() };
  } catch {
    throw usageError(`invalid --deliver "${v}"`, "use all, new, last, subject, last_per_subject, a sequence number or a duration like 1h");
  }
}

/** Parses --pause: `YYYY-MM-DD HH:MM:SS` (local time), RFC3339, or a duration from now. */
export function parsePauseUntil(v: string, now: number): Date {
  const local = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)$/.exec(v.trim());
  if (local) return new Date(+local[1]!, +local[2]! - 1, +local[3]!, +local[4]!, +local[5]!, +local[6]!);
  const t = Date.parse(v);
  if (!Number.isNaN(t) && /\d{4}-\d\d-\d\d/.test(v)) return new Date(t);
  return new Date(now + parseDuration(v, "pause time"));
}

/** Linear backoff periods between min and max (natscli --backoff linear). */
export function linearBackoff(steps: number, minMs: number, maxMs: number): number[] {
  if (steps < 1) throw usageError("--backoff-steps must be at least 1");
  if (steps === 1) return [toNanos(minMs)];
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(toNanos(Math.round(minMs + ((maxMs - minMs) * i) / (steps - 1))));
  return out;
}

/** Applies given flags onto `base`; only flags the user gave change anything. */
export function applyConsumerFlags(base: AnyConsumerConfig, o: ConsumerFlagValues, now: number): AnyConsumerConfig {
  const c: AnyConsumerConfig = { ...base };
  if (o.ack) c.ack_policy = o.ack as ConsumerConfig["ack_policy"];
  if (o.bps !== undefined) c.rate_limit_bps = parseIntFlag(o.bps, "--bps");
  if (o.backoff === "linear") {
    c.backoff = linearBackoff(parseIntFlag(o.backoffSteps ?? "10", "--backoff-steps", { min: 1 }), parseDuration(o.backoffMin ?? "1m", "--backoff-min"), parseDuration(o.backoffMax ?? "20m", "--backoff-max"));
    // the server requires max_deliver above the number of backoff steps
    if (o.maxDeliver === undefined && (!c.max_deliver || c.max_deliver <= 0 || c.max_deliver <= c.backoff.length)) c.max_deliver = c.backoff.length + 1;
  } else if (o.backoff === "none") {
    delete c.backoff;
  }
  if (o.deliver) {
    delete c.opt_start_seq;
    delete c.opt_start_time;
    Object.assign(c, parseDeliver(o.deliver, now));
  }
  if (o.deliverGroup !== undefined) c.deliver_group = o.deliverGroup;
  if (o.description !== undefined) c.description = o.description;
  if (o.filter?.length) {
    const f = splitList(o.filter);
    delete c.filter_subject;
    delete c.filter_subjects;
    if (f.length === 1) c.filter_subject = f[0];
    else c.filter_subjects = f;
  }
  if (o.flowControl) c.flow_control = true;
  if (o.heartbeat !== undefined) c.idle_heartbeat = o.heartbeat === "-1" ? 0 : toNanos(parseDuration(o.heartbeat, "--heartbeat"));
  if (o.headersOnly !== undefined) c.headers_only = o.headersOnly;
  // the server takes 0 for these as "its default", as natscli passes it on
  if (o.maxDeliver !== undefined) c.max_deliver = parseIntFlag(o.maxDeliver, "--max-deliver", { minusOne: "unlimited" });
  const mp = o.maxPending ?? o.maxOutstanding;
  if (mp !== undefined) c.max_ack_pending = parseIntFlag(mp, "--max-pending", { minusOne: "unlimited" });
  if (o.maxWaiting !== undefined) c.max_waiting = parseIntFlag(o.maxWaiting, "--max-waiting");
  if (o.maxPullBatch !== undefined) c.max_batch = parseIntFlag(o.maxPullBatch, "--max-pull-batch");
  if (o.maxPullExpire !== undefined) c.max_expires = toNanos(parseDuration(o.maxPullExpire, "--max-pull-expire"));
  if (o.maxPullBytes !== undefined) c.max_bytes = parseSize(o.maxPullBytes, "--max-pull-bytes");
  if (o.pull) delete c.deliver_subject;
  if (o.target) c.deliver_subject = o.target;
  if (o.replay) c.replay_policy = o.replay as ConsumerConfig["replay_policy"];
  if (o.sample !== undefined) {
    const p = o.sample.replace(/%$/, "");
    c.sample_freq = `${parseIntFlag(p, "--sample", { max: 100 })}%`;
  }
  if (o.wait !== undefined) c.ack_wait = toNanos(parseDuration(o.wait, "--wait"));
  if (o.inactiveThreshold !== undefined) c.inactive_threshold = toNanos(parseDuration(o.inactiveThreshold, "--inactive-threshold"));
  if (o.memory) c.mem_storage = true;
  // 0 inherits the stream's replica count
  if (o.replicas !== undefined) c.num_replicas = parseIntFlag(o.replicas, "--replicas", { max: 5 });
  const md = parseMetadata(o.metadata);
  if (md) c.metadata = { ...(c.metadata ?? {}), ...md };
  if (o.pause !== undefined) c.pause_until = parsePauseUntil(o.pause, now).toISOString();
  const pinned = splitList(o.pinnedGroups);
  const overflow = splitList(o.overflowGroups);
  const prioritized = splitList(o.prioritizedGroups);
  if (pinned.length && overflow.length) throw usageError("setting both overflow and pinned groups are not supported");
  if ([pinned, overflow, prioritized].filter((g) => g.length).length > 1) throw usageError("--pinned-groups, --overflow-groups and --prioritized-groups cannot be combined");
  if (o.pinnedTtl !== undefined && !pinned.length) throw usageError("--pinned-ttl needs --pinned-groups");
  // natscli sets --overflow-groups' policy with the pinned groups (a bug): the overflow groups are used here
  if (pinned.length) {
    c.priority_policy = "pinned_client";
    c.priority_groups = pinned;
    if (o.pinnedTtl !== undefined) c.priority_timeout = toNanos(parseDuration(o.pinnedTtl, "--pinned-ttl"));
  } else if (overflow.length) {
    c.priority_policy = "overflow";
    c.priority_groups = overflow;
  } else if (prioritized.length) {
    c.priority_policy = "prioritized";
    c.priority_groups = prioritized;
  }
  return c;
}

/** natscli's --defaults: deliver all, explicit ack for pull (none for push), instant replay, max-deliver -1. */
export function defaultConsumerConfig(push: boolean): AnyConsumerConfig {
  return {
    deliver_policy: "all" as ConsumerConfig["deliver_policy"],
    ack_policy: (push ? "none" : "explicit") as ConsumerConfig["ack_policy"],
    replay_policy: "instant" as ConsumerConfig["replay_policy"],
    max_deliver: -1,
  };
}

/** Refuses options the server cannot honour instead of letting 2.9 drop or time out on them. */
export function gateConsumerConfig(nc: NatsConnection, c: AnyConsumerConfig): void {
  if (c.filter_subjects && (c.filter_subjects as string[]).length > 1) requireServer(nc, "2.10.0", "several --filter subjects");
  if (c.metadata && Object.keys(c.metadata).length) requireServer(nc, "2.10.0", "consumer metadata");
  if (c.pause_until) requireServer(nc, "2.11.0", "--pause");
  if (c.priority_policy === "pinned_client") requireServer(nc, "2.11.0", "--pinned-groups");
  if (c.priority_policy === "overflow") requireServer(nc, "2.11.0", "--overflow-groups");
  if (c.priority_policy === "prioritized") requireServer(nc, "2.12.0", "--prioritized-groups");
  if (c.ack_policy === "flow_control") requireServer(nc, "2.14.0", "--ack flow_control");
}

/** natscli's checks of a new consumer's delivery settings: rate limits and heartbeats are for push consumers. */
export function checkConsumerDelivery(c: AnyConsumerConfig): void {
  if (c.deliver_subject) return;
  if (c.rate_limit_bps) throw usageError("rate limits are only possible on Push consumers", "drop --bps, or give --target");
  if (c.idle_heartbeat) throw usageError("pull subscribers does not support idle heartbeats", "drop --heartbeat, or give --target");
  if (c.flow_control) throw usageError("flow control is only possible on Push consumers", "drop --flow-control, or give --target");
}

/** Reads a consumer --config file: a ConsumerConfig or a `consumer info --json` document. */
export async function readConsumerConfigFile(file: string): Promise<AnyConsumerConfig> {
  return (await readConfigFile(file, "consumer")) as AnyConsumerConfig;
}
