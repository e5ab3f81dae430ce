import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg, PubAck } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { CliError } from "../../../errors.js";
import { cleanJs } from "../../../jetstream/manager.js";
import { type BenchSpec, type ClientResult, type ClientTask, wallNow } from "../spec.js";
import { LatencyRecorder } from "../stats.js";
import { type ClientControl, finish, Meter, messageHeaders, newResult, ns, Pacer, pause, payloadTemplate, stamped, subjectFor, wireBytes, writeStamp } from "./common.js";

// JetStream clients (natscli's jsPublisher, runJSSubscriber, runJSGetter): publishing with an ack per message,
// per batch or flow-controlled; consuming through an ordered consumer, a durable consumer's callback or fetch; and
// reading messages back by sequence. Every wait is a latency sample (per publish, batch, fetch or get).

async function client(nc: NatsConnection, spec: BenchSpec): Promise<JetStreamClient> {
  const { jetstream } = await import("@nats-io/jetstream");
  return jetstream(nc, cleanJs({ ...spec.js, timeout: spec.timeoutMs }));
}

/** The payload of message i: the template with its send time when stamped (a copy: the client keeps a reference). */
function payloadOf(template: Buffer, stamp: boolean, at: number): Uint8Array {
  if (!stamp) return template;
  const b = Buffer.from(template);
  writeStamp(b, 0, at);
  return b;
}

/** `bench js pub sync|async|batch|fast`: publishes the task's messages to the stream and waits for its acks. */
export async function jsPub(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const pacer = new Pacer(task.rate);
  const js = await client(nc, spec);
  const template = payloadTemplate(spec);
  const stamp = stamped(spec);
  const subject = subjectFor(spec);
  const hdrLen = messageHeaders(spec) ? (messageHeaders(spec) as unknown as { encode(): Uint8Array }).encode().length : 0;
  const size = template.length + hdrLen;
  const msgId = (i: number) => (spec.dedup ? `${task.runId}-${task.index}-${task.offset + i}` : undefined);
  const opts = (i: number) => ({ msgID: msgId(i), headers: messageHeaders(spec), timeout: spec.timeoutMs });
  await ctl.ready();
  if (spec.sleepMs > 0 && task.index > 0) await pause(Math.random() * spec.sleepMs, ctl);
  const start = wallNow();
  pacer.begin(start);
  // when message i may go: at a fixed rate its intended time (latency is measured from it), otherwise now
  const sendTime = (i: number) => (task.rate > 0 ? pacer.start(i, ctl) : wallNow());
  const n = task.msgs;
  if (spec.mode === "js-pub-sync") {
    for (let i = 0; i < n && !ctl.stopped(); i++) {
      const t0 = await sendTime(i);
      if (ctl.stopped()) break;
      await js.publish(subject(task.offset + i), payloadOf(template, stamp, t0), opts(i));
      const t1 = wallNow();
      latency.record(ns(t1 - t0));
      meter.add(1, size, t1);
      await pause(spec.sleepMs, ctl);
    }
  } else if (spec.mode === "js-pub-async") {
    // --batch publishes in flight, then wait for all their acks; each message's latency is send → its ack
    for (let i = 0; i < n && !ctl.stopped();) {
      const k = Math.min(spec.batch, n - i);
      const acks: Promise<PubAck>[] = [];
      for (let j = 0; j < k && !ctl.stopped(); j++) {
        const t0 = await sendTime(i + j);
        acks.push(js.publish(subject(task.offset + i + j), payloadOf(template, stamp, t0), opts(i + j)).then((a) => {
          latency.record(ns(wallNow() - t0));
          return a;
        }));
        await pause(spec.sleepMs, ctl);
      }
      const settled = await Promise.allSettled(acks);
      const failed = settled.find((s) => s.status === "rejected");
      meter.add(acks.length, acks.length * size);
      if (failed) throw new CliError(`async publish acknowledgement is an error: ${(failed as PromiseRejectedResult).reason?.message ?? failed}`);
      i += acks.length;
    }
  } else if (spec.mode === "js-pub-batch") {
    // atomic batches of --batch messages: the latency is per batch, first message to the commit's ack
    for (let i = 0; i < n && !ctl.stopped();) {
      const k = Math.min(spec.batch, n - i);
      const t0 = await sendTime(i);
      const batch = await js.startBatch(subject(task.offset + i), payloadOf(template, stamp, t0), { headers: messageHeaders(spec) });
      for (let j = 1; j < k - 1; j++) batch.add(subject(task.offset + i + j), payloadOf(template, stamp, t0), { headers: messageHeaders(spec) });
      if (k > 1) await batch.commit(subject(task.offset + i + k - 1), payloadOf(template, stamp, t0), { timeout: spec.timeoutMs });
      latency.record(ns(wallNow() - t0));
      meter.add(k, k * size);
      i += k;
      await pause(spec.sleepMs, ctl);
    }
  } else if (spec.mode === "js-pub-fast") {
    // fast ingest: the server acks every --batch messages (flow control); latency per advance of its ack
    const { startFastIngest } = await import("@nats-io/jetstream/internal");
    let t0 = await sendTime(0);
    const fi = await startFastIngest(nc, subject(task.offset), payloadOf(template, stamp, t0), { ackInterval: spec.batch, maxOutstandingAcks: spec.maxOutstandingAcks, allowGaps: false });
    let acked = 0;
    meter.add(1, size);
    for (let i = 1; i < n && !ctl.stopped(); i++) {
      const at = await sendTime(i);
      const p = await fi.add(subject(task.offset + i), payloadOf(template, stamp, at), { headers: messageHeaders(spec) });
      if (p.ackSeq > acked) {
        const now = wallNow();
        latency.record(ns(now - t0));
        acked = p.ackSeq;
        t0 = now;
      }
      meter.add(1, size);
      await pause(spec.sleepMs, ctl);
    }
    await fi.end({ timeout: spec.timeoutMs });
    latency.record(ns(wallNow() - t0));
  }
  return finish(r, meter, start, wallNow(), ctl, { latency, pacer });
}

