import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { CliError } from "../../../errors.js";
import { type BenchSpec, type ClientResult, type ClientTask, wallNow } from "../spec.js";
import { LatencyRecorder } from "../stats.js";
import { type ClientControl, finish, Meter, messageHeaders, newResult, ns, Pacer, pause, payloadTemplate, readStamp, stamped, subjectFor, subscribeSubject, wireBytes, writeStamp } from "./common.js";

// Core NATS clients: publisher, subscriber, service requester and server (natscli's runCorePublisher,
// runCoreSubscriber, runCoreRequester, runServiceServer). Publishers send through natsx's framing path
// (src/messaging/frame-publisher.ts) and subscribers count from natsx's framing reader, so the figures are the
// server's, not the JavaScript client's; --via-client measures the client's publish()/callbacks instead.

/** `bench pub`: publishes the task's messages; timestamps in the payload let subscribers measure end-to-end latency. */
export async function corePub(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const pacer = new Pacer(task.rate);
  const payload = payloadTemplate(spec);
  const hdrs = messageHeaders(spec);
  const { FramePublisher } = await import("../../../messaging/frame-publisher.js");
  await ctl.ready();
  // natscli: jitter between publishers when --sleep is set
  if (spec.sleepMs > 0 && task.index > 0) await pause(Math.random() * spec.sleepMs, ctl);
  const start = wallNow();
  pacer.begin(start);
  if (spec.viaClient || spec.sleepMs > 0) {
    await publishViaClient(spec, task, nc, ctl, meter, pacer, payload, hdrs);
  } else {
    const fp = new FramePublisher(nc);
    const stamp = stamped(spec);
    if (!spec.multisubject && !hdrs && task.rate === 0) {
      // every message the same: the frame is encoded once and copied into each chunk (the send time per chunk)
      await fp.repeat(fp.prefix(spec.subject), payload, task.msgs, () => ctl.stopped(), (k) => meter.add(k, k * payload.length), stamp ? (frame, at) => writeStamp(frame, at, wallNow()) : undefined);
    } else {
      await publishFramed(spec, task, fp, ctl, meter, pacer, payload, hdrs, stamp);
    }
    await fp.flush();
    // what the server confirmed, headers included (the meter counted payloads as they were framed)
    meter.count = fp.sent;
    meter.bytes = fp.bytes;
  }
  return finish(r, meter, start, wallNow(), ctl, { pacer });
}

type FramePublisher = import("../../../messaging/frame-publisher.js").FramePublisher;

/** Frame by frame: multi-subject, headers, or a fixed rate (each message stamped with its intended send time). */
async function publishFramed(spec: BenchSpec, task: ClientTask, fp: FramePublisher, ctl: ClientControl, meter: Meter, pacer: Pacer, payload: Buffer, hdrs: MsgHdrs | undefined, stamp: boolean): Promise<void> {
  const subject = subjectFor(spec);
  const hdrBytes = hdrs ? (hdrs as MsgHdrs & { encode(): Uint8Array }).encode() : undefined;
  const prefixes = new Map<string, Uint8Array>();
  const prefixOf = (s: string) => {
    let p = prefixes.get(s);
    if (!p) {
      p = fp.prefix(s, undefined, hdrBytes !== undefined);
      if (prefixes.size < 200_000) prefixes.set(s, p);
    }
    return p;
  };
  const size = payload.length + (hdrBytes?.length ?? 0);
  let due = task.rate > 0 ? 0 : task.msgs;
  let pending = 0;
  let stampAt = 0;
  for (let i = 0; i < task.msgs && !ctl.stopped(); i++) {
    if (i >= due) {
      // paced: out with what is due, then wait for the next message's intended time
      const w = fp.send();
      if (w) await w;
      meter.add(pending, pending * size);
      pending = 0;
      await pacer.wait(i, ctl);
      if (ctl.stopped()) break;
      due = Math.min(task.msgs, pacer.dueBy(wallNow()));
    }
    if (stamp) {
      if (task.rate > 0) writeStamp(payload, 0, pacer.due(i));
      else if ((i & 1023) === 0) stampAt = wallNow();
      if (task.rate === 0) writeStamp(payload, 0, stampAt);
    }
    const w = fp.add(prefixOf(subject(task.offset + i)), payload, hdrBytes);
    if (w) await w;
    if (++pending === 1024) {
      meter.add(pending, pending * size);
      pending = 0;
    }
  }
  meter.add(pending, pending * size);
}

/** The client's own publish(), per message (--via-client, and --sleep: a flush and a pause after each message). */
async function publishViaClient(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl, meter: Meter, pacer: Pacer, payload: Buffer, hdrs: MsgHdrs | undefined): Promise<void> {
  const subject = subjectFor(spec);
  const stamp = stamped(spec);
  const size = payload.length + ((hdrs as (MsgHdrs & { encode(): Uint8Array }) | undefined)?.encode().length ?? 0);
  for (let i = 0; i < task.msgs && !ctl.stopped(); i++) {
    if (task.rate > 0) await pacer.wait(i, ctl);
    let data: Uint8Array = payload;
    if (stamp) {
      // the client keeps a reference to the payload until the socket took it: a copy per stamped message
      const b = Buffer.from(payload);
      writeStamp(b, 0, task.rate > 0 ? pacer.due(i) : wallNow());
      data = b;
    }
    nc.publish(subject(task.offset + i), data, hdrs ? { headers: hdrs } : undefined);
    if (spec.sleepMs > 0) {
      await nc.flush();
      meter.add(1, size);
      await pause(spec.sleepMs, ctl);
    } else if ((i + 1) % 10_000 === 0) {
      meter.add(10_000, 10_000 * size);
      await new Promise((res) => setImmediate(res));
    }
  }
  await nc.flush();
  const counted = meter.count;
  const sent = nc.stats().outMsgs;
  // the publish() loop counts in steps: settle on what the client sent
  meter.add(Math.max(0, Math.min(task.msgs, sent) - counted), Math.max(0, Math.min(task.msgs, sent) - counted) * size);
}

