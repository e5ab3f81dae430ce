import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import type { Msg, MsgHdrs, NatsConnection, Status, Subscription } from "@nats-io/transport-node";
import { createInbox, inboxPrefixOf } from "../nats-client.js";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { usageError } from "../errors.js";
import { log } from "../output/io.js";
import { goDuration, goLogStamp, headersObject, jsonData, OutputBatcher, prettyMessage, stampMicro, type CopyableData } from "../output/message.js";
import { printTable } from "../output/table.js";
import { parseDuration, parseTimerDuration } from "../util/duration.js";
import { collect, parseIntFlag } from "../util/flags.js";
import { runCommand, splitCommand } from "../util/shell.js";
import { commas, humanBytes } from "../output/format.js";
import { aborted } from "../util/stdin.js";
import { checkSubscribeSubject, subjectMatches } from "../util/subject.js";
import { watchAsyncErrors } from "./shared/async-errors.js";
import { compileFormat, type FormatRecord, type MessageFormat } from "../util/message-format.js";
import type { JqProgram } from "../output/jq.js";
import { EXEC_TERM_CODE, execSettings, hookEnv, runHook } from "./shared/exec.js";
import type { JsOptions } from "../context/plan.js";
import { jsAckHeaderLine, jsHeaderLine, jsJsonFields, parseJsAck, wantsJetStream, type JsMeta, type JsSubscribeOptions, type JsSubscription } from "../jetstream/sub-meta.js";

export interface SubOptions {
  queue?: string;
  count: string;
  wait?: string;
  raw?: boolean;
  headersOnly?: boolean;
  subjectsOnly?: boolean;
  timestamp?: boolean;
  deltaTime?: boolean;
  dump?: string;
  translate?: string;
  matchReplies?: boolean;
  inbox?: boolean;
  ignoreSubject?: string[];
  reportSubjects?: boolean;
  reportTop: string;
  json?: boolean;
  legacy?: boolean;
  /** natsx: one line per message from a template (output/format-message.ts). */
  format?: string;
  /** natsx: only messages for which this jq filter holds (output/jq.ts). */
  where?: string;
  /** natsx: run this command per message (commands/shared/exec.ts). */
  exec?: string;
  execTimeout?: string;
  parallel?: string;
  /** Core mode: acknowledge messages that carry JetStream ack metadata (push consumer deliveries). */
  ack?: boolean;
  stream?: string;
  durable?: string;
  startSequence?: string;
  all?: boolean;
  new?: boolean;
  last?: boolean;
  since?: string;
  lastPerSubject?: boolean;
  terminateAtEnd?: boolean;
  graph?: boolean;
}

export type { JsMeta } from "../jetstream/sub-meta.js";

/** The parts of a message the printer uses: core messages and (later) JetStream ones both fit. */
export interface SubMessage {
  subject: string;
  reply?: string;
  headers?: MsgHdrs;
  data: Uint8Array;
  /** Set for messages read from a stream. */
  js?: JsMeta;
  /** A durable's message the reader acknowledges itself (sub --exec). */
  acker?: { ack(): void; nak(): void; term(): void };
}

/**
 * A message with other data (what --translate made of it). Not `{ ...m, data }`: the client's messages keep subject,
 * reply and headers behind getters, which a spread drops (`Received on "undefined"`, issue 13).
 */
function withData(m: SubMessage, data: Uint8Array): SubMessage {
  const out: SubMessage = { subject: m.subject, data };
  if (m.reply) out.reply = m.reply;
  if (m.headers) out.headers = m.headers;
  if (m.js) out.js = m.js;
  return out;
}

/** How a run ended, for the caller and tests ("end": -T reached the end of the stream). */
export interface SubResult {
  received: number;
  reason: "count" | "wait" | "interrupted" | "closed" | "end";
}

const NEWLINE = Buffer.from("\n");
/** Bytes of output waiting for stdout before core messages are dropped (a client-side slow consumer). */
export const MAX_STDOUT_BACKLOG = 64 * 1024 * 1024;

/** Messages waiting for --translate before we start dropping them (a client-side slow consumer). */
const MAX_TRANSLATE_BACKLOG = 10_000;

