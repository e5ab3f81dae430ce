import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Status, type Subscription } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { usageError } from "../errors.js";
import { log } from "../output/io.js";
import { goDuration, goLogStamp, headersObject, jsonData, OutputBatcher, prettyMessage, stampMicro } from "../output/message.js";
import { printTable } from "../output/table.js";
import { parseDuration } from "../util/duration.js";
import { runCommand, splitCommand } from "../util/shell.js";
import { commas, humanBytes } from "../util/size.js";
import { aborted } from "../util/stdin.js";
import { checkSubscribeSubject, subjectMatches } from "../util/subject.js";
import { parseCount, watchAsyncErrors } from "./pub.js";

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
}

/** The parts of a message the printer uses: core messages and (later) JetStream ones both fit. */
export interface SubMessage {
  subject: string;
  reply?: string;
  headers?: MsgHdrs;
  data: Uint8Array;
}

/** How a run ended, for the caller and tests. */
export interface SubResult {
  received: number;
  reason: "count" | "wait" | "interrupted" | "closed";
}

const NEWLINE = Buffer.from("\n");
const collect = (v: string, prev: string[] = []) => [...prev, v];
/** Messages waiting for --translate before we start dropping them (a client-side slow consumer). */
const MAX_TRANSLATE_BACKLOG = 10_000;

/** `nats sub SUBJECTS...`: core subscriptions with natscli's output plus --json and --legacy. */
export function createCommand(deps: Deps): Command {
  return new Command("subscribe").alias("sub")
    .description("Generic subscription client")
    .argument("[subjects...]", "Subjects to subscribe to")
    .option("--queue <group>", "Subscribe to a named queue group")
    .option("-r, --raw", "Show the raw data received", false)
    .option("--translate <command>", "Translate the message data by running it through the given command before output")
    .option("--match-replies", "Match replies to requests", false)
    .option("-i, --inbox", "Subscribes to a generate inbox", false)
    .option("--count <n>", "Quit after receiving this many messages", "0")
    .option("--dump <directory>", "Dump received messages to a directory, or - for stdout as NUL-terminated JSON")
    .option("--headers-only", "Do not render any data, shows only headers", false)
    .option("--subjects-only", "Prints only the messages' subjects", false)
    .option("-I, --ignore-subject <subject>", "Subjects for which corresponding messages will be ignored and therefore not shown in the output (repeatable)", collect)
    .option("--wait <duration>", "Stop after a period of time with no traffic")
    .option("--report-subjects", "Subscribes to subject patterns and builds a de-duplicated report of active subjects receiving data", false)
    .option("--report-top <n>", "Number of subjects to show when doing 'report-subjects'", "10")
    .option("-t, --timestamp", "Show timestamp in output", false)
    .option("-d, --delta-time", "Show time since start in output", false)
    .option("--json", "Print each message as one JSON object per line (natsx)", false)
    .option("--legacy", "Print the old nats-sub format: [#N] Received on [subject]: 'body' (natsx)", false)
    .action(async (subjects: string[], opts: SubOptions, c: Command) => {
      const plan = validateSub(subjects, opts);
      await withConnection(deps, c, async (nc) => { await subRun(deps, nc, plan.subjects, opts); }, { drain: true });
    });
}

