import type { Msg, NatsConnection, Status } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import type { ConnCtx } from "../../context/connect.js";
import { explain, usageError } from "../../errors.js";
import { humanDuration, preciseDuration } from "../../output/format.js";
import { isStreamNotFound, managerOptions } from "../../jetstream/manager.js";

/** The data paths `server status --probe` proves, in the order it runs them by default. */
export const PROBE_STEPS = ["pubsub", "request", "jetstream", "kv", "object"] as const;
export type ProbeStepName = (typeof PROBE_STEPS)[number];

const STEP_TEXT: Record<ProbeStepName, string> = {
  pubsub: "core publish → subscribe",
  request: "request → reply",
  jetstream: "JetStream publish → ack → get",
  kv: "KV put → get → delete",
  object: "object put → get",
};

export interface ProbeOptions {
  steps: ProbeStepName[];
  warnMs?: number;
  critMs?: number;
  /** Send the request step to this subject (a service of the user's) instead of a throwaway responder. */
  requestSubject?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** One step's outcome; `latency_ms` times the data path only (creating and removing the throwaway asset is not counted). */
export interface ProbeStep {
  name: ProbeStepName;
  description: string;
  status: "ok" | "warn" | "crit" | "failed" | "skipped" | "interrupted";
  latency_ms: number | null;
  error: string | null;
}

/** The `probe` object of `server status --json` (docs/server-status.schema.json). */
export interface ProbeReport {
  id: string;
  steps: ProbeStep[];
  failed_step: ProbeStepName | null;
  reason: string | null;
  warn_ms: number | null;
  crit_ms: number | null;
  /** The throwaway names this run used: a stream, a KV bucket and an object store bucket (null when the step did not run). */
  resources: { subject_prefix: string; stream: string | null; kv: string | null; object: string | null };
  /** Whether everything the probe made was removed again; `left` names what could not be. */
  cleanup: { ok: boolean; removed: string[]; left: string[] };
  interrupted: boolean;
}

/** Reads `--steps a,b` (repeatable) into step names, in the order given; every step when none are given. */
export function parseSteps(list: string[] | undefined): ProbeStepName[] {
  if (!list || list.length === 0) return [...PROBE_STEPS];
  const out: ProbeStepName[] = [];
  for (const s of list.flatMap((v) => v.split(",")).map((v) => v.trim().toLowerCase()).filter(Boolean)) {
    if (!(PROBE_STEPS as readonly string[]).includes(s)) throw usageError(`invalid --steps value "${s}"`, `pick from ${PROBE_STEPS.join(", ")}`);
    if (!out.includes(s as ProbeStepName)) out.push(s as ProbeStepName);
  }
  if (out.length === 0) throw usageError("--steps needs at least one step", `pick from ${PROBE_STEPS.join(", ")}`);
  return out;
}

/** The one line a failed probe prints on stderr: which step and why. */
export function probeFailureLine(p: ProbeReport): string | undefined {
  if (p.failed_step) return `probe failed at step ${p.failed_step} (${STEP_TEXT[p.failed_step]}): ${p.reason}`;
  const crit = p.steps.find((s) => s.status === "crit");
  if (crit) return `probe step ${crit.name} (${STEP_TEXT[crit.name]}) took ${preciseDuration(crit.latency_ms ?? 0)}, over --crit ${humanDuration(p.crit_ms ?? 0)}`;
  return undefined;
}

class Interrupted extends Error {}

/** Settles with `p`, or rejects at once when the run is interrupted or `ms` pass. */
function bounded<T>(p: Promise<T>, ms: number, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${humanDuration(ms)} waiting for ${what}`)), ms);
    const onAbort = () => reject(new Interrupted());
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => { clearTimeout(t); signal.removeEventListener("abort", onAbort); });
  });
}

/** A probe id: 8 characters that make every run's subjects and names its own. */
function probeId(): string {
  return randomBytes(6).toString("base64url").replace(/[-_]/g, "x").toUpperCase().slice(0, 8);
}

/** Collects permission violations the server reports asynchronously (publish/subscribe denials never fail the call itself). */
function watchPermissions(nc: NatsConnection): { forSubject(prefix: string): Error | undefined; stop(): void } {
  const seen: Error[] = [];
  const it = nc.status() as AsyncIterable<Status> & { stop(): void };
  void (async () => {
    for await (const s of it) if (s.type === "error") seen.push(s.error as Error);
  })().catch(() => undefined);
  return {
    forSubject: (prefix) => seen.find((e) => String((e as { subject?: string }).subject ?? "").startsWith(prefix)),
    stop: () => it.stop(),
  };
}

/**
 * Runs the probe steps against the connection, one after the other, stopping at the first failure; every throwaway
 * stream and bucket it made is removed again whatever happened (success, failure, Ctrl-C), with its own timeout.
 */
export async function runProbe(nc: NatsConnection, ctx: ConnCtx, o: ProbeOptions): Promise<ProbeReport> {
  const id = probeId();
  const prefix = `natsx.probe.${id}`;
  const name = `NATSX_PROBE_${id}`;
  const report: ProbeReport = {
    id,
    steps: o.steps.map((s) => ({ name: s, description: STEP_TEXT[s], status: "skipped", latency_ms: null, error: null })),
    failed_step: null,
    reason: null,
    warn_ms: o.warnMs ?? null,
    crit_ms: o.critMs ?? null,
    resources: { subject_prefix: prefix, stream: null, kv: null, object: null },
    cleanup: { ok: true, removed: [], left: [] },
    interrupted: false,
  };
  const made: string[] = [];
  // creations still in flight when a step was interrupted or timed out: cleanup waits for them, else a create
  // that completes after its delete would leave the asset behind
  const pending: Promise<unknown>[] = [];
  const creating = <T>(p: Promise<T>): Promise<T> => { pending.push(p); return p; };
  const perms = watchPermissions(nc);
  const payload = new TextEncoder().encode(`natsx probe ${id}`);
  const wait = <T>(p: Promise<T>, what: string) => bounded(p, o.timeoutMs, o.signal, what);
  let jsm: JetStreamManager | undefined;
  const manager = async () => (jsm ??= await wait(jetstreamManager(nc, managerOptions(ctx.js)), "the JetStream manager"));
  const desc = "throwaway asset of `nats server status --probe`; removed when the probe ends, safe to delete";

  const steps: Record<ProbeStepName, () => Promise<number>> = {
    pubsub: async () => {
      const subject = `${prefix}.pubsub`;
      let got: (m: Msg) => void;
      const arrived = new Promise<Msg>((r) => { got = r; });
      const sub = nc.subscribe(subject, { max: 1, callback: (_e, m) => { if (m) got(m); } });
      try {
        await wait(nc.flush(), "the server to register the subscription");
        const denied = perms.forSubject(subject);
        if (denied) throw denied;
        const t = performance.now();
        nc.publish(subject, payload);
        const m = await wait(Promise.race([arrived, deniedLater(perms, subject, o.timeoutMs)]), `the message on ${subject}`);
        const ms = performance.now() - t;
        if (!sameBytes(m.data, payload)) throw new Error("the message arrived with another body than was sent");
        return ms;
      } finally {
        sub.unsubscribe();
      }
    },
    request: async () => {
      const subject = o.requestSubject ?? `${prefix}.request`;
      const responder = o.requestSubject ? undefined : nc.subscribe(subject, { callback: (_e, m) => { m?.respond(m.data); } });
      try {
        if (responder) {
          await wait(nc.flush(), "the server to register the responder");
          const denied = perms.forSubject(subject);
          if (denied) throw denied;
        }
        const t = performance.now();
        const m = await wait(nc.request(subject, payload, { timeout: o.timeoutMs }), `the reply from ${subject}`);
        const ms = performance.now() - t;
        if (responder && !sameBytes(m.data, payload)) throw new Error("the reply came back with another body than was sent");
        return ms;
      } finally {
        responder?.unsubscribe();
      }
    },
    jetstream: async () => {
      const m = await manager();
      made.push(name);
      report.resources.stream = name;
      await wait(creating(m.streams.add({ name, subjects: [`${prefix}.js`], description: desc, max_age: 3_600_000_000_000, num_replicas: 1 })), `stream ${name} to be created`);
      const js = jetstream(nc, managerOptions(ctx.js));
      const t = performance.now();
      const ack = await wait(js.publish(`${prefix}.js`, payload, { expect: { streamName: name } }), `the publish acknowledgement from ${name}`);
      const sm = await wait(m.streams.getMessage(name, { seq: ack.seq }), `message ${ack.seq} of ${name}`);
      const ms = performance.now() - t;
      if (!sm || !sameBytes(sm.data, payload)) throw new Error(`message ${ack.seq} of ${name} came back with another body than was stored`);
      return ms;
    },
    kv: async () => {
      await manager();
      made.push(`KV_${name}`);
      report.resources.kv = name;
      const kv = await wait(creating(new Kvm(jetstream(nc, managerOptions(ctx.js))).create(name, { history: 1, description: desc, replicas: 1 })), `KV bucket ${name} to be created`);
      const t = performance.now();
      await wait(kv.put("probe", payload), `the put of key "probe" in ${name}`);
      const e = await wait(kv.get("probe"), `the get of key "probe" in ${name}`);
      if (!e || !sameBytes(e.value, payload)) throw new Error(`key "probe" in ${name} came back with another value than was put`);
      await wait(kv.delete("probe"), `the delete of key "probe" in ${name}`);
      const gone = await wait(kv.get("probe"), `the get of the deleted key "probe" in ${name}`);
      const ms = performance.now() - t;
      if (gone && gone.operation === "PUT") throw new Error(`key "probe" in ${name} is still there after the delete`);
      return ms;
    },
    object: async () => {
      await manager();
      made.push(`OBJ_${name}`);
      report.resources.object = name;
      const os = await wait(creating(new Objm(jetstream(nc, managerOptions(ctx.js))).create(name, { description: desc, replicas: 1 })), `object store ${name} to be created`);
      // two chunks of the default 128 KiB: proves chunking and reassembly, not just one message
      const body = new Uint8Array(160 * 1024);
      for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) & 0xff;
      const t = performance.now();
      await wait(os.putBlob({ name: "probe" }, body), `the put of object "probe" in ${name}`);
      const back = await wait(os.getBlob("probe"), `the get of object "probe" in ${name}`);
      const ms = performance.now() - t;
      if (!back || !sameBytes(back, body)) throw new Error(`object "probe" in ${name} came back with other bytes than were put`);
      return ms;
    },
  };

  try {
    for (const step of report.steps) {
      try {
        const ms = await steps[step.name]();
        step.latency_ms = Math.round(ms * 1000) / 1000;
        step.status = o.critMs !== undefined && ms > o.critMs ? "crit" : o.warnMs !== undefined && ms > o.warnMs ? "warn" : "ok";
      } catch (e) {
        if (e instanceof Interrupted || o.signal.aborted) {
          step.status = "interrupted";
          report.interrupted = true;
          break;
        }
        step.status = "failed";
        step.error = explain(e, { secrets: ctx.plan.secrets }).message;
        report.failed_step = step.name;
        report.reason = step.error;
        break;
      }
    }
  } finally {
    perms.stop();
    await removeAll(nc, ctx, made, pending, o.timeoutMs, report);
  }
  return report;
}

/** Rejects with the permission violation for `subject` if one arrives within `ms` (the message then never will). */
function deniedLater(perms: { forSubject(p: string): Error | undefined }, subject: string, ms: number): Promise<never> {
  return new Promise<never>((_, reject) => {
    const started = Date.now();
    const tick = () => {
      const d = perms.forSubject(subject);
      if (d) reject(d);
      else if (Date.now() - started < ms) setTimeout(tick, 10).unref?.();
    };
    tick();
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/**
 * Deletes every stream the probe made (KV and object buckets are streams too), each with a fresh timeout so an
 * interrupted or failed run still cleans up; "not found" counts as removed (the create may never have happened).
 */
async function removeAll(nc: NatsConnection, ctx: ConnCtx, streams: string[], pending: Promise<unknown>[], timeoutMs: number, report: ProbeReport): Promise<void> {
  if (streams.length === 0) return;
  const never = new AbortController().signal;
  await bounded(Promise.allSettled(pending), timeoutMs, never, "the creations in flight").catch(() => undefined);
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  } catch {
    report.cleanup.left.push(...streams);
    report.cleanup.ok = false;
    return;
  }
  for (const s of streams) {
    try {
      await bounded(jsm.streams.delete(s), timeoutMs, never, `stream ${s} to be deleted`);
      report.cleanup.removed.push(s);
    } catch (e) {
      if (isStreamNotFound(e)) continue;
      report.cleanup.left.push(s);
      report.cleanup.ok = false;
    }
  }
}