/** `bench js ordered|consume|fetch`: receives the task's messages; the clock starts at the first one. */
export async function jsConsume(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const js = await client(nc, spec);
  const expected = task.msgs;
  let start = 0;
  let end = 0;
  let finished!: () => void;
  const done = new Promise<void>((res) => { finished = res; });
  let failure: unknown;
  const acking = spec.mode !== "js-ordered" && spec.acks !== "none";
  const handle = async (m: JsMsg) => {
    if (meter.count >= expected) {
      // pulled beyond this client's share: back to the consumer at once, not after the ack wait
      if (acking) m.nak();
      return;
    }
    if (spec.sleepMs > 0) await pause(spec.sleepMs, ctl);
    if (acking) {
      if (spec.doubleAck) {
        // a double ack waits for the server's confirmation: each is a latency sample (consume; fetch times its pulls)
        const t0 = wallNow();
        await m.ackAck();
        if (spec.mode === "js-consume") latency.record(ns(wallNow() - t0));
      } else m.ack();
    }
    const now = wallNow();
    if (meter.count === 0) start = now;
    end = now;
    meter.add(1, wireBytes(m), now);
    if (meter.count >= expected) finished();
  };
  const consumer = spec.mode === "js-ordered"
    ? await js.consumers.get(spec.stream, { filter_subjects: spec.filter.length ? spec.filter : undefined, inactive_threshold: 10_000_000_000 } as never)
    : await js.consumers.get(spec.stream, spec.consumer);
  await nc.flush();
  await ctl.ready();
  if (spec.mode === "js-fetch") {
    let timedOut = false;
    while (meter.count < expected && !ctl.stopped()) {
      const want = Math.min(spec.batch, expected - meter.count);
      const t0 = wallNow();
      const it = await consumer.fetch({ max_messages: want, expires: Math.max(1000, spec.timeoutMs) });
      let got = 0;
      for await (const m of it) {
        await handle(m);
        got++;
        if (ctl.stopped()) break;
      }
      if (got > 0) latency.record(ns(wallNow() - t0));
      if (got < want && !ctl.stopped() && !timedOut) {
        timedOut = true;
        ctl.warn("WARNING: at least one of the pull consumer Fetch operation timed out. These results are not optimal!");
      }
    }
  } else if (spec.mode === "js-ordered") {
    // an ordered consumer is this client's own and acknowledges nothing: what it pulls beyond the share goes with it
    const messages = await consumer.consume({
      max_messages: Math.min(spec.batch, expected),
      callback: (m: JsMsg) => {
        handle(m).catch((e) => { failure ??= e; finished(); });
      },
    } as never);
    await Promise.race([done, ctl.stopping]);
    await messages.close().catch(() => undefined);
    if (failure) throw failure;
  } else {
    const pulls = pullShare(consumer, expected, spec.batch, (m) => { handle(m).catch((e) => { failure ??= e; finished(); }); }, (e) => { failure ??= e; finished(); });
    await Promise.race([done, ctl.stopping]);
    await pulls.close();
    if (failure) throw failure;
  }
  return finish(r, meter, start, meter.count > 0 ? end : start, ctl, { latency: spec.mode === "js-fetch" || (spec.mode === "js-consume" && spec.doubleAck) ? latency : undefined });
}

