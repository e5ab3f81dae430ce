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

/**
 * What became of one JetStream publish: stored (a new message), duplicate (the stream already had
 * its Nats-Msg-Id), not_stored (the server, or the absence of any stream, said no) or unconfirmed
 * (no PubAck came: the message may or may not be in the stream).
 */
export type PubOutcome = "stored" | "duplicate" | "not_stored" | "unconfirmed";

/** A message that was not confirmed as stored, for `pub -J --json`. */
export interface PubFailure {
  message: number;
  subject: string;
  msg_id?: string;
  outcome: "not_stored" | "unconfirmed";
  error: string;
}

/** `pub -J --json`: one document for the whole run (docs in README, "Publishing from a script"). */
export interface PubReport {
  sent: number;
  stored: number;
  duplicates: number;
  not_stored: number;
  unconfirmed: number;
  streams: { stream: string; stored: number; duplicates: number; last_sequence: number }[];
  failures: PubFailure[];
  interrupted: boolean;
}

interface InFlight {
  n: number;
  subject: string;
  msgId?: string;
  bytes: number;
  log: boolean;
  settled: boolean;
  result?: JsPublishResult;
  error?: CliError;
  unconfirmed?: boolean;
}

const DEFAULT_WINDOW = 256;

/**
 * true when the publish may have reached the stream although no PubAck says so: the ack timed out,
 * or the connection closed while it was awaited. Every other failure is an answer (an API error, no
 * stream for the subject) or happened before the message left.
 */
function mayBeStored(e: unknown): boolean {
  const name = (e as Error)?.name;
  if (name === "TimeoutError") return true;
  return name === "RequestError" && /connection (closed|disconnected)/.test((e as Error).message);
}

