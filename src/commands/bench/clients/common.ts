import type { JsMsg } from "@nats-io/jetstream";
import type { ServiceMsg } from "@nats-io/services";
import type { Msg, MsgHdrs } from "@nats-io/transport-node";
import { headers as newHeaders } from "../../../nats-client.js";
import { type BenchSpec, type ClientResult, type ClientTask, clientPrefix, wallNow } from "../spec.js";
import { LatencyRecorder } from "../stats.js";

// What every client runner shares: the control a host gives it (stop, progress, the synchronised start), the
// payload with natsx's timestamp, subjects in multi-subject mode, fixed-rate pacing, and the result it builds.

/** How the host (this process, a worker thread or an agent) drives one client. */
export interface ClientControl {
  /** true once the run should stop (Ctrl-C): runners finish what is in flight and return what they measured. */
  stopped(): boolean;
  /** Resolves when the run is stopped. */
  readonly stopping: Promise<void>;
  /** Messages done since the last call. */
  progress(n: number): void;
  /** Says the client is ready (connected, subscribed); resolves when every client of the run may start. */
  ready(): Promise<void>;
  /** A warning for stderr (natscli logs these). */
  warn(line: string): void;
}

/** The payload timestamp natsx's publishers write and `bench sub` reads: "NXTS" then the send time (wall ms, float64 LE). */
export const STAMP_BYTES = 12;
const STAMP_MAGIC = [0x4e, 0x58, 0x54, 0x53];

/** true when the run's payloads carry timestamps: natsx's own zero payload of at least 12 bytes (not --payload FILE). */
export function stamped(spec: Pick<BenchSpec, "payload" | "size">): boolean {
  return spec.payload === undefined && spec.size >= STAMP_BYTES;
}

/** The payload of every message: --payload's bytes, or --size zero bytes with the timestamp marker in place. */
export function payloadTemplate(spec: Pick<BenchSpec, "payload" | "size">): Buffer {
  if (spec.payload !== undefined) return Buffer.from(spec.payload, "base64");
  const b = Buffer.alloc(spec.size);
  if (stamped(spec)) b.set(STAMP_MAGIC, 0);
  return b;
}

/** Writes send time `ms` into a stamped payload at `at`. */
export function writeStamp(buf: Buffer, at: number, ms: number): void {
  buf.writeDoubleLE(ms, at + 4);
}

/** The send time in a payload at `at` of `size` bytes, or NaN when it carries none. */
export function readStamp(buf: Uint8Array, at: number, size: number): number {
  if (size < STAMP_BYTES || buf[at] !== 0x4e || buf[at + 1] !== 0x58 || buf[at + 2] !== 0x54 || buf[at + 3] !== 0x53) return NaN;
  // one DataView per socket chunk's memory, whose getFloat64 V8 inlines (Buffer's readDoubleLE was ~20 % of
  // `bench sub`'s time per message)
  if (buf.buffer !== stampMemory) {
    stampMemory = buf.buffer;
    stampView = new DataView(stampMemory);
  }
  return stampView.getFloat64(buf.byteOffset + at + 4, true);
}
let stampMemory: ArrayBufferLike = new ArrayBuffer(0);
let stampView: DataView<ArrayBufferLike> = new DataView(stampMemory);

/** The subject of message `n` (natscli getPublishSubject): SUBJECT, or SUBJECT.<n> in multi-subject mode. */
export function subjectFor(spec: Pick<BenchSpec, "subject" | "multisubject" | "multisubjectMax" | "multisubjectRandomize">): (n: number) => string {
  if (!spec.multisubject) return () => spec.subject;
  if (spec.multisubjectMax === 0) return (n) => `${spec.subject}.${n}`;
  const width = String(spec.multisubjectMax).length;
  const pad = (k: number) => `${spec.subject}.${String(k).padStart(width, "0")}`;
  if (spec.multisubjectRandomize) return () => pad(Math.floor(Math.random() * spec.multisubjectMax));
  return (n) => pad(n % spec.multisubjectMax);
}

/** The subject subscribers and streams use: SUBJECT, or SUBJECT.* in multi-subject mode. */
export function subscribeSubject(spec: Pick<BenchSpec, "subject" | "multisubject">): string {
  return spec.multisubject ? `${spec.subject}.*` : spec.subject;
}

/** -H K:V as message headers (a fresh object: the JetStream client adds its own to what it is given). */
export function messageHeaders(spec: Pick<BenchSpec, "headers">): MsgHdrs | undefined {
  if (spec.headers.length === 0) return undefined;
  const h = newHeaders();
  for (const [k, v] of spec.headers) h.append(k, v);
  return h;
}

