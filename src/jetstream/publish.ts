import { jetstream, jetstreamManager, type PubAck } from "@nats-io/jetstream";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import type { JsOptions } from "../context/plan.js";
import { CliError, ExitCode, explain, usageError } from "../errors.js";
import { humanDuration, commas } from "../output/format.js";
import { copyHeaders } from "../util/headers.js";
import { templateOrLiteral, type Template } from "../util/template.js";
import { cleanJs } from "./manager.js";

/** What `pub -J` needs besides subject and body. */
export interface JsPublishOptions {
  /** Nats-Msg-Id header for de-duplication within the stream's duplicate window. */
  msgId?: string;
  headers?: MsgHdrs;
  /** Milliseconds to wait for the PubAck (defaults to the JetStream timeout). */
  timeout?: number;
  /** Only store when the stream has this name. */
  expectStream?: string;
}

/** The stored message's place, from the PubAck. */
export interface JsPublishResult {
  stream: string;
  seq: number;
  duplicate: boolean;
  domain?: string;
}

/** Publishes one message to JetStream and resolves with where it was stored (see jsPublisher). */
export type JsPublishFn = (subject: string, data: Uint8Array | string, o?: JsPublishOptions) => Promise<JsPublishResult>;

/**
 * A reusable JetStream publish function: one JetStream context for every message, and the
 * "is JetStream there at all?" question behind a no-responders failure asked once per run.
 * A subject no stream captures is a CliError (exit 7) saying so, instead of the client's
 * misleading "jetstream is not enabled" (natsjs.md §4.5).
 */
export function jsPublisher(nc: NatsConnection, jsOpts: JsOptions): JsPublishFn {
  const js = jetstream(nc, cleanJs(jsOpts));
  let reachable: Promise<unknown> | undefined;
  return async (subject, data, o = {}) => {
    let pa: PubAck;
    try {
      pa = await js.publish(subject, data, {
        msgID: o.msgId,
        headers: o.headers,
        timeout: o.timeout ?? jsOpts.timeout,
        expect: o.expectStream ? { streamName: o.expectStream } : undefined,
      });
    } catch (e) {
      const name = (e as Error)?.name;
      if (name !== "JetStreamNotEnabled" && name !== "NoRespondersError") throw e;
      // No responder: either JetStream is off, or no stream listens on the subject. Ask the API which (once).
      reachable ??= jetstreamManager(nc, cleanJs(jsOpts)).then(() => undefined, (e2: unknown) => e2);
      const off = await reachable;
      if (off) throw off;
      throw new CliError(`no stream captures subject "${subject}": the message was not stored`, { exitCode: ExitCode.NOT_FOUND, hint: "create a stream for it with `nats stream add --subjects`, or publish without -J" });
    }
    return { stream: pa.stream, seq: pa.seq, duplicate: Boolean(pa.duplicate), domain: pa.domain };
  };
}

/**
 * Publishes to JetStream and waits for the PubAck. A subject no stream captures is a CliError
 * (exit 7) saying so, instead of the client's misleading "jetstream is not enabled" (natsjs.md §4.5).
 */
export async function jsPublish(nc: NatsConnection, jsOpts: JsOptions, subject: string, data: Uint8Array | string, o: JsPublishOptions = {}): Promise<JsPublishResult> {
  return jsPublisher(nc, jsOpts)(subject, data, o);
}

/** natscli's `pub -J` log line: `Stored in Stream: S Sequence: N` plus Domain / Duplicate when set. */
export function formatPubAck(r: JsPublishResult): string {
  let s = `Stored in Stream: ${r.stream} Sequence: ${commas(r.seq)}`;
  if (r.domain) s += ` Domain: "${r.domain}"`;
  if (r.duplicate) s += " Duplicate: true";
  return s;
}

/** One message as `pub` builds it. */
export interface PubAckMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** How `pub -J` publishes: message ids, window size and where lines go. */
export interface PubAckWindowOptions {
  /** Nats-Msg-Id, templated like the body ({{Count}} makes one id per message). */
  msgId?: string;
  templates: boolean;
  /** PubAcks awaited at once: enough to keep the connection busy, bounded memory (natsjs.md §7.3). */
  window?: number;
  /** Milliseconds to wait for each PubAck. */
  timeout: number;
  /** Progress lines, silenced by --quiet. */
  say: (m: string) => void;
  /** Failure lines, always shown. */
  warn: (m: string) => void;
  now: () => number;
}

interface InFlight {
  n: number;
  subject: string;
  bytes: number;
  log: boolean;
  settled: boolean;
  result?: JsPublishResult;
  error?: CliError;
}

const DEFAULT_WINDOW = 256;

/**
 * `pub -J`'s publisher: keeps a window of PubAcks in flight instead of awaiting each one, and
 * reports every outcome in publish order — natscli's per-message lines, every failure, a summary.
 * After a failure it stops (natscli aborts on an ack error) unless lines are read from stdin with
 * `--send-on newline`, where natscli logs the failure and carries on; either way the run fails.
 */
export class PubAckWindow {
  /** pub leaves the per-message lines to us: they are printed once the ack arrived. */
  readonly ownLog = true;
  private readonly window: number;
  private readonly msgIdTpl?: Template;
  private keepGoing = false;
  private newline = false;
  private queue: InFlight[] = [];
  private head = 0;
  private inflight = 0;
  private wake?: () => void;
  private halted = false;
  private first?: InFlight;
  private sent = 0;
  private logged = 0;
  private readonly streams = new Map<string, number>();
  /** Messages the streams stored (duplicates excluded). */
  stored = 0;
  /** Messages the streams recognised as duplicates of an earlier Nats-Msg-Id. */
  duplicates = 0;
  failed = 0;

