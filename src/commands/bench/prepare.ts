import type { JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { CliError, notFound } from "../../errors.js";
import { cleanJs, isStreamNotFound } from "../../jetstream/manager.js";
import { requireServer } from "../../jetstream/version.js";
import { log } from "../../output/io.js";
import { subscribeSubject } from "./clients/common.js";
import type { BenchSpec } from "./spec.js";

// What natscli does once before the clients start (jspubActions, createOrUpdateConsumer, purgeStream, kvPutAction):
// refuse modes the server is too old for, create or check the stream, purge it, define the durable consumer,
// create or recreate the bucket. Done by the command itself (also when agents run the clients).

/** The server version each mode needs beyond 2.9 (the feature's name as the refusal says it). */
const NEEDS: Partial<Record<BenchSpec["mode"], [string, string]>> = {
  "js-pub-batch": ["2.12.0", "Atomic batch publishing"],
  "js-pub-fast": ["2.14.0", "Fast batch publishing"],
  "js-get-batch": ["2.11.0", "Batched direct get"],
};

/** natscli's default durable consumer and bucket names: only these are created by bench. */
export const DEFAULT_CONSUMER = "nats-bench";
export const DEFAULT_BUCKET = "benchbucket";
export const DEFAULT_STREAM = "benchstream";

async function jsm(nc: NatsConnection, spec: BenchSpec): Promise<JetStreamManager> {
  const { jetstreamManager } = await import("@nats-io/jetstream");
  return jetstreamManager(nc, { ...cleanJs({ ...spec.js, timeout: spec.timeoutMs }), checkAPI: false });
}

/** Refuses a mode the server cannot run (the usual "requires NATS Server X" line). */
export function checkServerVersion(nc: NatsConnection, spec: BenchSpec): void {
  const need = NEEDS[spec.mode];
  if (need) requireServer(nc, need[0], need[1]);
}

/** Gets the stream set up as the mode needs it: created with --create, purged with --purge; it must exist. */
export async function prepare(deps: Deps, nc: NatsConnection, spec: BenchSpec): Promise<void> {
  checkServerVersion(nc, spec);
  if (spec.mode.startsWith("js-")) await prepareStream(deps, nc, spec);
  else if (spec.mode.startsWith("kv-")) await prepareBucket(nc, spec);
}

async function prepareStream(deps: Deps, nc: NatsConnection, spec: BenchSpec): Promise<void> {
  const m = await jsm(nc, spec);
  const publishing = spec.mode.startsWith("js-pub-");
  if (publishing && spec.create) {
    const cfg: Partial<StreamConfig> & { name: string } = {
      name: spec.stream,
      subjects: [subscribeSubject(spec)],
      retention: "limits" as never,
      discard: "new" as never,
      storage: spec.storage as never,
      num_replicas: spec.replicas,
      max_bytes: spec.maxBytes,
      duplicate_window: spec.dedupWindowMs * 1_000_000,
      allow_direct: true,
    };
    if (spec.mode === "js-pub-batch") (cfg as Record<string, unknown>).allow_atomic = true;
    if (spec.mode === "js-pub-fast") (cfg as Record<string, unknown>).allow_batched = true;
    if (spec.persistAsync && spec.replicas === 1) (cfg as Record<string, unknown>).persist_mode = "async";
    try {
      await m.streams.add(cfg);
    } catch (e) {
      throw new CliError(`could not create the stream: ${(e as Error).message}`, { hint: `to delete and re-define the stream use \`nats stream rm ${spec.stream}\``, cause: e });
    }
  }
  try {
    await m.streams.info(spec.stream);
  } catch (e) {
    if (isStreamNotFound(e)) throw notFound("stream", spec.stream, { hint: publishing ? "create it with --create, or with `nats stream add`" : "`nats stream ls` lists them" });
    throw e;
  }
  if (publishing) log(deps.io, deps.now(), `Using stream: ${spec.stream}`);
  if (spec.purge) {
    if (publishing) log(deps.io, deps.now(), "Purging the stream");
    await m.streams.purge(spec.stream);
  }
  if ((spec.mode === "js-consume" || spec.mode === "js-fetch") && spec.consumer === DEFAULT_CONSUMER) {
    const ack = spec.acks === "none" ? "none" : spec.acks === "all" ? "all" : "explicit";
    const filters = spec.filter;
    await m.consumers.add(spec.stream, {
      durable_name: spec.consumer,
      deliver_policy: "all" as never,
      ack_policy: ack as never,
      replay_policy: "instant" as never,
      max_ack_pending: spec.batch * spec.clients,
      inactive_threshold: 10_000_000_000,
      // one filter as filter_subject: servers before 2.10 know no filter_subjects
      ...(filters.length === 1 ? { filter_subject: filters[0] } : filters.length > 1 ? { filter_subjects: filters } : {}),
    }).catch(async (e: unknown) => {
      // natscli creates or updates it: an existing one with other settings is updated
      if (!/already in use|exists/i.test((e as Error).message ?? "")) throw e;
      await m.consumers.update(spec.stream, spec.consumer, { max_ack_pending: spec.batch * spec.clients, ...(filters.length === 1 ? { filter_subject: filters[0] } : filters.length > 1 ? { filter_subjects: filters } : {}) } as never);
    });
  } else if (spec.mode === "js-consume" || spec.mode === "js-fetch") {
    await m.consumers.info(spec.stream, spec.consumer).catch((e: unknown) => {
      throw /not found/i.test((e as Error).message ?? "") ? notFound("consumer", spec.consumer, { in: `stream "${spec.stream}"` }) : e;
    });
  }
}

async function prepareBucket(nc: NatsConnection, spec: BenchSpec): Promise<void> {
  const m = await jsm(nc, spec);
  if (spec.mode === "kv-put" && spec.purge) {
    // natscli: a bucket cannot be purged in one operation, so it is deleted (and created again below)
    await m.streams.delete(`KV_${spec.bucket}`).catch((e: unknown) => { if (!isStreamNotFound(e)) throw e; });
  }
  if (spec.mode === "kv-put" && spec.bucket === DEFAULT_BUCKET) {
    const [{ jetstream }, { Kvm }] = await Promise.all([import("@nats-io/jetstream"), import("@nats-io/kv")]);
    await new Kvm(jetstream(nc, cleanJs({ ...spec.js, timeout: spec.timeoutMs }))).create(spec.bucket, { history: spec.history, storage: spec.storage as never, replicas: spec.replicas, max_bytes: spec.maxBytes, description: "nats bench bucket" });
    return;
  }
  try {
    await m.streams.info(`KV_${spec.bucket}`);
  } catch (e) {
    if (isStreamNotFound(e)) throw notFound("bucket", spec.bucket, { hint: "`nats kv ls` lists them" });
    throw e;
  }
}