/** `nats sub SUBJECTS...`: core subscriptions with natscli's output plus --json and --legacy. */
export function createCommand(deps: Deps): Command {
  return new Command("subscribe").alias("sub")
    .description("Generic subscription client")
    .argument("[subjects...]", "Subjects to subscribe to")
    .option("--queue <group>", "Subscribe to a named queue group")
    .option("--durable <name>", "Use a durable consumer (requires JetStream)")
    .option("-r, --raw", "Show the raw data received", false)
    .option("--translate <command>", "Translate the message data by running it through the given command before output")
    .option("--ack", "Acknowledge JetStream message that have the correct metadata", false)
    .option("--no-ack", "Do not acknowledge JetStream messages (default)")
    .option("--match-replies", "Match replies to requests", false)
    .option("-i, --inbox", "Subscribes to a generate inbox", false)
    .option("--count <n>", "Quit after receiving this many messages", "0")
    .option("--dump <directory>", "Dump received messages to a directory, or - for stdout as NUL-terminated JSON")
    .option("--headers-only", "Do not render any data, shows only headers", false)
    .option("--subjects-only", "Prints only the messages' subjects", false)
    .option("--start-sequence <sequence>", "Starts at a specific Stream sequence (requires JetStream)")
    .option("--all", "Delivers all messages found in the Stream (requires JetStream)", false)
    .option("--new", "Delivers only future messages (requires JetStream)", false)
    .option("--last", "Delivers the most recent and all future messages (requires JetStream)", false)
    .option("--since <duration>", "Delivers messages received since a duration like 1d3h5m2s (requires JetStream)")
    .option("--last-per-subject", "Deliver the most recent messages for each subject in the Stream (requires JetStream)", false)
    .option("-T, --terminate-at-end", "Stops consuming messages from JetStream once all messages were received", false)
    .option("--stream <stream>", "Subscribe to a specific stream (required JetStream)")
    .option("-I, --ignore-subject <subject>", "Subjects for which corresponding messages will be ignored and therefore not shown in the output (repeatable)", collect)
    .option("--wait <duration>", "Stop after a period of time with no traffic")
    .option("--report-subjects", "Subscribes to subject patterns and builds a de-duplicated report of active subjects receiving data", false)
    .option("--report-top <n>", "Number of subjects to show when doing 'report-subjects'", "10")
    .option("-t, --timestamp", "Show timestamp in output", false)
    .option("-d, --delta-time", "Show time since start in output", false)
    .option("--json", "Print each message as one JSON object per line (natsx)", false)
    .option("--legacy", "Print the old nats-sub format: [#N] Received on [subject]: 'body' (natsx)", false)
    .option("--format <template>", "One line per message from a template: {{.Subject}} {{.Reply}} {{.Data}} {{.Size}} {{.Header \"Name\"}} {{.Time}} {{.Seq}} {{.Stream}} {{.Base64}} {{.Hex}} (natsx)")
    .option("--where <filter>", "Only messages for which this jq filter is true, over the --json record with data parsed when it is JSON (natsx)")
    .option("--exec <command>", `Run this command per message: body on stdin, NATS_SUBJECT, NATS_REPLY, NATS_HEADER_<NAME>… in the environment; with --durable exit 0 acks, ${EXEC_TERM_CODE} terminates, others nak (natsx)`)
    .option("--exec-timeout <duration>", "Kill an --exec command that runs longer than this (the message is nak'd) (natsx)")
    .option("--parallel <n>", "Run up to N --exec commands at once (default 1: one after the other, in order) (natsx)")
    .option("--graph", "Graph the rate of messages received (needs a terminal)", false)
    .addHelpText("after", `
Examples:
  nats sub 'orders.>' --format '{{.Subject}} {{.Size}}'                 # compact lines
  nats sub 'orders.>' --where '.subject == "orders.eu" and .data.total > 100'
  nats sub 'orders.>' --json > capture.ndjson                           # replay with: nats pub --replay capture.ndjson
  nats sub --stream ORDERS --all -T --jq '.data | fromjson | .id'
  nats sub orders.new --durable WORKER --exec './handle-order.sh' --parallel 4 --exec-timeout 30s`)
    .action(async (subjects: string[], opts: SubOptions, c: Command) => {
      const plan = validateSub(subjects, opts);
      if (opts.graph) {
        const { checkGraph, subGraph } = await import("./shared/sub-graph.js");
        checkGraph(deps, plan, opts);
        await withConnection(deps, c, async (nc) => { await subGraph(deps, nc, plan.subjects, opts.queue); }, { drain: true });
        return;
      }
      // a bad --where filter is a usage error before connecting
      const where = opts.where !== undefined ? await (await import("../output/jq.js")).JqProgram.compile(opts.where, "--where") : undefined;
      await withConnection(deps, c, async (nc, ctx) => {
        const source = plan.jetstream ? jetStreamSource(deps, nc, ctx.js, plan.subjects, plan.jetstream) : undefined;
        await subRun(deps, nc, plan.subjects, opts, source, { where });
      }, { drain: true });
    });
}

/** Checks flag combinations before connecting (natscli's wording where it has one). */
export function validateSub(subjects: string[], opts: SubOptions): { subjects: string[]; jetstream?: JsSubscribeOptions } {
  if (opts.timestamp && opts.deltaTime) throw usageError("timestamp and delta-time flags are mutually exclusive");
  if (opts.inbox && opts.dump === "-") throw usageError("generating inboxes is not compatible with dumping to stdout using null terminated strings");
  const modes = [opts.raw && "--raw", opts.dump !== undefined && "--dump", opts.json && "--json", opts.legacy && "--legacy", opts.reportSubjects && "--report-subjects", opts.format !== undefined && "--format"].filter(Boolean);
  if (modes.length > 1) throw usageError(`${modes.join(" and ")} cannot be used together`, "pick one output mode");
  if (opts.format !== undefined) compileFormat(opts.format);
  if (execSettings(opts)) {
    const with_ = [opts.raw && "--raw", opts.dump !== undefined && "--dump", opts.json && "--json", opts.legacy && "--legacy", opts.reportSubjects && "--report-subjects", opts.format !== undefined && "--format", opts.translate !== undefined && "--translate", opts.matchReplies && "--match-replies", opts.ack && "--ack"].filter(Boolean);
    if (with_.length) throw usageError(`--exec cannot be used with ${with_.join(", ")}`, "the command's stdout is the output; with --durable its exit code acknowledges");
  }
  parseIntFlag(opts.reportTop ?? "10", "--report-top", { min: 1 });
  parseIntFlag(opts.count ?? "0", "--count");
  if (opts.wait !== undefined) parseTimerDuration(opts.wait, "--wait");
  const js = jetStreamOptions(opts);
  if (subjects.length === 0 && !opts.inbox && !js?.stream) throw usageError("subject is required", "give one or more subjects, --stream for a whole stream, or --inbox to subscribe to a new inbox");
  if (subjects.length > 0 && opts.inbox) throw usageError("--inbox generates the subject: do not give subjects with it");
  if (opts.terminateAtEnd && !js) throw usageError("--terminate-at-end is only supported for JetStream subscriptions", "add --all, --stream or another JetStream start option");
  if (js) {
    if (opts.inbox) throw usageError("generating inboxes is not compatible with JetStream subscriptions");
    if (opts.queue !== undefined) throw usageError("queue group subscriptions are not supported with JetStream");
    if (opts.matchReplies) throw usageError("cannot enable --match-replies for JetStream streams");
  }
  for (const s of subjects) checkSubscribeSubject(s);
  return js ? { subjects, jetstream: js } : { subjects };
}

