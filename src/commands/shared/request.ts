import type { Msg, MsgHdrs, NatsConnection, Subscription } from "@nats-io/transport-node";
import { createInbox, inboxPrefixOf } from "../../nats-client.js";
import type { Deps } from "../../deps.js";
import type { ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { goDuration, headerLines, headersObject, jsonData, prettyMessage } from "../../output/message.js";
import { createProgress, type ProgressBar } from "../../output/progress.js";
import { withSpinner } from "../../output/spinner.js";
import { parseTimerDuration } from "../../util/duration.js";
import { runCommand, splitCommand } from "../../util/shell.js";
import { commas } from "../../output/format.js";
import { lineBatches, readAll, shouldReadStdin } from "../../util/stdin.js";
import { watchAsyncErrors } from "./async-errors.js";
import { MessageComposer, noteAtFile, readBodyFile } from "./message.js";
import { parseIntFlag } from "../../util/flags.js";
import { compileFormat } from "../../util/message-format.js";
import { Expectations, type ExpectOptions } from "./expect.js";

// The request loop of `nats req`, shared with `nats service request` (natscli's service request runs its req command).

export interface ReqOptions extends ExpectOptions {
  header?: string[];
  count: string;
  replies: string;
  replyTimeout: string;
  waitForEmpty?: boolean;
  raw?: boolean;
  translate?: string;
  forceStdin?: boolean;
  sendOn: "eof" | "newline";
  templates: boolean;
  file?: string;
  json?: boolean;
  /** natsx: one line per reply from a template (util/message-format.ts). */
  format?: string;
}

/** What one request collected. */
export interface RequestOutcome {
  replies: number;
  noResponders: boolean;
}

/** What a caller of reqRun may want to see besides the printed output. */
export interface RequestHooks {
  /** Every reply, before it is printed (`service request` checks the Nats-Service-Error header). */
  onReply?(m: Msg): void;
}

function isNoResponders(m: Msg): boolean {
  return m.data.length === 0 && m.headers?.code === 503;
}

/** Sends requests as natscli does and prints replies; throws exit 6 on no responders and exit 5 when nothing answered in time. */
export async function reqRun(deps: Deps, nc: NatsConnection, ctx: ConnCtx, subject: string, body: string | undefined, opts: ReqOptions, hooks: RequestHooks = {}): Promise<{ requests: number; replies: number; interrupted: boolean }> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  // natscli: --count 0 sends up to 32767 requests (one per stdin line with --send-on newline); --replies 0 waits until the timeout
  let count = parseIntFlag(opts.count ?? "1", "--count");
  if (count < 1) count = 32767;
  let wantReplies = parseIntFlag(opts.replies ?? "1", "--replies");
  if (opts.waitForEmpty) wantReplies = 32767;
  const replyTimeout = parseTimerDuration(opts.replyTimeout ?? "300ms", "--reply-timeout");
  const timeoutMs = ctx.plan.timeoutMs;
  if (opts.file !== undefined && body !== undefined) throw usageError("give the body either as an argument or with --file, not both");
  const modes = [opts.json && "--json", opts.raw && "--raw", opts.format !== undefined && "--format"].filter(Boolean);
  if (modes.length > 1) throw usageError(`${modes.join(" and ")} cannot be used together`);
  const format = opts.format !== undefined ? compileFormat(opts.format) : undefined;
  const expect = await Expectations.from(opts);
  if (expect?.repeat !== undefined) {
    if (opts.count !== undefined && opts.count !== "1") throw usageError("--repeat and --count cannot be used together", "--repeat N sends the same request N times and prints latency figures");
    count = expect.repeat;
  }
  const composer = new MessageComposer(deps, subject, opts.header, opts.templates !== false, say);
  const prefix = inboxPrefixOf(nc);
  const errors = watchAsyncErrors(nc);
  const quietLogs = opts.raw || opts.json || format || count > 20;
  let progress: ProgressBar | undefined;
  if (count > 20 && !opts.raw && !opts.json && !format) progress = await createProgress(deps.io, { label: "Requesting", total: count });
  // not under a progress bar (it shows the progress), nor with --json (nothing but the documents)
  const spin = !progress && !opts.json;
  const translateArgs = opts.translate ? splitCommand(opts.translate) : undefined;
  let sent = 0;
  let received = 0;

  const show = async (m: Msg, rtt: number, n: number) => {
    hooks.onReply?.(m);
    let data: Uint8Array = m.data;
    if (translateArgs) {
      const r = await runCommand(translateArgs, m.data, deps.env);
      if (r.error) say(`Error while translating msg body: ${r.error}`);
      else data = r.output;
    }
    if (format) {
      deps.io.out.write(format({ subject: m.subject, reply: m.reply || undefined, data, headers: m.headers, time: new Date(deps.now()) }, n, deps.now()));
    } else if (opts.json) {
      const d = jsonData(data);
      const o: Record<string, unknown> = { request: n, subject: m.subject };
      const h = headersObject(m.headers);
      if (h) o.headers = h;
      o.data = d.data;
      if (d.encoding) o.encoding = d.encoding;
      o.size = data.length;
      o.rtt_ms = Math.round(rtt * 1000) / 1000;
      o.received = new Date(deps.now()).toISOString();
      deps.io.out.write(`${JSON.stringify(o)}\n`);
    } else if (opts.raw) {
      // natsx: just the body with a newline ensured, so `req --raw` output can be piped as data.
      deps.io.out.write(data);
      if (data.length === 0 || data[data.length - 1] !== 10) deps.io.out.write("\n");
    } else {
      if (!quietLogs) {
        say(`Received with rtt ${goDuration(rtt)}`);
        const hl = headerLines(m.headers);
        if (hl) {
          for (const line of hl.trimEnd().split("\n")) say(line);
          say("");
        }
      }
      deps.io.out.write(prettyMessage(undefined as MsgHdrs | undefined, data));
    }
    // the reply is shown first, then what was wrong with it
    if (expect) await expect.check({ subject: m.subject, data: m.data, headers: m.headers }, rtt, n);
  };

  // One wildcard inbox subscription for the whole run and a token per request, as the client's request mux
  // does: a SUB and an UNSUB around every request doubled the writes of `req --count` (issue 15). Replies to
  // an earlier request (a late second responder) reach the subscription and are dropped here.
  const base = createInbox(prefix);
  let current: { inbox: string; queue: { m: Msg; at: number }[]; wake?: () => void } | undefined;
  let mux: Subscription | undefined;
  const requestOnce = async (out: { subject: string; data: Uint8Array; headers?: MsgHdrs }, n: number): Promise<RequestOutcome> => {
    const me: NonNullable<typeof current> = { inbox: `${base}.${n}`, queue: [] };
    const { inbox, queue } = me;
    current = me;
    mux ??= nc.subscribe(`${base}.*`, {
      callback: (err, m) => {
        // never throw from a callback (natsjs.md §8.15)
        if (err) return;
        const c = current;
        if (!c || m.subject !== c.inbox) return;
        c.queue.push({ m, at: performance.now() });
        c.wake?.();
      },
    });
    const next = (ms: number) => new Promise<{ m: Msg; at: number } | undefined>((resolve) => {
      if (queue.length) { resolve(queue.shift()); return; }
      if (ms <= 0 || deps.signal.aborted) { resolve(undefined); return; }
      const onAbort = () => done(undefined);
      const t = setTimeout(() => done(undefined), ms);
      const done = (v: { m: Msg; at: number } | undefined) => { clearTimeout(t); me.wake = undefined; deps.signal.removeEventListener("abort", onAbort); resolve(v); };
      me.wake = () => done(queue.shift());
      deps.signal.addEventListener("abort", onAbort, { once: true });
    });
    if (!quietLogs) say(`Sending request on "${out.subject}"`);
    const start = performance.now();
    nc.publish(out.subject, out.data, { reply: inbox, headers: out.headers });
    const sentUpTo = nc.stats().outMsgs;
    const rtts: number[] = [];
    let got = 0;
    let noResponders = false;
    let last = start;
    try {
      for (;;) {
        const remaining = start + timeoutMs - performance.now();
        let wait = remaining;
        if (got > 0 && wantReplies !== 1 && wantReplies !== 0) {
          // natscli's heuristic: after the first reply wait the average rtt plus --reply-timeout for more.
          const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
          wait = Math.min(remaining, last + avg + replyTimeout - performance.now());
        }
        // the first reply can take a while (a slow service, a long --timeout): a spinner says what is awaited
        const r = got === 0 && spin ? await withSpinner(deps.io, `Waiting for a reply on "${out.subject}"`, next(wait)) : await next(wait);
        if (!r) break;
        // the server read the request (and all before it) to route it: no closing flush needed for them
        ctx.answered?.(sentUpTo);
        if (isNoResponders(r.m)) { noResponders = got === 0; break; }
        got++;
        last = r.at;
        const rtt = r.at - start;
        rtts.push(rtt);
        await show(r.m, rtt, n);
        if (r.m.data.length === 0 && wantReplies > 1) break;
        if (wantReplies > 0 && got >= wantReplies) break;
      }
    } finally {
      current = undefined;
    }
    return { replies: got, noResponders };
  };

  const doBody = async (b: ReturnType<MessageComposer["body"]>) => {
    for (let i = 0; i < count && !deps.signal.aborted; i++) {
      const n = sent + 1;
      const v = composer.vars(n, b);
      const out = { subject: composer.subject(v), data: composer.render(b, v), headers: composer.headers(v) };
      if (out.data.length > (nc.info?.max_payload ?? Infinity)) {
        throw new CliError(`request ${n} is ${commas(out.data.length)} bytes, larger than the server's max_payload of ${commas(nc.info!.max_payload)} bytes`);
      }
      const o = await requestOnce(out, n);
      sent = n;
      received += o.replies;
      progress?.update(n);
      const e = errors.first();
      if (e) throw e;
      if (deps.signal.aborted) return;
      if (o.noResponders) {
        if (!opts.raw && !opts.json) say("No responders are available");
        throw new CliError(`no responders are available for "${out.subject}"`, { exitCode: ExitCode.NO_RESPONDERS, hint: "start a service with `nats reply` or check the subject" });
      }
      if (o.replies === 0) {
        throw new CliError(`timed out after ${goDuration(timeoutMs)} waiting for a reply on "${out.subject}"`, { exitCode: ExitCode.TIMEOUT, hint: "raise --timeout if the service is slow" });
      }
    }
  };

  try {
    const useStdin = opts.file === undefined && shouldReadStdin(deps.io, body !== undefined, Boolean(opts.forceStdin));
    if (useStdin && opts.sendOn === "newline") {
      for await (const batch of lineBatches(deps.io.in, deps.signal)) {
        for (const line of batch) {
          await doBody(composer.body(line));
          if (deps.signal.aborted) break;
        }
      }
    } else {
      let text: string | Uint8Array;
      if (opts.file !== undefined) text = await readBodyFile(opts.file);
      else if (useStdin) text = await readAll(deps.io.in, deps.signal);
      else {
        text = body ?? "";
        noteAtFile(deps, text);
      }
      if (!deps.signal.aborted) await doBody(composer.body(text));
    }
  } finally {
    mux?.unsubscribe();
    progress?.done();
    errors.stop();
  }
  if (count > 20 && !opts.raw && !opts.json && !format) say(`Sent ${commas(sent)} requests, received ${commas(received)} replies`);
  if (expect?.repeat !== undefined) {
    const line = expect.summary();
    if (line) say(line);
  }
  expect?.latencyVerdict();
  if (deps.signal.aborted) {
    say(`Interrupted after ${commas(sent)} requests`);
  }
  return { requests: sent, replies: received, interrupted: deps.signal.aborted };
}