/** Checks flag combinations before connecting (natscli's wording where it has one). */
export function validateSub(subjects: string[], opts: SubOptions): { subjects: string[] } {
  if (opts.timestamp && opts.deltaTime) throw usageError("timestamp and delta-time flags are mutually exclusive");
  if (opts.inbox && opts.dump === "-") throw usageError("generating inboxes is not compatible with dumping to stdout using null terminated strings");
  const modes = [opts.raw && "--raw", opts.dump !== undefined && "--dump", opts.json && "--json", opts.legacy && "--legacy", opts.reportSubjects && "--report-subjects"].filter(Boolean);
  if (modes.length > 1) throw usageError(`${modes.join(" and ")} cannot be used together`, "pick one output mode");
  if (parseCount(opts.reportTop ?? "10", "--report-top") < 1) throw usageError("subject count must be at least one");
  parseCount(opts.count ?? "0", "--count");
  if (opts.wait !== undefined) parseDuration(opts.wait, "--wait");
  if (subjects.length === 0 && !opts.inbox) throw usageError("subject is required", "give one or more subjects, or --inbox to subscribe to a new inbox");
  if (subjects.length > 0 && opts.inbox) throw usageError("--inbox generates the subject: do not give subjects with it");
  for (const s of subjects) checkSubscribeSubject(s);
  return { subjects };
}

/**
 * Prints, dumps or reports received messages in natscli's layouts (plus --json / --legacy). The
 * message source is separate so a JetStream source can feed the same printer with its own header line.
 */
export class SubPrinter {
  count = 0;
  private readonly out: OutputBatcher;
  private readonly start: number;
  private readonly report = new Map<string, { count: number; bytes: number }>();
  private translateArgs?: string[];

  constructor(private readonly deps: Deps, private readonly opts: SubOptions) {
    this.out = new OutputBatcher(deps.io.out);
    this.start = deps.now();
    if (opts.dump && opts.dump !== "-") mkdirSync(opts.dump, { recursive: true, mode: 0o700 });
  }

  /** true when --translate makes handling asynchronous. */
  get async(): boolean {
    return Boolean(this.opts.translate);
  }

  private stamp(): string {
    if (this.opts.timestamp) return ` @ ${stampMicro(this.deps.now())}`;
    if (this.opts.deltaTime) return ` @ ${goDuration(this.deps.now() - this.start)}`;
    return "";
  }

  private async translate(m: SubMessage): Promise<Uint8Array> {
    const cmd = this.opts.translate!;
    // natscli templates {{Subject}} and {{Stream}} into the command (Stream is empty for core messages).
    const line = cmd.replace(/\{\{\s*\.?Subject\s*\}\}/g, m.subject).replace(/\{\{\s*\.?Stream\s*\}\}/g, "");
    this.translateArgs = splitCommand(line);
    const r = await runCommand(this.translateArgs, m.data, this.deps.env);
    if (r.error) {
      log(this.deps.io, this.deps.now(), `Error while translating msg body: ${r.error}`);
      return r.output.length ? r.output : m.data;
    }
    return r.output;
  }

  /** Handles one message (and its matched reply); returns a promise only when --translate is used. */
  handle(m: SubMessage, reply?: SubMessage, headerLine?: (n: number, stamp: string) => string): void | Promise<void> {
    const n = ++this.count;
    if (this.opts.reportSubjects) {
      const r = this.report.get(m.subject) ?? { count: 0, bytes: 0 };
      r.count++;
      r.bytes += m.data.length;
      this.report.set(m.subject, r);
      return;
    }
    const stamp = this.stamp();
    if (this.opts.translate) {
      return (async () => {
        const data = await this.translate(m);
        const rdata = reply ? await this.translate(reply) : undefined;
        this.emit(n, stamp, { ...m, data }, reply && rdata ? { ...reply, data: rdata } : undefined, headerLine);
      })();
    }
    this.emit(n, stamp, m, reply, headerLine);
  }

  private emit(n: number, stamp: string, m: SubMessage, reply: SubMessage | undefined, headerLine?: (n: number, stamp: string) => string): void {
    const o = this.opts;
    if (o.dump !== undefined) {
      this.dump(m, n, false);
      if (reply) this.dump(reply, n, true);
      return;
    }
    if (o.json) {
      const line: Record<string, unknown> = jsonMessage(m, n, this.deps.now());
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
      this.rawBody(m.data);
      if (reply) this.rawBody(reply.data);
      return;
    }
    const head = headerLine ? headerLine(n, stamp) : `[#${n}]${stamp} Received on "${m.subject}"${m.reply ? ` with reply "${m.reply}"` : ""}`;
    this.out.push(`${head}\n`);
    if (!o.subjectsOnly) this.out.push(prettyMessage(m.headers, m.data, o.headersOnly));
    if (reply) {
      this.out.push(`[#${n}]${stamp} Matched reply on "${reply.subject}"\n`);
      if (!o.subjectsOnly) this.out.push(prettyMessage(reply.headers, reply.data, o.headersOnly));
    }
  }