/** Messages a durable pulls at once from a backlog: ~15× the throughput of one at a time. */
const DURABLE_BATCH = 64;

/** The JetStream options the flags ask for, or undefined for a core subscription (natscli.md §5). */
export function jetStreamOptions(opts: SubOptions): JsSubscribeOptions | undefined {
  const o: JsSubscribeOptions = {};
  if (opts.stream !== undefined) {
    if (!opts.stream.trim()) throw usageError("--stream needs a stream name");
    o.stream = opts.stream;
  }
  if (opts.durable !== undefined) {
    if (!opts.durable.trim()) throw usageError("--durable needs a consumer name");
    o.durable = opts.durable;
  }
  if (opts.startSequence !== undefined) {
    o.startSequence = parseIntFlag(opts.startSequence, "--start-sequence", { min: 1 });
  }
  if (opts.since !== undefined) {
    o.since = parseDuration(opts.since, "--since");
    if (o.since <= 0) throw usageError(`invalid --since "${opts.since}": the duration must be more than 0`);
  }
  if (opts.all) o.all = true;
  if (opts.new) o.new = true;
  if (opts.last) o.last = true;
  if (opts.lastPerSubject) o.lastPerSubject = true;
  if (!wantsJetStream(o)) return undefined;
  const starts = [o.startSequence !== undefined && "--start-sequence", o.all && "--all", o.new && "--new", o.last && "--last", o.since !== undefined && "--since", o.lastPerSubject && "--last-per-subject"].filter(Boolean);
  if (starts.length > 1) throw usageError(`${starts.join(" and ")} cannot be used together`, "pick one place to start in the stream");
  if (opts.terminateAtEnd) o.terminateAtEnd = true;
  // durables pull a known backlog in batches, never more than --count wants
  o.batch = DURABLE_BATCH;
  // --exec acknowledges each message by the command's exit code, not when it is handed over
  if (opts.exec !== undefined) o.manualAck = true;
  const limit = parseIntFlag(opts.count ?? "0", "--count");
  // with --where, --count counts the messages shown, not those read from the stream
  if (limit > 0 && opts.where === undefined) o.limit = limit;
  // natscli makes the consumer headers-only for --subjects-only too: the bodies are never shown
  if (opts.headersOnly || opts.subjectsOnly) o.headersOnly = true;
  return o;
}

/**
 * Prints, dumps or reports received messages in natscli's layouts (plus --json / --legacy). The
 * message source is separate so a JetStream source feeds the same printer (its messages carry `js`).
 */
export class SubPrinter {
  count = 0;
  /** Core messages not shown because stdout fell more than maxBacklog bytes behind. */
  dropped = 0;
  private readonly out: OutputBatcher;
  /** When the subscription started, on the high-resolution clock (-d shows Go's sub-millisecond durations). */
  private readonly startHr: number;
  private readonly report = new Map<string, { count: number; bytes: number }>();
  private readonly format?: MessageFormat;

  constructor(private readonly deps: Deps, private readonly opts: SubOptions, private readonly maxBacklog = MAX_STDOUT_BACKLOG) {
    this.out = new OutputBatcher(deps.io.out);
    if (opts.format !== undefined) this.format = compileFormat(opts.format);
    this.startHr = performance.now();
    if (opts.dump && opts.dump !== "-") mkdirSync(opts.dump, { recursive: true, mode: 0o700 });
  }

  /** true when --translate makes handling asynchronous. */
  get async(): boolean {
    return Boolean(this.opts.translate);
  }

  private stamp(m: SubMessage): string {
    // JetStream messages show when they were stored (-t) and their age (-d), as natscli
    const stored = m.js?.time.getTime();
    if (this.opts.timestamp) return ` @ ${stampMicro(stored ?? this.deps.now())}`;
    if (this.opts.deltaTime) {
      // Go's Duration.String() to the nanosecond, as natscli's time.Since(): `226.885123ms`, `1m2.5s`
      if (m.js) return ` @ ${goDuration(this.deps.now() - (m.js.timeNanos !== undefined ? m.js.timeNanos / 1e6 : stored!))}`;
      return ` @ ${goDuration(performance.now() - this.startHr)}`;
    }
    return "";
  }