/**
 * Fixed-rate pacing without coordinated omission (wrk2): message i is due at start + i/rate, whether or not the
 * ones before it were late, and its latency is measured from that intended time.
 */
export class Pacer {
  private t0 = 0;
  private readonly perMsgMs: number;
  constructor(readonly rate: number) {
    this.perMsgMs = rate > 0 ? 1000 / rate : 0;
  }

  begin(now = wallNow()): void {
    this.t0 = now;
  }

  /** When message `i` (0-based) is due (wall ms). */
  due(i: number): number {
    return this.t0 + i * this.perMsgMs;
  }

  /** How many messages are due by `now`. */
  dueBy(now: number): number {
    return Math.floor((now - this.t0) / this.perMsgMs) + 1;
  }

  /** Waits until message `i` is due (a timer: at most ~1 ms late, which the latency then includes). */
  async wait(i: number, ctl: ClientControl): Promise<void> {
    const ms = this.due(i) - wallNow();
    if (ms >= 1) await Promise.race([sleep(ms), ctl.stopping]);
  }

  /**
   * Waits for message `i` and returns the time its latency counts from: when it was due, or now when it goes out
   * early (a timer cannot wait less than a millisecond) — never a time after the operation started.
   */
  async start(i: number, ctl: ClientControl): Promise<number> {
    await this.wait(i, ctl);
    const due = this.due(i);
    const now = wallNow();
    return due <= now ? due : now;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Sleeps for --sleep unless the run is being stopped. */
export async function pause(ms: number, ctl: ClientControl): Promise<void> {
  if (ms > 0) await Promise.race([sleep(ms), ctl.stopping]);
}

/** Counts a client's messages: progress for the host and the rate-over-time samples of --plot. */
export class Meter {
  count = 0;
  bytes = 0;
  readonly timeline: number[] = [];
  private last = 0;
  private calls = 0;
  constructor(private readonly ctl: ClientControl) {}

  /** `n` messages of `bytes` bytes in all are done. */
  add(n: number, bytes: number, now?: number): void {
    this.count += n;
    this.bytes += bytes;
    this.ctl.progress(n);
    if (n > 16 || (++this.calls & 15) === 0 || now !== undefined) {
      const t = now ?? wallNow();
      if (t - this.last >= 10) {
        this.last = t;
        this.timeline.push(t, this.count);
      }
    }
  }

  /** The first sample (the start) and the last (the end) are always there. */
  mark(t: number): void {
    this.timeline.push(t, this.count);
    this.last = t;
  }
}

/** A result shell for client `task` (natscli ids: P0, P1 … or S0 …). */
export function newResult(spec: BenchSpec, task: ClientTask): ClientResult {
  const role = task.role ?? (clientPrefix(spec.mode) === "P" ? "pub" : "sub");
  return { id: `${role === "pub" ? "P" : "S"}${task.slot}`, index: task.index, role, agent: task.agent, msgs: 0, bytes: 0, startMs: 0, endMs: 0, timeline: [], warnings: [], interrupted: false };
}

/** Fills a result from the meter and recorders once the client finished (or was stopped). */
export function finish(r: ClientResult, m: Meter, startMs: number, endMs: number, ctl: ClientControl, rec?: { latency?: LatencyRecorder; e2e?: LatencyRecorder; pacer?: Pacer }): ClientResult {
  r.msgs = m.count;
  r.bytes = m.bytes;
  r.startMs = startMs;
  r.endMs = Math.max(startMs, endMs);
  m.mark(r.endMs);
  r.timeline = m.timeline;
  r.latency = rec?.latency?.data();
  r.e2e = rec?.e2e?.data();
  if (rec?.pacer && rec.pacer.rate > 0) {
    const secs = (r.endMs - r.startMs) / 1000;
    r.rate = { target: rec.pacer.rate, achieved: secs > 0 ? r.msgs / secs : 0 };
  }
  r.interrupted = ctl.stopped();
  return r;
}

/**
 * Header and payload bytes of a received message, as the server counts them (/varz out_bytes): the client's size()
 * is those plus the subject and reply. JetStream and service messages wrap the client's message.
 */
export function wireBytes(m: Msg | JsMsg | ServiceMsg): number {
  // the client's message class has size(); its Msg type does not declare it
  type Sized = Msg & { size?(): number };
  const msg: Sized | undefined = typeof (m as Sized).size === "function" ? (m as Sized) : (m as { msg?: Sized }).msg;
  if (!msg || typeof msg.size !== "function") return m.data.length;
  return msg.size() - Buffer.byteLength(msg.subject) - (msg.reply ? Buffer.byteLength(msg.reply) : 0);
}

/** Milliseconds as nanoseconds for the latency recorders. */
export function ns(ms: number): number {
  return ms * 1e6;
}