  constructor(private readonly publish: JsPublishFn, private readonly o: PubAckWindowOptions) {
    this.window = Math.max(1, o.window ?? DEFAULT_WINDOW);
    if (o.msgId !== undefined) {
      if (o.msgId.trim() === "") throw usageError("--msg-id cannot be empty");
      this.msgIdTpl = templateOrLiteral(o.msgId, o.templates, "msg-id", o.warn);
    }
  }

  /** Called once before the first message: stdin lines keep going after a failure. */
  start(o: { newline: boolean }): void {
    this.newline = o.newline;
    this.keepGoing = o.newline;
  }

  /** Sends one message; resolves at once while the window has room (or once a logged message's ack is in). */
  send(m: PubAckMessage, n: number, log: boolean): void | Promise<void> {
    if (this.halted) return this.settle();
    const msgId = this.msgIdTpl?.render({ count: n, now: this.o.now() });
    // the client writes Nats-Msg-Id into the headers object it is given, and pub shares one between messages
    const hdrs = msgId !== undefined && m.headers ? copyHeaders(m.headers) : m.headers;
    const p: InFlight = { n, subject: m.subject, bytes: m.data.length, log, settled: false };
    this.queue.push(p);
    this.inflight++;
    this.sent++;
    this.publish(m.subject, m.data, { msgId, headers: hdrs, timeout: this.o.timeout }).then(
      (r) => { p.result = r; },
      (e: unknown) => { p.error = this.describe(e); },
    ).finally(() => {
      p.settled = true;
      this.inflight--;
      this.report();
      this.wake?.();
    });
    // logged messages go one at a time, so their lines read as natscli's: published, then stored
    if (log) return this.until(() => p.settled).then(() => (this.halted ? this.settle() : undefined));
    if (this.inflight >= this.window) return this.until(() => this.inflight < this.window).then(() => (this.halted ? this.settle() : undefined));
    return undefined;
  }

  /** Waits for every ack still in flight; throws one CliError when any message was not stored. */
  async settle(): Promise<void> {
    await this.until(() => this.inflight === 0);
    this.report();
    if (!this.first) return;
    const f = this.first;
    const e = f.error!;
    if (this.keepGoing) {
      throw new CliError(`${commas(this.failed)} of ${commas(this.sent)} messages were not stored (the first, message ${commas(f.n)}: ${e.message})`, { exitCode: e.exitCode, hint: e.hint });
    }
    if (this.sent === 1) throw e;
    const dups = this.duplicates ? `, ${commas(this.duplicates)} were duplicates` : "";
    throw new CliError(`message ${commas(f.n)} was not stored: ${e.message}; of ${commas(this.sent)} messages sent ${commas(this.stored)} ${this.stored === 1 ? "was" : "were"} stored${dups} and ${commas(this.failed)} failed, publishing stopped`, { exitCode: e.exitCode, hint: e.hint });
  }

  /** The closing line for runs where not every message was logged on its own. */
  summary(): string | undefined {
    if (this.logged === this.sent || this.sent === 0) return undefined;
    const dup = this.duplicates ? ` Duplicates: ${commas(this.duplicates)}` : "";
    if (this.streams.size === 1) {
      const [name, seq] = [...this.streams][0]!;
      return `Stored ${commas(this.stored)} messages in Stream: ${name} Last Sequence: ${commas(seq)}${dup}`;
    }
    const list = [...this.streams].map(([name, seq]) => `${name} (last sequence ${commas(seq)})`).join(", ");
    return `Stored ${commas(this.stored)} messages in Streams: ${list || "none"}${dup}`;
  }

  private describe(e: unknown): CliError {
    if ((e as Error)?.name === "TimeoutError") {
      return new CliError(`no PubAck within ${humanDuration(this.o.timeout)}: the message may not have been stored`, { exitCode: ExitCode.TIMEOUT, hint: "raise --timeout if the server is slow; with --msg-id a retry is not stored twice" });
    }
    return explain(e);
  }

  private async until(cond: () => boolean): Promise<void> {
    while (!cond()) await new Promise<void>((r) => { this.wake = r; });
    this.wake = undefined;
  }

  /** Reports settled messages in the order they were sent. */
  private report(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.settled) {
      const p = this.queue[this.head++]!;
      if (p.result) {
        const r = p.result;
        if (r.duplicate) this.duplicates++;
        else this.stored++;
        this.streams.set(r.stream, Math.max(this.streams.get(r.stream) ?? 0, r.seq));
        if (p.log) {
          this.logged++;
          const more = this.newline && p.n === 20 ? " (further messages are summarised at the end)" : "";
          this.o.say(`Published ${p.bytes} bytes to "${p.subject}"${more}`);
          this.o.say(formatPubAck(r));
        }
      } else {
        this.failed++;
        if (!this.first) {
          this.first = p;
          if (!this.keepGoing) this.halted = true;
        }
        // a run that stops ends with its first failure as the command's error line: log the others
        if (this.keepGoing || this.first !== p) this.o.warn(`Could not publish message ${commas(p.n)} to "${p.subject}": ${p.error!.message}`);
      }
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
