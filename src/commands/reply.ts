import { Command } from "commander";
import type { Msg, MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { headers as makeHeaders } from "../nats-client.js";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { usageError } from "../errors.js";
import { log } from "../output/io.js";
import { headerLines } from "../output/message.js";
import { parseTimerDuration } from "../util/duration.js";
import { collect, parseIntFlag } from "../util/flags.js";
import { buildHeaders, copyHeaders, parseHeaderFlags } from "../util/headers.js";
import { runCommand, splitCommand } from "../util/shell.js";
import { commas } from "../output/format.js";
import { checkSubscribeSubject } from "../util/subject.js";
import { expandSubjectTokens, templateOrLiteral } from "../util/template.js";
import { watchAsyncErrors } from "./shared/async-errors.js";
import { execSettings, hookEnv, runHook } from "./shared/exec.js";

export interface ReplyOptions {
  echo?: boolean;
  command?: string;
  queue: string;
  sleep?: string;
  header?: string[];
  count: string;
  templates: boolean;
  /** natsx: answer with this command's stdout (commands/shared/exec.ts). */
  exec?: string;
  execTimeout?: string;
}

/** `nats reply SUBJECT [BODY]`: a queue-group responder that echoes, templates a body or runs a command per request. */
export function createCommand(deps: Deps): Command {
  return new Command("reply")
    .description("Generic service reply utility")
    .argument("<subject>", "Subject to subscribe to")
    .argument("[body]", "Reply body")
    .option("--echo", "Echo back what is received", false)
    .option("--command <command>", "Runs a command and responds with the output if exit code was 0")
    .option("--exec <command>", "Answer with this command's stdout: request body on stdin, NATS_SUBJECT, NATS_REPLY, NATS_HEADER_<NAME>… in the environment; a non-zero exit adds a Nats-Service-Error header (natsx)")
    .option("--exec-timeout <duration>", "Kill an --exec command that runs longer than this and answer with a service error (natsx)")
    .option("-q, --queue <group>", "Queue group name", "NATS-RPLY-22")
    .option("--sleep <duration>", "Inject a random sleep delay between replies up to this duration max")
    .option("-H, --header <KEY:VALUE>", "Adds headers to the message using K:V format (repeatable)", collect)
    .option("--count <n>", "Quit after receiving this many messages", "0")
    .option("--templates", "Enables template functions in the body (default)")
    .option("--no-templates", "Disables template functions in the body")
    .addHelpText("after", `
Examples:
  nats reply 'svc.>' --command 'echo {{1}}'                 # subject tokens in the command (natscli)
  nats reply svc.upper --exec 'tr a-z A-Z'                  # the request body on stdin, the answer on stdout
  nats reply svc.price --exec ./price.sh --exec-timeout 2s  # a failure answers with a Nats-Service-Error header`)
    .action(async (subject: string, body: string | undefined, opts: ReplyOptions, c: Command) => {
      checkSubscribeSubject(subject);
      const given = [opts.echo && "--echo", opts.command !== undefined && "--command", opts.exec !== undefined && "--exec", body !== undefined && "a reply body"].filter(Boolean);
      if (given.length > 1) throw usageError(`${given.join(" and ")} cannot be used together`, "give one way to answer");
      execSettings({ exec: opts.exec, execTimeout: opts.execTimeout });
      await withConnection(deps, c, async (nc) => { await replyRun(deps, nc, subject, body, opts); }, { drain: true });
    });
}

/** Serves requests until --count replies were sent or Ctrl-C/SIGTERM, then drains; returns the number of replies. */
export async function replyRun(deps: Deps, nc: NatsConnection, subject: string, body: string | undefined, opts: ReplyOptions): Promise<number> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const limit = parseIntFlag(opts.count ?? "0", "--count");
  const sleepMs = opts.sleep ? parseTimerDuration(opts.sleep, "--sleep") : 0;
  const templates = opts.templates !== false;
  const hdrSpecs = parseHeaderFlags(opts.header, say);
  let echo = Boolean(opts.echo);
  const ex = execSettings({ exec: opts.exec, execTimeout: opts.execTimeout });
  if (body === undefined && !opts.command && !ex && !echo) {
    say("No body or command supplied, enabling echo mode");
    echo = true;
  }
  const bodyTpl = body !== undefined ? templateOrLiteral(body, templates, "body", say) : undefined;
  const cmdLine = opts.command;
  if (cmdLine) splitCommand(cmdLine); // reject an unusable command before listening
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const errors = watchAsyncErrors(nc);

  const sub = nc.subscribe(subject, { queue: opts.queue, max: limit > 0 ? limit : undefined });
  await nc.flush();
  await new Promise((r) => setImmediate(r));
  const early = errors.first();
  if (early) throw early;
  say(`Listening on "${subject}" in group "${opts.queue}"`);

  const onAbort = () => { void sub.drain().catch(() => undefined); };
  deps.signal.addEventListener("abort", onAbort, { once: true });
  if (deps.signal.aborted) onAbort();

  let i = 0;
  try {
    for await (const m of sub) {
      const counter = i++;
      say(`[#${counter}] Received on subject "${m.subject}":`);
      const hl = headerLines(m.headers);
      if (hl) for (const line of hl.trimEnd().split("\n")) say(line);
      deps.io.out.write("\n");
      deps.io.out.write(m.data);
      deps.io.out.write("\n");

      if (sleepMs > 0) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * sleepMs)));
      const vars = { count: counter, now: deps.now(), request: dec.decode(m.data) };
      let data: Uint8Array;
      let h: MsgHdrs | undefined = buildHeaders(hdrSpecs, vars);
      if (echo) {
        data = m.data;
        // natscli copies the request headers and adds NATS-Reply-Counter.
        h ??= makeHeaders();
        if (m.headers) copyHeaders(m.headers, h);
        h.set("NATS-Reply-Counter", String(counter));
      } else if (ex) {
        const r = await runHook(ex.argv, m.data, { ...deps.env, ...hookEnv({ subject: m.subject, reply: m.reply, headers: m.headers, data: m.data, count: counter }) }, ex.timeoutMs);
        if (r.stderr.length) deps.io.err.write(r.stderr);
        data = r.stdout;
        if (r.code !== 0) {
          // the caller can tell (req --fail-on-service-error, service clients): as a micro service reports a failure
          const why = r.spawnError ?? (r.timedOut ? `ran longer than ${opts.execTimeout}` : `exit status ${r.code}`);
          say(`--exec failed for request ${counter}: ${why}`);
          h ??= makeHeaders();
          h.set("Nats-Service-Error", why);
          h.set("Nats-Service-Error-Code", "500");
        }
      } else if (cmdLine) {
        data = await runReplyCommand(deps, cmdLine, m, vars, templates, say);
      } else {
        data = enc.encode(bodyTpl!.render(vars));
      }
      if (!m.reply) {
        say(`Request on "${m.subject}" has no reply subject, not replying`);
      } else {
        m.respond(data, { headers: h });
      }
      if (limit > 0 && i >= limit) break;
    }
  } finally {
    deps.signal.removeEventListener("abort", onAbort);
    errors.stop();
  }
  await nc.flush().catch(() => undefined);
  const e = errors.first();
  if (e) throw e;
  say("");
  say("Draining...");
  say(`Exiting after ${commas(i)} repl${i === 1 ? "y" : "ies"}`);
  return i;
}

async function runReplyCommand(deps: Deps, cmdLine: string, m: Msg, vars: { count: number; now: number; request: string }, templates: boolean, say: (s: string) => void): Promise<Uint8Array> {
  // natscli: {{0}}, {{1}}… are subject tokens, then the rest is a template, then shell-split (no shell).
  const line = templateOrLiteral(expandSubjectTokens(cmdLine, m.subject), templates, "command", say).render(vars);
  let argv: string[];
  try {
    argv = splitCommand(line);
  } catch (e) {
    say(`Command "${line}" failed to run: ${(e as Error).message}`);
    return new TextEncoder().encode((e as Error).message);
  }
  // the same model as --exec (body on stdin, NATS_* variables), natscli's NATS_REQUEST_* kept; the reply is stdout and stderr as produced
  const r = await runCommand(argv, m.data, { ...deps.env, ...hookEnv({ subject: m.subject, reply: m.reply, headers: m.headers, data: m.data, count: vars.count }), NATS_REQUEST_SUBJECT: m.subject, NATS_REQUEST_BODY: vars.request });
  if (r.error) say(`Command "${line}" failed to run: ${r.error}`);
  return r.output;
}
