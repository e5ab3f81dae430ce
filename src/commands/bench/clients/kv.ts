import type { NatsConnection } from "@nats-io/transport-node";
import { cleanJs } from "../../../jetstream/manager.js";
import { type BenchSpec, type ClientResult, type ClientTask, wallNow } from "../spec.js";
import { LatencyRecorder } from "../stats.js";
import { type ClientControl, finish, Meter, newResult, ns, Pacer, pause, payloadTemplate } from "./common.js";

// KV clients (natscli's kvPutter and runKVGetter): one put or get at a time on keys "0", "1", … (the client's
// share of the run), or random keys below --randomize; every operation is a latency sample.

async function bucket(nc: NatsConnection, spec: BenchSpec) {
  const [{ jetstream }, { Kvm }] = await Promise.all([import("@nats-io/jetstream"), import("@nats-io/kv")]);
  return new Kvm(jetstream(nc, cleanJs({ ...spec.js, timeout: spec.timeoutMs }))).open(spec.bucket);
}

function keyOf(spec: BenchSpec, task: ClientTask, i: number): string {
  return String(spec.randomize > 0 ? Math.floor(Math.random() * spec.randomize) : task.offset + i);
}

/** `bench kv put`: puts the task's keys (at a fixed rate, latency from each put's intended time). */
export async function kvPut(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const pacer = new Pacer(task.rate);
  const kv = await bucket(nc, spec);
  const value = payloadTemplate(spec);
  await ctl.ready();
  if (spec.sleepMs > 0 && task.index > 0) await pause(Math.random() * spec.sleepMs, ctl);
  const start = wallNow();
  pacer.begin(start);
  for (let i = 0; i < task.msgs && !ctl.stopped(); i++) {
    const t0 = task.rate > 0 ? await pacer.start(i, ctl) : wallNow();
    if (ctl.stopped()) break;
    await kv.put(keyOf(spec, task, i), value);
    const t1 = wallNow();
    latency.record(ns(t1 - t0));
    meter.add(1, value.length, t1);
    await pause(spec.sleepMs, ctl);
  }
  return finish(r, meter, start, wallNow(), ctl, { latency, pacer });
}

/** `bench kv get`: gets the task's keys (a missing key is a warning, as natscli's). */
export async function kvGet(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const kv = await bucket(nc, spec);
  await ctl.ready();
  const start = wallNow();
  let missing = 0;
  for (let i = 0; i < task.msgs && !ctl.stopped(); i++) {
    const key = keyOf(spec, task, i);
    const t0 = wallNow();
    const e = await kv.get(key);
    const t1 = wallNow();
    latency.record(ns(t1 - t0));
    if (!e || e.operation !== "PUT") {
      if (++missing <= 10) ctl.warn(`Warning: got no value for key '${key}'`);
    }
    meter.add(1, e?.value.length ?? 0, t1);
    await pause(spec.sleepMs, ctl);
  }
  if (missing > 10) ctl.warn(`Warning: ${missing} keys had no value`);
  return finish(r, meter, start, wallNow(), ctl, { latency });
}