/**
 * Consumes a durable consumer's messages for one client as natscli's Consume(PullMaxMessages(batch), StopAfter(share))
 * does: at most `batch` asked for at a time, topped up once half of it has arrived (the Go client's threshold), and
 * never more than the share. The JavaScript client's consume() has no StopAfter: it keeps pulling past the share,
 * and what the server sends after the client stopped waits out the consumer's ack wait (30 s) before another client
 * of the run gets it, stalling the run.
 */
function pullShare(consumer: Consumer, share: number, batch: number, onMessage: (m: JsMsg) => void, onError: (e: unknown) => void): { close(): Promise<void> } {
  let asked = 0; // asked for: received, or still to come
  let outstanding = 0;
  let closed = false;
  const open = new Set<ConsumerMessages>();
  const topUp = () => {
    if (closed || outstanding > batch * 0.5) return;
    const n = Math.min(batch - outstanding, share - asked);
    if (n <= 0) return;
    asked += n;
    outstanding += n;
    void (async () => {
      let got = 0;
      try {
        // a callback, as consume() delivers: an iterator costs a promise per message
        const it = await consumer.fetch({
          max_messages: n,
          callback: (m: JsMsg) => {
            got++;
            outstanding--;
            onMessage(m);
            topUp();
          },
        } as never);
        open.add(it);
        if (closed) void it.close();
        const err = await it.closed();
        open.delete(it);
        if (err) throw err;
      } catch (e) {
        if (!closed) onError(e);
      } finally {
        // a pull that expired short: what it did not bring is asked for again
        outstanding -= n - got;
        asked -= n - got;
        topUp();
      }
    })();
  };
  topUp();
  return {
    async close() {
      closed = true;
      await Promise.all([...open].map((it) => it.close().catch(() => undefined)));
    },
  };
}

/** `bench js get sync|batch`: reads the task's messages back by sequence, one get or one direct batch at a time. */
export async function jsGet(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  const r = newResult(spec, task);
  const meter = new Meter(ctl);
  const latency = new LatencyRecorder();
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc, { ...cleanJs({ ...spec.js, timeout: spec.timeoutMs }), checkAPI: false });
  const si = await jsm.streams.info(spec.stream);
  const direct = si.config.allow_direct === true;
  await ctl.ready();
  const start = wallNow();
  let seq = Math.max(1, si.state.first_seq);
  const n = task.msgs;
  let short = false;
  if (spec.mode === "js-get-sync") {
    for (let i = 0; i < n && !ctl.stopped(); i++) {
      const t0 = wallNow();
      const m = direct ? await jsm.direct.getMessage(spec.stream, { seq: seq + i }) : await jsm.streams.getMessage(spec.stream, { seq: seq + i });
      const t1 = wallNow();
      if (!m) throw new CliError(`getting message sequence number ${seq + i} from the stream: message not found`);
      latency.record(ns(t1 - t0));
      meter.add(1, m.data.length, t1);
      await pause(spec.sleepMs, ctl);
    }
  } else {
    while (meter.count < n && !ctl.stopped()) {
      const want = Math.min(spec.batch, n - meter.count);
      const t0 = wallNow();
      const it = await jsm.direct.getBatch(spec.stream, { batch: want, seq, ...(spec.getFilter && spec.getFilter !== ">" ? { next_by_subj: spec.getFilter } : {}) } as never);
      let got = 0;
      for await (const m of it) {
        got++;
        seq = m.seq + 1;
        meter.add(1, m.data.length);
      }
      latency.record(ns(wallNow() - t0));
      if (got === 0) throw new CliError(`the stream has no messages after sequence ${seq - 1}`);
      if (got !== want) {
        ctl.warn(`[${task.index + 1}] Warning: Got ${got} (expected ${want}) messages in this batch`);
        short = true;
      }
      await pause(spec.sleepMs, ctl);
    }
  }
  if (short) ctl.warn("WARNING: at least one of the clients got less than the requested number of messages in a batch get. These results may not be optimal!");
  return finish(r, meter, start, wallNow(), ctl, { latency });
}