  private rawBody(data: Uint8Array): void {
    // natsx: an empty body is an empty line (natscli prints "nil body", which corrupts data pipes).
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
    writeFileSync(path.join(this.opts.dump!, isReply ? `${n}_reply.json` : `${n}.json`), json, { mode: 0o600 });
    // natscli prints a dot on stdout every 100 files; stdout stays clean here, so it goes to stderr.
    if (!isReply && n % 100 === 0) this.deps.io.err.write(".");
  }

  /** Prints the --report-subjects table (title and columns as natscli). */
  printReport(clear: boolean): void {
    const top = parseCount(this.opts.reportTop ?? "10", "--report-top");
    const rows = [...this.report.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, top);
    let tc = 0;
    let tb = 0;
    for (const [, r] of this.report) { tc += r.count; tb += r.bytes; }
    if (clear) this.deps.io.out.write("\x1b[2J\x1b[H");
    printTable(this.deps.io, ["Subject", "Message Count", "Bytes"], rows.map(([s, r]) => [s, commas(r.count), humanBytes(r.bytes)]),
      { title: top === 1 ? "Top Subject Report" : `Top ${top} Active Subjects Report`, footer: ["Totals", commas(tc), humanBytes(tb)] }, this.deps.env);
  }

  /** Writes anything still buffered. */
  flush(): void {
    this.out.flush();
  }
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
  o.received = new Date(now).toISOString();
  return o;
}

/** Builds the pretty header line for a message (JetStream sources print stream/sequence instead). */
export type HeaderLine = (n: number, stamp: string) => string;

/**
 * Where messages come from. The core source subscribes to subjects; a JetStream source (sub --stream,
 * --durable…, built separately) can implement this and reuse the printer, counting, --wait and Ctrl-C.
 */
export interface MessageSource {
  /** Starts delivering; resolves once the server has the interest (flushed). */
  start(deliver: (m: SubMessage, reply?: SubMessage, headerLine?: HeaderLine) => void, fail: (e: unknown) => void): Promise<void>;
  /** Stops delivery (count reached); the connection is drained afterwards. */
  stop(): void;
}

/** Pending requests kept for --match-replies before the oldest are forgotten (requests nobody answers). */
const MAX_PENDING_REQUESTS = 10_000;

/** The core NATS source: plain or queue subscriptions, plus the inbox subscription for --match-replies. */
export function coreSource(nc: NatsConnection, subjects: string[], opts: SubOptions, inboxPrefix: string): MessageSource {
  const subs: Subscription[] = [];
  const pending = new Map<string, SubMessage>();
  const inboxPattern = `${inboxPrefix}.`;
  const toMsg = (m: Msg): SubMessage => ({ subject: m.subject, reply: m.reply || undefined, headers: m.headers, data: m.data });
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
          deliver(m);
        } catch (e) {
          fail(e);
        }
      };
      for (const s of subjects) subs.push(nc.subscribe(s, { queue: opts.queue, callback: onMessage }));
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
      for (const s of subs) s.unsubscribe();
    },
  };
}

function parseIgnores(list: string[] | undefined): string[] {
  return (list ?? []).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
}