  private async translate(m: SubMessage): Promise<Uint8Array> {
    const cmd = this.opts.translate!;
    // natscli templates {{Subject}} and {{Stream}} into the command (Stream is empty for core messages).
    const line = cmd.replace(/\{\{\s*\.?Subject\s*\}\}/g, m.subject).replace(/\{\{\s*\.?Stream\s*\}\}/g, m.js?.stream ?? "");
    const r = await runCommand(splitCommand(line), m.data, this.deps.env);
    if (r.error) {
      log(this.deps.io, this.deps.now(), `Error while translating msg body: ${r.error}`);
      return r.output.length ? r.output : m.data;
    }
    return r.output;
  }

  /** Handles one message (and its matched reply); returns a promise only when --translate is used. */
  handle(m: SubMessage, reply?: SubMessage): void | Promise<void> {
    // A client-side slow consumer, as the Go client's pending limits make one: when stdout (a slow
    // pipe) is far behind, core messages are dropped and counted instead of piling up in memory.
    // JetStream messages are never dropped: their sources pull only what is asked for.
    if (!m.js && !this.opts.reportSubjects && this.out.backlog() > this.maxBacklog) {
      if (this.dropped++ === 0) log(this.deps.io, this.deps.now(), "Slow consumer: stdout is not keeping up, dropping messages");
      return;
    }
    const n = ++this.count;
    if (this.opts.reportSubjects) {
      const r = this.report.get(m.subject) ?? { count: 0, bytes: 0 };
      r.count++;
      r.bytes += m.data.length;
      this.report.set(m.subject, r);
      return;
    }
    const stamp = this.stamp(m);
    if (this.opts.translate) {
      return (async () => {
        const data = await this.translate(m);
        const rdata = reply ? await this.translate(reply) : undefined;
        this.emit(n, stamp, withData(m, data), reply && rdata ? withData(reply, rdata) : undefined);
      })();
    }
    this.emit(n, stamp, m, reply);
  }

  private emit(n: number, stamp: string, m: SubMessage, reply: SubMessage | undefined): void {
    const o = this.opts;
    if (o.dump !== undefined) {
      this.dump(m, n, false);
      if (reply) this.dump(reply, n, true);
      return;
    }
    if (this.format) {
      const now = this.deps.now();
      this.out.push(this.format(formatRecord(m, now), n, now));
      return;
    }
    if (o.json) {
      if (!m.js && !reply) {
        // the common case, written directly (a flood spent most of its time building and stringifying objects)
        this.out.push(`${jsonLine(m, n, this.deps.now())}\n`);
        return;
      }
      const line: Record<string, unknown> = m.js ? { ...jsonMessage(m, n, this.deps.now()), ...jsJsonFields(m.js) } : jsonMessage(m, n, this.deps.now());
      if (reply) line.matched_reply = jsonMessage(reply, n, this.deps.now());
      this.out.push(`${JSON.stringify(line)}\n`);
      return;
    }
    if (o.legacy) {
      // nats.go examples/nats-sub: log.Printf("[#%d] Received on [%s]: '%s'", i, m.Subject, string(m.Data)) with log flags 0 (-t: LstdFlags).
      const prefix = o.timestamp ? goLogStamp(this.deps.now()) : "";
      this.out.push(`${prefix}[#${n}] Received on [${m.subject}]: '`);
      this.out.push(m.data);
      this.out.push("'\n");
      return;
    }
    if (o.raw) {
      this.rawBody(m);
      if (reply) this.rawBody(reply);
      return;
    }
    // --ack on a push consumer's delivery subject: its JetStream metadata, as natscli's README shows it
    const ackMeta = !m.js && o.ack ? parseJsAck(m.reply) : undefined;
    const head = m.js ? jsHeaderLine(n, { ...m.js, subject: m.subject }, stamp)
      : ackMeta ? jsAckHeaderLine(n, m.subject, ackMeta, true, stamp)
      : `[#${n}]${stamp} Received on "${m.subject}"${m.reply ? ` with reply "${m.reply}"` : ""}`;
    this.out.push(`${head}\n`);
    if (!o.subjectsOnly) this.out.push(prettyMessage(m.headers, m.data, o.headersOnly));
    if (reply) {
      this.out.push(`[#${n}]${stamp} Matched reply on "${reply.subject}"\n`);
      if (!o.subjectsOnly) this.out.push(prettyMessage(reply.headers, reply.data, o.headersOnly));
    }
  }

  private rawBody(m: SubMessage | (SubMessage & CopyableData)): void {
    // natsx: an empty body is an empty line (natscli prints "nil body", which corrupts data pipes).
    if ("copyData" in m) {
      // the framing reader's message: copied from the socket chunk into the output batch, no view made
      this.out.pushData(m);
      if (m.lastDataByte() !== 10) this.out.push(NEWLINE);
      return;
    }
    const data = m.data;
    this.out.push(data);
    if (data.length === 0 || data[data.length - 1] !== 10) this.out.push(NEWLINE);
  }

