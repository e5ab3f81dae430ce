import type { OptionDef } from "../global-options.js";
import { oneShotCommand } from "../fast-args.js";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { CliError, ExitCode, ExitStatus, usageError } from "../errors.js";
import { log } from "../output/io.js";
import { createProgress, type ProgressBar } from "../output/progress.js";
import { parseTimerDuration } from "../util/duration.js";
import { parseIntFlag } from "../util/flags.js";
import { commas, humanBytes } from "../output/format.js";
import { lineChunks, readAll, shouldReadStdin } from "../util/stdin.js";
import { watchAsyncErrors } from "./shared/async-errors.js";
import { BODY_OPTIONS, MessageComposer, noteAtFile, readBodyFile, type Body } from "./shared/message.js";
import type { JsOptions, OptionSource } from "../context/plan.js";

export interface PubOptions {
  reply?: string;
  header?: string[];
  count: string;
  sleep?: string;
  forceStdin?: boolean;
  sendOn: "eof" | "newline";
  quiet?: boolean;
  templates: boolean;
  file?: string;
  jetstream?: boolean;
  msgId?: string;
  /** -J only: one JSON document on stdout with what was stored, not stored and unconfirmed. */
  json?: boolean;
  /** The body is this file's bytes, never templated (natsx). */
  payloadFile?: string;
  /** natsx: publish what `sub --json` captured (src/messaging/replay.ts). */
  replay?: string;
  speed?: string;
  rate?: string;
  map?: string[];
}

/** One message ready to go out. */
export interface OutMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  reply?: string;
}

/**
 * Sends one message; the seam where a JetStream publisher (`-J`, issue for JetStream) plugs in:
 * it may return a promise (await the ack), core publishing stays synchronous for throughput.
 */
export type PublishOne = (m: OutMessage, n: number, log: boolean) => void | Promise<void>;

/** A publisher with more to say than PublishOne: JetStream's PubAck window (src/jetstream/publish.ts). */
export interface Publisher {
  send: PublishOne;
  /** Prints its own per-message lines (JetStream prints them once the ack arrived). */
  ownLog?: boolean;
  /** Told once, before the first message, whether lines come from stdin one by one. */
  start?(o: { newline: boolean }): void;
  /** Waits for everything still in flight; throws when anything failed. */
  settle?(): Promise<void>;
  /** A closing line after pub's own summary. */
  summary?(): string | undefined;
}

/** Counts of what a pub run sent. */
export interface PubResult {
  messages: number;
  bytes: number;
  /** Ctrl-C/SIGTERM stopped the run (the command then exits 130). */
  interrupted?: boolean;
}

const PUB_OPTIONS: readonly OptionDef[] = [
  { long: "--reply", arg: "<subject>", description: "Sets a custom reply to subject" },
  { long: "--count", arg: "<n>", description: "Publish multiple messages", default: "1" },
  { long: "--sleep", arg: "<duration>", description: "When publishing multiple messages, sleep between publishes" },
  { short: "-q", long: "--quiet", description: "Show just the output received", default: false },
  { short: "-J", long: "--jetstream", description: "Publish messages to jetstream", default: false },
  { long: "--msg-id", arg: "<id>", description: "Sets the Nats-Msg-Id header for JetStream de-duplication, templated like the body (natsx; implies --jetstream)" },
  { long: "--json", description: "With -J: print one JSON document of what was stored, not stored and unconfirmed (natsx)", default: false },
  ...BODY_OPTIONS,
  { long: "--payload-file", arg: "<path>", description: "The body is this file's bytes exactly, never templated: binary payloads (natsx)" },
  { long: "--replay", arg: "<file>", description: "Publish what `nats sub --json` captured (- for stdin): subjects, headers, exact bytes, in order, at the captured pace (natsx)" },
  { long: "--speed", arg: "<factor>", description: "With --replay: scale the captured pace (2 = twice as fast), or max for as fast as possible (natsx)" },
  { long: "--rate", arg: "<n/s>", description: "With --replay: a fixed rate instead of the captured pace, e.g. 100/s (natsx)" },
  { long: "--map", arg: "<src-dest...>", description: "With --replay: rewrite subjects matching SRC to DEST, wildcards as in subject mapping ({{wildcard(1)}} or $1; repeatable) (natsx)" },
];

const YIELD_EVERY = 10_000;
const PER_MESSAGE_LOG_LIMIT = 20;