/** Subscribes and prints until --count, --wait idle time, Ctrl-C/SIGTERM, or the connection closes. */
export async function subRun(deps: Deps, nc: NatsConnection, subjectsIn: string[], opts: SubOptions, source?: MessageSource): Promise<SubResult> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const limit = parseCount(opts.count ?? "0", "--count");
  const waitMs = opts.wait !== undefined ? parseDuration(opts.wait, "--wait") : 0;
  const ignores = parseIgnores(opts.ignoreSubject);
  const inboxPrefix = (nc as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix || "_INBOX";
  const subjects = opts.inbox ? [createInbox(inboxPrefix)] : subjectsIn;
  const printer = new SubPrinter(deps, opts);
  const errors = watchAsyncErrors(nc);

  let finish!: (r: SubResult["reason"]) => void;
  let fail!: (e: unknown) => void;
  const ended = new Promise<SubResult["reason"]>((res, rej) => { finish = res; fail = rej; });
  ended.catch(() => undefined); // a failure before the wait below is reported by the early check instead
  let done = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    if (!waitMs) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => finish("wait"), waitMs);
  };

  // --translate is async: keep order with a promise chain, and bound the backlog (report drops).
  let chain: Promise<void> = Promise.resolve();
  let backlog = 0;
  let dropped = 0;
  let stopSource: () => void = () => undefined;

  let delivered = 0;
  const deliver = (m: SubMessage, reply?: SubMessage, headerLine?: HeaderLine) => {
    if (done) return;
    armIdle();
    delivered++;
    if (printer.async) {
      if (backlog >= MAX_TRANSLATE_BACKLOG) {
        if (dropped++ === 0) say(`Slow consumer: --translate is falling behind, dropping messages`);
        return;
      }
      backlog++;
      chain = chain.then(() => printer.handle(m, reply, headerLine)).catch((e) => fail(e)).finally(() => { backlog--; });
    } else {
      printer.handle(m, reply, headerLine);
    }
    // printer.count lags behind with --translate (handled later in the chain): count deliveries here.
    if (limit > 0 && delivered >= limit) {
      done = true;
      stopSource();
      finish("count");
    }
  };

  const ignored = (subject: string) => ignores.length > 0 && ignores.some((p) => subjectMatches(p, subject));
  const core = !source;
  const src = source ?? coreSource(nc, subjects, opts, inboxPrefix);
  await src.start((m, reply, headerLine) => {
    if (ignored(m.subject)) return;
    deliver(m, reply, headerLine);
  }, (e) => fail(e));
  stopSource = () => src.stop();
  // "Subscribing on" must mean the server has the interest: the source flushed. A -ERR (permission)
  // came before the PONG but reaches the status iterator a turn later.
  await new Promise((r) => setImmediate(r));
  const early = errors.first();
  if (early) throw early;

  // other sources log their own start line
  if (core && opts.legacy) say(`Listening on [${subjects.join(", ")}]`);
  else if (core && ((!opts.raw && opts.dump === undefined && !opts.reportSubjects) || opts.inbox)) say(`Subscribing on ${subjects.join(", ")} `);
  if (opts.matchReplies) say(`Matching replies with inbox prefix ${inboxPrefix}.>`);
  if (opts.queue && !opts.legacy) say(`Using queue group "${opts.queue}"`);
  armIdle();

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
    if (idle) clearTimeout(idle);
    if (reportTimer) clearInterval(reportTimer);
    st.stop();
    errors.stop();
  }
  await chain;
  if (opts.reportSubjects) printer.printReport(deps.io.outIsTTY);
  printer.flush();
  if (opts.dump && opts.dump !== "-" && printer.count >= 100) deps.io.err.write("\n");
  if (dropped) say(`Slow consumer: dropped ${commas(dropped)} messages that --translate could not keep up with`);
  if (disconnects) say(`Warning: the connection was lost ${disconnects} time(s); messages published while disconnected were not received`);
  say(`Received ${commas(printer.count)} message${printer.count === 1 ? "" : "s"}${reason === "wait" ? ` (no traffic for ${opts.wait})` : ""}`);
  return { received: printer.count, reason };
}