  private dump(m: SubMessage, n: number, isReply: boolean): void {
    // natscli serialises the Go nats.Msg struct.
    const h = headersObject(m.headers);
    const data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString("base64");
    const json = JSON.stringify({ Subject: m.subject, Reply: m.reply ?? "", Header: h ?? null, Data: m.data.length ? data : null, Sub: null });
    if (this.opts.dump === "-") {
      this.out.push(`${json}\0`);
      return;
    }
    // natscli names JetStream dumps by stream sequence, so a re-run overwrites rather than duplicates
    const name = m.js ? String(m.js.seq) : String(n);
    writeFileSync(path.join(this.opts.dump!, isReply ? `${name}_reply.json` : `${name}.json`), json, { mode: 0o600 });
    // natscli prints a dot on stdout every 100 files; stdout stays clean here, so it goes to stderr.
    if (!isReply && n % 100 === 0) this.deps.io.err.write(".");
  }

  /** Prints the --report-subjects table (title and columns as natscli). */
  printReport(clear: boolean): void {
    const top = parseIntFlag(this.opts.reportTop ?? "10", "--report-top");
    const rows = [...this.report.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, top);
    let tc = 0;
    let tb = 0;
    for (const [, r] of this.report) { tc += r.count; tb += r.bytes; }
    if (clear) this.deps.io.out.write("\x1b[2J\x1b[H");
    printTable(this.deps.io, ["Subject", "Message Count", "Bytes"], rows.map(([s, r]) => [s, commas(r.count), humanBytes(r.bytes)]),
      { title: top === 1 ? "Top Subject Report" : `Top ${top} Active Subjects Report`, footer: ["Totals", commas(tc), humanBytes(tb)] }, this.deps.env);
  }

  /** Output produced for a message elsewhere (an --exec command's stdout), batched with the rest. */
  write(b: Uint8Array): void {
    this.out.push(b);
  }

  /** Writes anything still buffered. */
  flush(): void {
    this.out.flush();
  }
}

/** What --format shows of a message: JetStream ones carry their stream, sequence and stored time; core ones the time received. */
export function formatRecord(m: SubMessage, now: number): FormatRecord {
  return { subject: m.subject, reply: m.reply, data: m.data, headers: m.headers, time: m.js ? m.js.time : new Date(now), seq: m.js?.seq, stream: m.js?.stream };
}

/** The record --where tests: the message's --json line (JetStream fields included). */
function whereRecord(m: SubMessage, n: number, now: number): Record<string, unknown> {
  return m.js ? { ...jsonMessage(m, n, now), ...jsJsonFields(m.js) } : jsonMessage(m, n, now);
}

let isoAt = NaN;
let isoText = "";

/** new Date(ms).toISOString(), remembered for the last millisecond: a flood prints thousands of lines per ms. */
function isoTime(ms: number): string {
  if (ms !== isoAt) {
    isoText = new Date(ms).toISOString();
    isoAt = ms;
  }
  return isoText;
}

/** One --json line: UTF-8 data when valid, else base64 with `encoding`. */
export function jsonMessage(m: SubMessage, count: number, now: number): Record<string, unknown> {
  const d = jsonData(m.data);
  const o: Record<string, unknown> = { count, subject: m.subject };
  if (m.reply) o.reply = m.reply;
  const h = headersObject(m.headers);
  if (h) o.headers = h;
  o.data = d.data;
  if (d.encoding) o.encoding = d.encoding;
  o.size = m.data.length;
  o.received = isoTime(now);
  return o;
}

/** JSON.stringify(jsonMessage(m, count, now)) without the object: the same text, key for key. */
export function jsonLine(m: SubMessage, count: number, now: number): string {
  const data = m.data;
  const d = jsonData(data);
  let s = `{"count":${count},"subject":${JSON.stringify(m.subject)}`;
  if (m.reply) s += `,"reply":${JSON.stringify(m.reply)}`;
  const h = headersObject(m.headers);
  if (h) s += `,"headers":${JSON.stringify(h)}`;
  s += `,"data":${JSON.stringify(d.data)}`;
  if (d.encoding) s += `,"encoding":"${d.encoding}"`;
  return `${s},"size":${data.length},"received":"${isoTime(now)}"}`;
}

/**
 * Where messages come from. The core source subscribes to subjects; a JetStream source (sub --stream,
 * --durable…, built separately) can implement this and reuse the printer, counting, --wait and Ctrl-C.
 */
export interface MessageSource {
  /**
   * Starts delivering; resolves once the server has the interest (flushed). `deliver` returns false
   * when the message was not taken (ignored with -I, or after --count); `end` says there is no more.
   */
  start(deliver: (m: SubMessage, reply?: SubMessage) => boolean, fail: (e: unknown) => void, end?: () => void, space?: () => Promise<void> | undefined): Promise<void>;
  /** Stops delivery (count reached); the connection is drained afterwards. */
  stop(): void;
  /** Stops and waits until delivery has wound down (acknowledgements sent) before the drain. */
  finished?(): Promise<void>;
}

/** A reply subject that acknowledges a JetStream delivery. */
function isJsAck(reply: string | undefined): boolean {
  return reply !== undefined && reply.startsWith("$JS.ACK.");
}

/** Pending requests kept for --match-replies before the oldest are forgotten (requests nobody answers). */
const MAX_PENDING_REQUESTS = 10_000;