/** `nats pub SUBJECT [BODY]`: core publishing with templates, headers, counts and stdin. */
export const { createCommand, fastPath } = oneShotCommand<PubOptions>({
  name: "publish",
  alias: "pub",
  description: "Generic data publish utility",
  // the subject is optional only for --replay, which takes the subjects from the file
  args: [{ spec: "[subject]", description: "Subject to publish to" }, { spec: "[body]", description: "Message body" }],
  options: PUB_OPTIONS,
  examples: [
    "nats pub orders.new '{\"id\":{{Count}}}' --count 3 -H trace:{{ID}}",
    "nats pub images.raw --payload-file photo.jpg                   # the file's bytes, never templated",
    "nats sub 'orders.>' --json > capture.ndjson                    # capture, then replay it:",
    "nats pub --replay capture.ndjson --speed 2 --map 'orders.*' 'staging.orders.{{wildcard(1)}}'",
  ],
  action: (deps, [subject, body], opts, source) => publish(deps, subject, body, opts, source),
});

async function publish(deps: Deps, subject: string | undefined, body: string | undefined, opts: PubOptions, c: OptionSource): Promise<void> {
  if (opts.replay !== undefined) return replay(deps, subject, body, opts, c);
  for (const f of ["speed", "rate", "map"] as const) if (opts[f] !== undefined) throw usageError(`--${f} is for --replay`, "give the capture file with --replay FILE");
  if (subject === undefined) throw usageError("missing required argument 'subject'", "give the subject to publish to, or --replay FILE");
  if (opts.payloadFile !== undefined) {
    if (body !== undefined || opts.file !== undefined) throw usageError("give the body either as an argument, with --file or with --payload-file, not more than one");
    if (opts.sendOn === "newline") throw usageError("--payload-file sends the file as one message: it cannot be used with --send-on newline");
  }
  const js = Boolean(opts.jetstream || opts.msgId !== undefined);
  if (js && opts.reply !== undefined) throw usageError("--reply cannot be used with --jetstream", "the reply subject of a JetStream publish receives the PubAck");
  if (opts.json && !js) throw usageError("--json reports what JetStream stored: use it with -J/--jetstream (or --msg-id)", "a core publish gets no acknowledgement to report");
  // JSON mode: the document is the output; failures still get their lines on stderr
  if (opts.json) opts = { ...opts, quiet: true };
  // loaded only for -J: it pulls in the JetStream client, which a core publish does not need (start-up)
  const jsPub = js ? await import("../jetstream/publish.js") : undefined;
  let window: import("../jetstream/publish.js").PubAckWindow | undefined;
  let r: PubResult;
  try {
    r = await withConnection(deps, c, (nc, ctx) => {
      if (jsPub) window = ackWindow(jsPub, deps, nc, ctx.js, opts);
      return pubRun(deps, nc, subject, body, opts, window && asPublisher(window));
    });
  } finally {
    // also when the run failed: a script learns what to publish again (see README, "Publishing from a script")
    if (opts.json && window) (await import("../output/json.js")).printJson(deps.io, window.outcome({ interrupted: deps.signal.aborted }));
  }
  // thrown out here: withConnection turns errors from its body into CliErrors
  if (r.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
}

/** `pub --replay FILE`: what a capture holds, published again (src/messaging/replay.ts). */
async function replay(deps: Deps, subject: string | undefined, body: string | undefined, opts: PubOptions, c: OptionSource): Promise<void> {
  if (subject !== undefined || body !== undefined) throw usageError("--replay takes the subjects and bodies from the file: give no subject or body", "rewrite subjects with --map SRC DEST");
  const conflicting = [opts.jetstream && "-J", opts.msgId !== undefined && "--msg-id", opts.reply !== undefined && "--reply", opts.header?.length && "-H", opts.file !== undefined && "--file", opts.payloadFile !== undefined && "--payload-file", opts.count !== "1" && opts.count !== undefined && "--count", opts.sleep !== undefined && "--sleep", opts.sendOn === "newline" && "--send-on"].filter(Boolean);
  if (conflicting.length) throw usageError(`--replay cannot be used with ${conflicting.join(", ")}`);
  const r = await import("../messaging/replay.js");
  r.replayPace(opts);
  await r.checkReplayFile(opts.replay!);
  const done = await withConnection(deps, c, async (nc) => {
    const errors = watchAsyncErrors(nc);
    try {
      return await r.replayRun(deps, nc, { replay: opts.replay!, speed: opts.speed, rate: opts.rate, map: opts.map, quiet: opts.quiet }, () => {
        const e = errors.first();
        if (e) throw e;
      });
    } finally {
      errors.stop();
    }
  });
  if (done.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
}

/** `pub -J`: a window of PubAcks in flight, every outcome reported (natscli prints each ack). */
function ackWindow(jsPub: typeof import("../jetstream/publish.js"), deps: Deps, nc: NatsConnection, jsOpts: JsOptions, opts: PubOptions): import("../jetstream/publish.js").PubAckWindow {
  return new jsPub.PubAckWindow(jsPub.jsPublisher(nc, jsOpts), {
    msgId: opts.msgId,
    templates: opts.templates !== false,
    timeout: jsOpts.timeout,
    say: (m) => { if (!opts.quiet) log(deps.io, deps.now(), m); },
    warn: (m) => log(deps.io, deps.now(), m),
    now: deps.now,
  });
}

function asPublisher(w: import("../jetstream/publish.js").PubAckWindow): Publisher {
  return { send: (m, n, l) => w.send(m, n, l), ownLog: w.ownLog, start: (o) => w.start(o), settle: () => w.settle(), summary: () => w.summary() };
}

/** Publishes as natscli's pub does; returns what was sent. `publishOne` defaults to core publishing. */
export async function pubRun(deps: Deps, nc: NatsConnection, subject: string, body: string | undefined, opts: PubOptions, publishOne?: PublishOne | Publisher): Promise<PubResult> {
  const publisher: Publisher | undefined = typeof publishOne === "function" ? { send: publishOne } : publishOne;
  const say = (m: string) => { if (!opts.quiet) log(deps.io, deps.now(), m); };
  const warn = (m: string) => log(deps.io, deps.now(), m);
  // natscli publishes once for --count 0 or -5; a script asking for that has a bug worth reporting
  const count = parseIntFlag(opts.count ?? "1", "--count", { min: 1 });
  const sleepMs = opts.sleep ? parseTimerDuration(opts.sleep, "--sleep") : 0;
  if (opts.file !== undefined && body !== undefined) throw usageError("give the body either as an argument or with --file, not both");
  const composer = new MessageComposer(deps, subject, opts.header, opts.templates !== false, warn);
  const result: PubResult = { messages: 0, bytes: 0 };
  const errors = watchAsyncErrors(nc);
  const maxPayload = nc.info?.max_payload ?? Infinity;
  const signal = deps.signal;

  const useStdin = opts.file === undefined && opts.payloadFile === undefined && shouldReadStdin(deps.io, body !== undefined, Boolean(opts.forceStdin));
  const newline = useStdin && opts.sendOn === "newline";
  // Per-message log lines for small runs; bigger runs get a progress bar (TTY) and one summary line.
  let progress: ProgressBar | undefined;
  const perMessage = count <= PER_MESSAGE_LOG_LIMIT;
  if (!perMessage && !opts.quiet && !newline) progress = await createProgress(deps.io, { label: "Publishing", total: count });
  publisher?.start?.({ newline });

  let lastSubject = subject;
  // the message count at the last flush, so the final flush is skipped when nothing was sent since
  let flushedAt = -1;
  const checkErrors = () => {
    const e = errors.first();
    if (e) throw e;
  };
  // Bulk runs (more messages than get a line each, lines from stdin) go through natsx's framing path
  // (natsjs.md §7.3): frames encoded into reused buffers, back-pressure, counted delivery. Loaded only for
  // them, so `nats pub x y` starts as before. The messages that get a log line (the first 20 lines of
  // --send-on newline) use publish() and come before any framed one, so the order holds.
  const frames = !publisher && sleepMs === 0 && (!perMessage || newline) ? new (await import("../messaging/frame-publisher.js")).MessageFrames(nc) : undefined;
  if (frames) frames.publisher.check = checkErrors;
  const send: PublishOne = publisher?.send ?? ((m, _n, logIt) => {
    if (frames && !logIt) return frames.send(m);
    if (m.data.length > maxPayload) {
      throw new CliError(`message ${result.messages + 1} is ${commas(m.data.length)} bytes, larger than the server's max_payload of ${commas(maxPayload)} bytes`, { hint: "send a smaller message, or raise max_payload on the server" });
    }
    nc.publish(m.subject, m.data, { headers: m.headers, reply: m.reply });
  });

  // The path for piped lines: one frame per line, no promise unless the framing path has to wait.
  const simpleLoop = frames !== undefined && count === 1;
  const compose = (b: Body, n: number): OutMessage => {
    const v = composer.vars(n, b);
    return { subject: composer.subject(v), data: composer.render(b, v), headers: composer.headers(v), reply: opts.reply };
  };
  const counted = (m: OutMessage, n: number) => {
    result.messages = n;
    result.bytes += m.data.length;
    lastSubject = m.subject;
  };
  const publishBody = async (b: Body) => {
    for (let i = 0; i < count; i++) {
      if (signal.aborted) return;
      const n = result.messages + 1;
      const m = compose(b, n);
      const logIt = perMessage && (!newline || n <= PER_MESSAGE_LOG_LIMIT);
      const p = send(m, n, logIt);
      if (p) await p;
      counted(m, n);
      // a publisher with its own lines (JetStream) printed them once the server answered
      if (logIt && !publisher?.ownLog) {
        // As natscli: the log line means the server took it, so flush and check for a -ERR first (cheap for ≤ 20 messages).
        await nc.flush();
        flushedAt = n;
        await new Promise((r) => setImmediate(r));
        checkErrors();
        if (newline && n === PER_MESSAGE_LOG_LIMIT) say(`Published ${m.data.length} bytes to "${m.subject}" (further messages are summarised at the end)`);
        else say(`Published ${m.data.length} bytes to "${m.subject}"`);
      }
      progress?.update(n);
      if (sleepMs > 0 && (newline || i < count - 1)) {
        // natscli flushes each message; we do it when pacing so the message leaves before the pause.
        await nc.flush();
        await new Promise((r) => setImmediate(r));
        checkErrors();
        await new Promise((r) => setTimeout(r, sleepMs));
      } else if (n % YIELD_EVERY === 0) {
        // No back-pressure in the client: let the socket drain so memory stays bounded (natsjs.md §7.3).
        await new Promise((r) => setImmediate(r));
        checkErrors();
      }
    }
  };

  try {
    if (newline) {
      say("Reading payload from STDIN");
      // every line as it is, to a fixed subject with fixed headers: framed straight from the chunks read
      const direct = simpleLoop && !composer.subjectIsTemplate() && composer.headersConstant();
      // pub is done with each run of lines before it reads on (frames copy the bytes; the first lines, sent with
      // publish(), are flushed one by one), unless a publisher of its own (JetStream) may still hold them
      for await (const text of lineChunks(deps.io.in, signal, !publisher)) {
        // one look for "{{" per chunk read, not one per line
        const literal = !composer.templates || text.indexOf("{{") < 0;
        let at = 0;
        while (at < text.length && !signal.aborted) {
          if (direct && literal && result.messages >= PER_MESSAGE_LOG_LIMIT) {
            const v = composer.vars(result.messages + 1);
            const to = { subject: composer.subject(v), headers: composer.headers(v), reply: opts.reply };
            const r = frames!.lines(to, text, at);
            const done = r instanceof Promise ? await r : r;
            result.messages += done.msgs;
            result.bytes += done.bytes;
            lastSubject = to.subject;
            break;
          }
          const nl = text.indexOf(10, at);
          const line = text.subarray(at, nl > at && text[nl - 1] === 13 ? nl - 1 : nl);
          at = nl + 1;
          const n = result.messages + 1;
          const b: Body = literal ? { constant: line } : composer.body(line);
          if (simpleLoop && n > PER_MESSAGE_LOG_LIMIT) {
            const m = compose(b, n);
            const w = send(m, n, false);
            counted(m, n);
            if (w) await w;
            continue;
          }
          await publishBody(b);
        }
      }
    } else {
      let text: string | Uint8Array;
      if (opts.payloadFile !== undefined) text = await readBodyFile(opts.payloadFile);
      else if (opts.file !== undefined) text = await readBodyFile(opts.file);
      else if (useStdin) {
        say("Reading payload from STDIN");
        text = await readAll(deps.io.in, signal);
      } else {
        text = body ?? "";
        noteAtFile(deps, text);
      }
      // --payload-file: the file's bytes, whatever they hold, never a template
      if (!signal.aborted) await publishBody(opts.payloadFile !== undefined ? { constant: text as Uint8Array } : composer.body(text));
    }
    await publisher?.settle?.();
    if (frames) {
      // the last chunk out, and the server's PONG for every one: delivery proven, or the count that was
      await frames.publisher.flush();
      await new Promise((r) => setImmediate(r));
    } else if (!nc.isClosed() && flushedAt !== result.messages) {
      // one round trip less for `nats pub x y`: the per-message path already flushed the last message
      await nc.flush();
      // a -ERR (permission violation) arrives before the PONG but reaches the status iterator a turn later
      await new Promise((r) => setImmediate(r));
    }
    checkErrors();
  } finally {
    progress?.done();
    errors.stop();
  }
  if (result.messages > PER_MESSAGE_LOG_LIMIT) {
    say(`Published ${commas(result.messages)} messages (${humanBytes(result.bytes)}) to "${composer.subjectIsTemplate() ? subject : lastSubject}"`);
  }
  const closing = publisher?.summary?.();
  if (closing) say(closing);
  if (signal.aborted) {
    log(deps.io, deps.now(), `Interrupted after publishing ${commas(result.messages)} messages; everything published was flushed`);
    result.interrupted = true;
  }
  return result;
}