/**
 * `pub -J`'s publisher: keeps a window of PubAcks in flight instead of awaiting each one, and
 * reports every outcome in publish order — natscli's per-message lines, every failure, a summary.
 * Outcomes are three (stored, not stored, unconfirmed) and counted apart: an ack that timed out may
 * still have been stored, so a plain rerun can store it twice; --msg-id makes the rerun safe.
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
  private readonly streams = new Map<string, { stored: number; duplicates: number; last: number }>();
  private readonly failures: PubFailure[] = [];
  /** Messages the streams stored (duplicates excluded). */
  stored = 0;
  /** Messages the streams recognised as duplicates of an earlier Nats-Msg-Id (already in the stream). */
  duplicates = 0;
  /** Messages the server refused or no stream took: certainly not in a stream. */
  notStored = 0;
  /** Messages whose PubAck never came: they may or may not be in the stream. */
  unconfirmed = 0;

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
    const p: InFlight = { n, subject: m.subject, msgId, bytes: m.data.length, log, settled: false };
    this.queue.push(p);
    this.inflight++;
    this.sent++;
    this.publish(m.subject, m.data, { msgId, headers: hdrs, timeout: this.o.timeout }).then(
      (r) => { p.result = r; },
      (e: unknown) => {
        p.unconfirmed = mayBeStored(e);
        p.error = this.describe(e, p.unconfirmed);
      },
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

  /** Waits for every ack still in flight; throws one CliError when any message is not confirmed as stored. */
  async settle(): Promise<void> {
    await this.until(() => this.inflight === 0);
    this.report();
    if (!this.first) return;
    const f = this.first;
    const e = f.error!;
    if (this.sent === 1) throw e;
    const what = f.unconfirmed ? "is unconfirmed" : "was not stored";
    const stopped = this.keepGoing ? "" : "; publishing stopped";
    throw new CliError(`message ${commas(f.n)} ${what}: ${e.message}; of ${commas(this.sent)} messages sent: ${this.tally()}${stopped}`, { exitCode: e.exitCode, hint: this.rerunHint(e.hint) });
  }

  /** The closing line for runs where not every message was logged on its own. */
  summary(): string | undefined {
    if (this.logged === this.sent || this.sent === 0) return undefined;
    const dup = this.duplicates ? ` Duplicates: ${commas(this.duplicates)}` : "";
    if (this.streams.size === 1) {
      const [name, st] = [...this.streams][0]!;
      return `Stored ${commas(this.stored)} messages in Stream: ${name} Last Sequence: ${commas(st.last)}${dup}`;
    }
    const list = [...this.streams].map(([name, st]) => `${name} (last sequence ${commas(st.last)})`).join(", ");
    return `Stored ${commas(this.stored)} messages in Streams: ${list || "none"}${dup}`;
  }

  /**
   * The run as `pub -J --json` prints it. When the run was cut short (an error while acks were awaited),
   * outcomes not yet reported in order are counted here too, and an ack still awaited is unconfirmed.
   */
  outcome(o: { interrupted?: boolean } = {}): PubReport {
    const r: PubReport = {
      sent: this.sent, stored: this.stored, duplicates: this.duplicates, not_stored: this.notStored, unconfirmed: this.unconfirmed,
      streams: [], failures: [...this.failures], interrupted: Boolean(o.interrupted),
    };
    const streams = new Map([...this.streams].map(([k, v]) => [k, { ...v }]));
    for (const p of this.queue.slice(this.head)) {
      if (p.result) {
        const st = streams.get(p.result.stream) ?? { stored: 0, duplicates: 0, last: 0 };
        if (p.result.duplicate) { r.duplicates++; st.duplicates++; } else { r.stored++; st.stored++; }
        st.last = Math.max(st.last, p.result.seq);
        streams.set(p.result.stream, st);
        continue;
      }
      const unconfirmed = !p.settled || Boolean(p.unconfirmed);
      if (unconfirmed) r.unconfirmed++;
      else r.not_stored++;
      r.failures.push({ message: p.n, subject: p.subject, msg_id: p.msgId, outcome: unconfirmed ? "unconfirmed" : "not_stored", error: p.error?.message ?? "the run ended before its PubAck came" });
    }
    r.streams = [...streams].map(([stream, st]) => ({ stream, stored: st.stored, duplicates: st.duplicates, last_sequence: st.last }));
    return r;
  }

  /** "10 stored, 2 duplicates, 18 not stored, 2 unconfirmed": the three outcomes, each counted. */
  private tally(): string {
    const dups = this.duplicates ? `, ${commas(this.duplicates)} duplicate${this.duplicates === 1 ? "" : "s"}` : "";
    return `${commas(this.stored)} stored${dups}, ${commas(this.notStored)} not stored, ${commas(this.unconfirmed)} unconfirmed`;
  }

  /**
   * How to finish the job: a rerun repeats what is (or may be) in the stream already, which only
   * --msg-id makes safe — the stream drops an id it stored within its duplicate window. When nothing
   * reached a stream, rerunning is safe as it is and the failure's own hint stands.
   */
  private rerunHint(own?: string): string | undefined {
    if (this.stored + this.duplicates + this.unconfirmed === 0) return own;
    const safe = this.msgIdTpl
      ? "a rerun with the same --msg-id stores only what is missing (the stream drops ids it stored within its duplicate window)"
      : "to rerun without storing messages twice, publish with --msg-id TEMPLATE (e.g. --msg-id 'batch-7-{{Count}}'): the stream drops ids it stored within its duplicate window";
    return own ? `${own}; ${safe}` : safe;
  }

  private describe(e: unknown, unconfirmed: boolean): CliError {
    if ((e as Error)?.name === "TimeoutError") {
      const retry = this.msgIdTpl ? "retrying with the same --msg-id is safe: the stream de-duplicates" : "publish with --msg-id ID so a retry is not stored twice (the stream de-duplicates)";
      return new CliError(`no PubAck within ${humanDuration(this.o.timeout)}: the message may have been stored`, { exitCode: ExitCode.TIMEOUT, hint: `raise --timeout if the server is slow; ${retry}` });
    }
    const c = explain(e);
    return unconfirmed ? new CliError(`${c.message}: the message may have been stored`, { exitCode: c.exitCode, hint: c.hint }) : c;
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
        const st = this.streams.get(r.stream) ?? { stored: 0, duplicates: 0, last: 0 };
        if (r.duplicate) {
          this.duplicates++;
          st.duplicates++;
        } else {
          this.stored++;
          st.stored++;
        }
        st.last = Math.max(st.last, r.seq);
        this.streams.set(r.stream, st);
        if (p.log) {
          this.logged++;
          const more = this.newline && p.n === 20 ? " (further messages are summarised at the end)" : "";
          this.o.say(`Published ${p.bytes} bytes to "${p.subject}"${more}`);
          this.o.say(formatPubAck(r));
        }
      } else {
        if (p.unconfirmed) this.unconfirmed++;
        else this.notStored++;
        this.failures.push({ message: p.n, subject: p.subject, msg_id: p.msgId, outcome: p.unconfirmed ? "unconfirmed" : "not_stored", error: p.error!.message });
        if (!this.first) {
          this.first = p;
          if (!this.keepGoing) this.halted = true;
        }
        // a run that stops ends with its first failure as the command's error line: log the others
        if (this.keepGoing || this.first !== p) {
          this.o.warn(p.unconfirmed
            ? `Could not confirm message ${commas(p.n)} to "${p.subject}": ${p.error!.message}`
            : `Could not publish message ${commas(p.n)} to "${p.subject}": ${p.error!.message}`);
        }
      }
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