/** The core NATS source: plain or queue subscriptions, plus the inbox subscription for --match-replies. */
export function coreSource(nc: NatsConnection, subjects: string[], opts: SubOptions, inboxPrefix: string): MessageSource {
  const subs: Subscription[] = [];
  const pending = new Map<string, SubMessage>();
  const inboxPattern = `${inboxPrefix}.`;
  const toMsg = (m: Msg): SubMessage => ({ subject: m.subject, reply: m.reply || undefined, headers: m.headers, data: m.data });
  let routes: import("../messaging/frame-reader.js").FrameRoutes | undefined;
  return {
    async start(deliver, fail) {
      const onMessage = (err: Error | null, m: Msg) => {
        // A throw here would stop the connection's reader (natsjs.md §8.15): never let one escape.
        try {
          if (err) { fail(err); return; }
          if (opts.matchReplies) {
            if (m.subject.startsWith(inboxPattern)) return;
            if (m.reply && m.reply.startsWith(inboxPattern)) {
              pending.set(m.reply, toMsg(m));
              if (pending.size > MAX_PENDING_REQUESTS) pending.delete(pending.keys().next().value!);
              return;
            }
          }
          // Msg decodes subject/reply/headers lazily: hand it over as is unless it must outlive the callback.
          // --ack: a push consumer's delivery is acknowledged once shown (natscli), never one we skipped
          if (deliver(m) && opts.ack && isJsAck(m.reply)) m.respond();
        } catch (e) {
          fail(e);
        }
      };
      // Printing and counting take messages straight from the socket chunks (natsx's framing reader, issue 15);
      // --ack answers, --match-replies pairs, --translate and --where keep messages, so they take the client's Msg.
      const framed = !opts.ack && !opts.matchReplies && !opts.translate && opts.where === undefined && opts.exec === undefined ? await import("../messaging/frame-reader.js") : undefined;
      routes = framed?.frameRoutes(nc);
      const fast = {
        message: (m: SubMessage) => {
          try {
            deliver(m);
          } catch (e) {
            fail(e);
          }
        },
      };
      for (const s of subjects) {
        const sub = nc.subscribe(s, { queue: opts.queue, callback: onMessage });
        routes?.add(sub, fast);
        subs.push(sub);
      }
      if (opts.matchReplies) {
        subs.push(nc.subscribe(`${inboxPrefix}.>`, {
          callback: (err, m) => {
            try {
              if (err) { fail(err); return; }
              const req = pending.get(m.subject);
              if (!req) return;
              pending.delete(m.subject);
              deliver(req, toMsg(m));
            } catch (e) {
              fail(e);
            }
          },
        }));
      }
      await nc.flush();
    },
    stop() {
      for (const s of subs) {
        routes?.remove(s);
        s.unsubscribe();
      }
    },
  };
}

function parseIgnores(list: string[] | undefined): string[] {
  return (list ?? []).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
}

/**
 * --wait: calls `idle` once `count()` has not moved for `waitMs`. One interval timer ticking at a
 * twentieth of the wait (1–100 ms) instead of a timer cleared and re-armed per message (19 % of a
 * flood's time): it fires between `waitMs` and `waitMs` + 2 ticks after the last message.
 */
export function idleWatch(waitMs: number, count: () => number, idle: () => void): { stop(): void } {
  const tick = Math.min(100, Math.max(1, Math.floor(waitMs / 20)));
  let seen = count();
  let since = performance.now();
  const t = setInterval(() => {
    const now = performance.now();
    const c = count();
    if (c !== seen) {
      seen = c;
      since = now;
    } else if (now - since >= waitMs) {
      clearInterval(t);
      idle();
    }
  }, tick);
  return { stop: () => clearInterval(t) };
}