/**
 * `bench sub`: expects the task's messages; the clock starts at the first one (natscli). Payloads stamped by a
 * natsx publisher give the end-to-end latency: the receive time is read once per socket chunk, and runs of
 * messages with one send time (a publisher's chunk) are recorded at once.
 */
export async function coreSub(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const e2e = new LatencyRecorder();
  const expected = task.msgs;
  let start = 0;
  let end = 0;
  let count = 0;
  let bytes = 0;
  let counted = 0;
  let countedBytes = 0;
  let finished!: () => void;
  const done = new Promise<void>((res) => { finished = res; });
  let now = NaN;
  let runTs = NaN;
  let runN = 0;
  const flushRun = () => {
    if (runN > 0) {
      e2e.record(ns(now - runTs), runN);
      runN = 0;
    }
  };
  const got = (size: number, ts: number) => {
    if (count >= expected) return;
    if (count === 0) start = now = wallNow();
    count++;
    bytes += size;
    if (ts === ts) {
      if (now !== now) now = wallNow();
      if (ts === runTs) runN++;
      else {
        flushRun();
        runTs = ts;
        runN = 1;
      }
    }
    if (count >= expected) {
      end = now === now ? now : wallNow();
      batchEnd();
      finished();
    }
  };
  const batchEnd = () => {
    flushRun();
    if (count < expected || counted < count) {
      if (count < expected) end = now === now ? now : wallNow();
      meter.add(count - counted, bytes - countedBytes, end);
      counted = count;
      countedBytes = bytes;
    }
    now = NaN;
    runTs = NaN;
  };
  const framed = spec.viaClient ? undefined : await import("../../../messaging/frame-reader.js");
  const routes = framed?.frameRoutes(nc);
  const sub = nc.subscribe(subscribeSubject(spec), {
    max: expected,
    callback: (err, m) => {
      if (err) return;
      now = wallNow();
      got(wireBytes(m), readStamp(m.data, 0, m.data.length));
      batchEnd();
    },
  });
  routes?.add(sub, {
    message: (m) => got(m.wireSize, readStamp(m.chunk, m.dataStart, m.size)),
    payload: (chunk, start, size, wireSize) => got(wireSize, readStamp(chunk, start, size)),
    batchEnd,
  });
  await nc.flush();
  await ctl.ready();
  await Promise.race([done, ctl.stopping]);
  if (count < expected) batchEnd();
  return finish(r, meter, start, count > 0 ? end : start, ctl, { e2e });
}

/** `bench service request`: one request at a time, latency from send (or, at a fixed rate, the intended send) to reply. */
export async function coreRequest(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const pacer = new Pacer(task.rate);
  const payload = payloadTemplate(spec);
  const hdrs = messageHeaders(spec);
  const subject = subjectFor(spec);
  const size = payload.length + ((hdrs as (MsgHdrs & { encode(): Uint8Array }) | undefined)?.encode().length ?? 0);
  await ctl.ready();
  if (spec.sleepMs > 0 && task.index > 0) await pause(Math.random() * spec.sleepMs, ctl);
  const start = wallNow();
  pacer.begin(start);
  for (let i = 0; i < task.msgs && !ctl.stopped(); i++) {
    const t0 = task.rate > 0 ? await pacer.start(i, ctl) : wallNow();
    if (ctl.stopped()) break;
    const m = await nc.request(subject(task.offset + i), payload, { timeout: spec.timeoutMs, headers: hdrs });
    const t1 = wallNow();
    latency.record(ns(t1 - t0));
    // natscli: an empty reply, one starting with "-" or containing "error" ends the benchmark
    const d = m.data;
    if (d.length === 0 || d[0] === 45 || Buffer.from(d.buffer, d.byteOffset, d.length).includes("error")) {
      throw new CliError(`Request did not receive a good reply: ${JSON.stringify(new TextDecoder().decode(d))}`);
    }
    meter.add(1, size, t1);
    await pause(spec.sleepMs, ctl);
  }
  return finish(r, meter, start, wallNow(), ctl, { latency, pacer });
}

/** `bench service serve`: a micro service instance (nats-bench-service 1.0.0) answering "ok" until the run is stopped. */
export async function coreServe(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const { Svcm } = await import("@nats-io/services");
  const ok = new TextEncoder().encode("ok");
  let start = 0;
  let end = 0;
  const srv = await new Svcm(nc).add({ name: "nats-bench-service", version: "1.0.0" });
  srv.addEndpoint("default", {
    subject: spec.subject,
    handler: (err, m) => {
      if (err) return;
      const respond = () => {
        end = wallNow();
        if (start === 0) start = end;
        m.respond(ok);
        meter.add(1, wireBytes(m), end);
      };
      if (spec.sleepMs > 0) setTimeout(respond, spec.sleepMs);
      else respond();
    },
  });
  await nc.flush();
  await ctl.ready();
  await ctl.stopping;
  await srv.stop().catch(() => undefined);
  r.role = "sub";
  return finish(r, meter, start, end, ctl);
}
