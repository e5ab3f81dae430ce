import type { JsMsg } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import { CliError, ExitCode } from "../errors.js";
import { commas, localTime } from "../output/format.js";

/** Where a JetStream subscription starts and how it ends; the `sub` flags that switch to JetStream mode. */
export interface JsSubscribeOptions {
  /** Bind to this stream; otherwise the stream is found from the (first) subject. */
  stream?: string;
  /** Use (or create) this durable pull consumer instead of an ordered ephemeral one. */
  durable?: string;
  startSequence?: number;
  all?: boolean;
  new?: boolean;
  last?: boolean;
  /** Messages newer than now − since (milliseconds). */
  since?: number;
  /** Messages stored at or after this time (stream export --start-time). */
  startTime?: Date;
  lastPerSubject?: boolean;
  /** Stop once the consumer has nothing pending (end of the stream as it was when reached). */
  terminateAtEnd?: boolean;
  headersOnly?: boolean;
  /**
   * Durables: pull up to this many messages at once while a backlog is known (default 1). A batch is
   * read whole before it is handed out, and what is left when the reader stops is nak'd so it comes
   * straight back to the next reader (marked redelivered) instead of waiting out the ack wait.
   */
  batch?: number;
  /** Durables: never pull more than this many messages in all (sub --count). */
  limit?: number;
  /** Durables: the reader acknowledges each message itself through `msg` (sub --exec: by the command's exit code). */
  manualAck?: boolean;
  /** Aborting stops the subscription cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Clock for --since (tests pass a fixed one). */
  now?: () => number;
}

/** Where a JetStream message sits in its stream: what the JetStream header line, --json and --dump show. */
export interface JsMeta {
  stream: string;
  /** Stream sequence. */
  seq: number;
  consumerSeq: number;
  pending: number;
  time: Date;
  /** The stored time in nanoseconds since the epoch, as precise as a double holds it (`-d` shows sub-millisecond ages). */
  timeNanos?: number;
  redelivered: boolean;
}

export interface JsSubMessage extends JsMeta {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  deliveryCount: number;
  /** The underlying message (ack/nak/term for durable consumers). */
  msg: JsMsg;
}

/** A running JetStream subscription. */
export interface JsSubscription {
  stream: string;
  consumer: string;
  durable: boolean;
  /** natscli's start log line, e.g. `Subscribing to subject orders.> from first received message`. */
  description: string;
  messages: AsyncIterable<JsSubMessage>;
  stop(): Promise<void>;
}

/** JetStream mode is implied by any of these options (natscli.md §5). */
export function wantsJetStream(o: Partial<JsSubscribeOptions>): boolean {
  return Boolean(o.stream || o.durable || o.startSequence !== undefined || o.all || o.new || o.last || o.since !== undefined || o.lastPerSubject);
}

/** natscli's JetStream message header line (§5.1), `ts` being "" or " @ …". */
export function jsHeaderLine(n: number, m: Pick<JsSubMessage, "stream" | "seq" | "pending" | "subject" | "time">, ts = ""): string {
  return `[#${n}]${ts} Received JetStream message: stream: ${m.stream} seq: ${commas(m.seq)} / pending: ${commas(m.pending)} / subject: ${m.subject} / time: ${localTime(m.time)}`;
}

/** The fields a JetStream message adds to `sub --json` NDJSON lines. */
export function jsJsonFields(m: Pick<JsSubMessage, "stream" | "seq" | "consumerSeq" | "pending" | "time" | "redelivered">): { stream: string; sequence: number; consumer_sequence: number; pending: number; time: string; redelivered: boolean } {
  return { stream: m.stream, sequence: m.seq, consumer_sequence: m.consumerSeq, pending: m.pending, time: m.time.toISOString(), redelivered: m.redelivered };
}

/** A whole NDJSON record for one JetStream message: subject, headers, body (UTF-8) and the JetStream fields. */
export function jsMessageJson(m: JsSubMessage): Record<string, unknown> {
  const headers: Record<string, string[]> = {};
  for (const k of m.headers?.keys() ?? []) headers[k] = m.headers!.values(k);
  return { subject: m.subject, ...jsJsonFields(m), ...(Object.keys(headers).length ? { headers } : {}), data: Buffer.from(m.data).toString("utf8") };
}


/** What a push consumer's delivery says about itself in its `$JS.ACK.…` reply subject. */
export interface JsAckMeta {
  stream: string;
  consumer: string;
  delivered: number;
  streamSeq: number;
  consumerSeq: number;
}

/**
 * Reads a JetStream delivery's ack subject: `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>`
 * or the newer form with domain and account hash in front (12 tokens or more). undefined for any other reply.
 */
export function parseJsAck(reply: string | undefined): JsAckMeta | undefined {
  if (!reply?.startsWith("$JS.ACK.")) return undefined;
  const t = reply.split(".");
  let at: number;
  if (t.length === 9) at = 2;
  else if (t.length >= 12) at = 4;
  else return undefined;
  const [stream, consumer, delivered, sseq, cseq] = t.slice(at, at + 5);
  const n = [delivered, sseq, cseq].map((x) => Number(x));
  if (!stream || !consumer || n.some((x) => !Number.isInteger(x) || x < 0)) return undefined;
  return { stream, consumer, delivered: n[0]!, streamSeq: n[1]!, consumerSeq: n[2]! };
}

/**
 * The line natscli's README shows for a push consumer's delivery received with `sub --ack`:
 * `[#1] Received JetStream message: consumer: S > C / subject: s / delivered: 1 / consumer seq: 568 / stream seq: 2638 / ack: true`.
 */
export function jsAckHeaderLine(n: number, subject: string, a: JsAckMeta, acked: boolean, ts = ""): string {
  return `[#${n}]${ts} Received JetStream message: consumer: ${a.stream} > ${a.consumer} / subject: ${subject} / delivered: ${a.delivered} / consumer seq: ${a.consumerSeq} / stream seq: ${a.streamSeq} / ack: ${acked}`;
}

/** A push consumer without a deliver group serves one subscriber, and another one has it. */
export function pushBound(stream: string, consumer: string): CliError {
  return new CliError(`push consumer ${stream} > ${consumer} is already bound to a subscriber`, { exitCode: ExitCode.CONFLICT, hint: "a push consumer without a deliver group serves one subscriber at a time: stop the other one" });
}