/** Subscribes and prints until --count, --wait idle time, Ctrl-C/SIGTERM, or the connection closes. */
export async function subRun(deps: Deps, nc: NatsConnection, subjectsIn: string[], opts: SubOptions, source?: MessageSource, prepared: { where?: JqProgram } = {}): Promise<SubResult> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const limit = parseIntFlag(opts.count ?? "0", "--count");
  const waitMs = opts.wait !== undefined ? parseTimerDuration(opts.wait, "--wait") : 0;
  const ignores = parseIgnores(opts.ignoreSubject);
  const inboxPrefix = inboxPrefixOf(nc);
  const subjects = opts.inbox ? [createInbox(inboxPrefix)] : subjectsIn;
  const printer = new SubPrinter(deps, opts);
  const errors = watchAsyncErrors(nc);

  let finish!: (r: SubResult["reason"]) => void;
  let fail!: (e: unknown) => void;
  const ended = new Promise<SubResult["reason"]>((res, rej) => { finish = res; fail = rej; });
  ended.catch(() => undefined); // a failure before the wait below is reported by the early check instead
  let done = false;
  let idle: { stop(): void } | undefined;

  // --translate is async: keep order with a promise chain, and bound the backlog (report drops).
  let chain: Promise<void> = Promise.resolve();
  let backlog = 0;
  let dropped = 0;
  let stopSource: () => void = () => undefined;

  // --where: each message is asked about as it arrives (a burst in one jq run), and shown in order once answered;
  // --count counts the messages shown
  let where: import("../output/jq.js").JqSelector | undefined;
  let whereErrors: import("../output/jq.js").WhereErrors | undefined;
  let whereText: (r: Record<string, unknown>) => string = JSON.stringify;
  if (opts.where !== undefined) {
    const jq = await import("../output/jq.js");
    whereText = jq.whereText;
    where = new jq.JqSelector(prepared.where ?? (await jq.JqProgram.compile(opts.where, "--where")));
    whereErrors = new jq.WhereErrors(say);
  }
  let kept = 0;
  let keptAll = false;

  // --exec: each message runs the command (up to --parallel at once, queued in order); its stdout is the output,
  // and a durable's message is acknowledged by the exit code: 0 ack, EXEC_TERM_CODE term, anything else nak
  const ex = execSettings(opts);
  const execQueue: { m: SubMessage; run: () => Promise<void> }[] = [];
  const execJobs = new Set<Promise<void>>();
  let execActive = 0;
  const execCounts = { ok: 0, failed: 0, terminated: 0 };
  let spaceWaiters: (() => void)[] = [];
  const pump = () => {
    while (ex && execActive < ex.parallel && execQueue.length) {
      const job = execQueue.shift()!;
      execActive++;
      const p: Promise<void> = job.run().catch((e) => fail(e)).finally(() => {
        execActive--;
        execJobs.delete(p);
        pump();
        if (execQueue.length < ex.parallel) { const w = spaceWaiters; spaceWaiters = []; for (const r of w) r(); }
      });
      execJobs.add(p);
    }
  };
  const runExec = (m: SubMessage, n: number) => async () => {
    const r = await runHook(ex!.argv, m.data, { ...deps.env, ...hookEnv({ subject: m.subject, reply: m.reply, headers: m.headers, data: m.data, count: n, js: m.js }) }, ex!.timeoutMs);
    if (r.spawnError) throw usageError(`--exec: ${r.spawnError}`);
    if (r.stdout.length) printer.write(r.stdout);
    if (r.stderr.length) deps.io.err.write(r.stderr);
    printer.count++;
    const what = `message ${commas(n)} on "${m.subject}"${m.js ? ` (stream ${m.js.stream} sequence ${m.js.seq})` : ""}`;
    if (r.code === 0) {
      execCounts.ok++;
      m.acker?.ack();
    } else if (r.code === EXEC_TERM_CODE) {
      execCounts.terminated++;
      m.acker?.term();
      say(`--exec exited ${EXEC_TERM_CODE} for ${what}: ${m.acker ? "terminated, it will not be redelivered" : "failed"}`);
    } else {
      execCounts.failed++;
      m.acker?.nak();
      say(`--exec ${r.timedOut ? `ran longer than ${opts.execTimeout} and was killed` : `exited ${r.code}`} for ${what}${m.acker ? ": nak'd, it will be redelivered" : ""}`);
    }
  };

  let delivered = 0;
  const deliver = (m: SubMessage, reply?: SubMessage): boolean => {
    if (done) return false;
    delivered++;
    if (ex) {
      if (!m.js && execQueue.length >= MAX_TRANSLATE_BACKLOG) {
        if (dropped++ === 0) say(`Slow consumer: --exec is falling behind, dropping messages`);
        return false;
      }
      execQueue.push({ m, run: runExec(m, delivered) });
      pump();
      if (limit > 0 && delivered >= limit) {
        done = true;
        stopSource();
        finish("count");
      }
      return true;
    }
    if (where) {
      if (backlog >= MAX_TRANSLATE_BACKLOG) {
        if (dropped++ === 0) say(`Slow consumer: --where is falling behind, dropping messages`);
        return false;
      }
      backlog++;
      const verdict = where.keep(whereText(whereRecord(m, delivered, deps.now())));
      chain = chain.then(async () => {
        const v = await verdict;
        whereErrors!.report(v.error);
        if (!v.keep || keptAll) return;
        await printer.handle(m, reply);
        if (limit > 0 && ++kept >= limit) {
          keptAll = true;
          done = true;
          stopSource();
          finish("count");
        }
      }).catch((e) => fail(e)).finally(() => { backlog--; });
      return true;
    }
    if (printer.async) {
      if (backlog >= MAX_TRANSLATE_BACKLOG) {
        if (dropped++ === 0) say(`Slow consumer: --translate is falling behind, dropping messages`);
        return false;
      }
      backlog++;
      chain = chain.then(() => printer.handle(m, reply)).catch((e) => fail(e)).finally(() => { backlog--; });
    } else {
      printer.handle(m, reply);
    }
    // printer.count lags behind with --translate (handled later in the chain): count deliveries here.
    if (limit > 0 && delivered >= limit) {
      done = true;
      stopSource();
      finish("count");
    }
    return true;
  };

  // takes the message, not its subject: decoding a subject nobody looks at cost 10 % of `sub --raw`
  const ignored = (m: SubMessage) => ignores.length > 0 && ignores.some((p) => subjectMatches(p, m.subject));
  const core = !source;
  const src = source ?? coreSource(nc, subjects, opts, inboxPrefix);
  await src.start((m, reply) => {
    if (ignored(m)) return false;
    return deliver(m, reply);
  }, (e) => fail(e), () => finish("end"), () => (ex && execQueue.length >= ex.parallel ? new Promise<void>((r) => spaceWaiters.push(r)) : undefined));
  stopSource = () => src.stop();
  // "Subscribing on" must mean the server has the interest: the source flushed. A -ERR (permission)
  // came before the PONG but reaches the status iterator a turn later.
  await new Promise((r) => setImmediate(r));
  const early = errors.first();
  if (early) throw early;

  // other sources log their own start line
  if (core && opts.legacy) say(`Listening on [${subjects.join(", ")}]`);
  else if (core && opts.ack && ((!opts.raw && opts.dump === undefined && !opts.reportSubjects) || opts.inbox)) say(`Subscribing on ${subjects.join(", ")} with acknowledgement of JetStream messages `);
  else if (core && ((!opts.raw && opts.dump === undefined && !opts.reportSubjects) || opts.inbox)) say(`Subscribing on ${subjects.join(", ")} `);
  if (opts.matchReplies) say(`Matching replies with inbox prefix ${inboxPrefix}.>`);
  if (opts.queue && !opts.legacy) say(`Using queue group "${opts.queue}"`);
  if (waitMs) idle = idleWatch(waitMs, () => delivered, () => finish("wait"));

  let reportTimer: ReturnType<typeof setInterval> | undefined;
  if (opts.reportSubjects && deps.io.outIsTTY) reportTimer = setInterval(() => printer.printReport(true), 1000);

  // Count disconnects: messages published while we are away are lost (a server slow-consumer disconnect looks like this).
  let disconnects = 0;
  const st = nc.status() as AsyncIterable<Status> & { stop(): void };
  void (async () => {
    for await (const s of st) {
      if (s.type === "disconnect") disconnects++;
      if (s.type === "error" && !done) fail(s.error);
    }
  })().catch(() => undefined);

  const closed = nc.closed().then(() => "closed" as const);
  let reason: SubResult["reason"];
  try {
    reason = await Promise.race([ended, aborted(deps.signal).then(() => "interrupted" as const), closed]);
  } finally {
    done = true;
    idle?.stop();
    if (reportTimer) clearInterval(reportTimer);
    st.stop();
    errors.stop();
  }
  await src.finished?.();
  await chain;
  // every command started finishes (and acknowledges); what was still queued after Ctrl-C is nak'd
  if (deps.signal.aborted) for (const q of execQueue.splice(0)) q.m.acker?.nak();
  while (execJobs.size || execQueue.length) {
    pump();
    await Promise.all([...execJobs]);
  }
  if (opts.reportSubjects) printer.printReport(deps.io.outIsTTY);
  printer.flush();
  if (opts.dump && opts.dump !== "-" && printer.count >= 100) deps.io.err.write("\n");
  whereErrors?.summary();
  if (ex) say(`--exec: ${commas(execCounts.ok)} succeeded, ${commas(execCounts.failed)} failed${execCounts.terminated ? `, ${commas(execCounts.terminated)} exited ${EXEC_TERM_CODE}` : ""}`);
  if (dropped) say(`Slow consumer: dropped ${commas(dropped)} messages that ${where ? "--where" : "--translate"} could not keep up with`);
  if (printer.dropped) say(`Slow consumer: dropped ${commas(printer.dropped)} messages while stdout was not keeping up`);
  if (disconnects) say(`Warning: the connection was lost ${disconnects} time(s); messages published while disconnected were not received`);
  say(`Received ${commas(printer.count)} message${printer.count === 1 ? "" : "s"}${reason === "wait" ? ` (no traffic for ${opts.wait})` : ""}`);
  return { received: printer.count, reason };
}

/** How long stopping a JetStream source may take before the connection is drained anyway. */
const JS_STOP_GRACE_MS = 2000;

/**
 * The JetStream source (`sub --stream/--all/--durable…`): an ordered ephemeral consumer, or a durable
 * pull consumer with --durable, that always honours the subject filter (src/jetstream/subscribe.ts).
 */
export function jetStreamSource(deps: Deps, nc: NatsConnection, jsOpts: JsOptions, subjects: string[], o: JsSubscribeOptions): MessageSource {
  let sub: JsSubscription | undefined;
  let stopped = false;
  let loop: Promise<void> = Promise.resolve();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void sub?.stop().catch(() => undefined);
  };
  return {
    async start(deliver, fail, end, space) {
      // loaded here, not at the top: a core `nats sub` does not need the JetStream client (start-up)
      const { jsSubscribe } = await import("../jetstream/subscribe.js");
      const s = await jsSubscribe(nc, jsOpts, subjects, { ...o, signal: deps.signal, now: deps.now });
      sub = s;
      // natscli prints its JetStream start line in every output mode (stderr)
      log(deps.io, deps.now(), s.description);
      loop = (async () => {
        try {
          for await (const m of s.messages) {
            deliver({ subject: m.subject, headers: m.headers, data: m.data, js: { stream: m.stream, seq: m.seq, consumerSeq: m.consumerSeq, pending: m.pending, time: m.time, timeNanos: m.timeNanos, redelivered: m.redelivered }, acker: o.manualAck ? m.msg : undefined });
            // --exec: no more pulled than the commands can take (a durable's message waits out no ack wait here)
            const wait = space?.();
            if (wait) await wait;
            if (stopped) break;
          }
          if (!stopped && !deps.signal.aborted) end?.();
        } catch (e) {
          if (!stopped && !deps.signal.aborted) fail(e);
        }
      })();
    },
    stop,
    async finished() {
      stop();
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([loop, new Promise((r) => { t = setTimeout(r, JS_STOP_GRACE_MS); })]);
      if (t) clearTimeout(t);
    },
  };
}
