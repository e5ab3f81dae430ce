import { spawn } from "node:child_process";
import type { MsgHdrs } from "@nats-io/transport-node";
import { usageError } from "../../errors.js";
import { headersObject } from "../../output/message.js";
import { splitCommand } from "../../util/shell.js";
import { parseTimerDuration } from "../../util/duration.js";

// Exec hooks: `sub --exec` and `reply --exec`/`--command` run a command per message, one model for both: the body on
// stdin, the message's subject, reply and headers in NATS_* variables, the command's stdout its answer.

/** The exit code by which a `sub --exec` command asks for a JetStream message to be terminated (never redelivered): sysexits' EX_DATAERR. */
export const EXEC_TERM_CODE = 65;

/** What a hook knows of the message it runs for. */
export interface HookMessage {
  subject: string;
  reply?: string;
  headers?: MsgHdrs;
  data: Uint8Array;
  count: number;
  js?: { stream: string; seq: number; redelivered: boolean; pending: number };
}

/** A header name as a variable name: NATS_HEADER_TRACE_ID for Trace-Id. */
function headerVar(name: string): string {
  return `NATS_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** The NATS_* variables a hook gets (on top of the environment natsx runs in). */
export function hookEnv(m: HookMessage): Record<string, string> {
  const e: Record<string, string> = { NATS_SUBJECT: m.subject, NATS_SIZE: String(m.data.length), NATS_COUNT: String(m.count) };
  if (m.reply) e.NATS_REPLY = m.reply;
  const h = headersObject(m.headers);
  if (h) {
    e.NATS_HEADERS = JSON.stringify(h);
    for (const [k, v] of Object.entries(h)) e[headerVar(k)] = v[0] ?? "";
  }
  if (m.js) {
    e.NATS_STREAM = m.js.stream;
    e.NATS_SEQUENCE = String(m.js.seq);
    e.NATS_REDELIVERED = String(m.js.redelivered);
    e.NATS_PENDING = String(m.js.pending);
  }
  return e;
}

/** How one run ended. */
export interface HookResult {
  /** The exit code; null when killed (timeout) or not started. */
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  /** Why it did not start (command not found…). */
  spawnError?: string;
}

/** Runs argv once with `input` on stdin and `env`; a run longer than `timeoutMs` (0: none) is killed (TERM, then KILL). */
export function runHook(argv: string[], input: Uint8Array, env: Record<string, string | undefined>, timeoutMs = 0): Promise<HookResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    let child;
    try {
      // its own process group, so a timeout kills what it started too (a shell's `sleep` would keep the pipes open)
      child = spawn(argv[0]!, argv.slice(1), { env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"], detached: true });
    } catch (e) {
      resolve({ code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, spawnError: (e as Error).message });
      return;
    }
    let kill: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs > 0) {
      const signal = (sig: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, sig);
        } catch {
          child.kill(sig);
        }
      };
      kill = setTimeout(() => {
        timedOut = true;
        signal("SIGTERM");
        setTimeout(() => signal("SIGKILL"), 1000).unref();
      }, timeoutMs);
    }
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e: NodeJS.ErrnoException) => { spawnError = e.code === "ENOENT" ? `${argv[0]}: command not found` : e.message; });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
    child.on("close", (code) => {
      if (kill) clearTimeout(kill);
      resolve({ code: spawnError ? null : code, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut, spawnError });
    });
  });
}

/** --exec, --exec-timeout and --parallel as given. */
export interface ExecFlags {
  exec?: string;
  execTimeout?: string;
  parallel?: string;
}

/** The command and its limits, checked before connecting. */
export function execSettings(o: ExecFlags): { argv: string[]; timeoutMs: number; parallel: number } | undefined {
  if (o.exec === undefined) {
    if (o.execTimeout !== undefined || o.parallel !== undefined) throw usageError(`${o.execTimeout !== undefined ? "--exec-timeout" : "--parallel"} is for --exec`);
    return undefined;
  }
  const argv = splitCommand(o.exec);
  const timeoutMs = o.execTimeout !== undefined ? parseTimerDuration(o.execTimeout, "--exec-timeout") : 0;
  let parallel = 1;
  if (o.parallel !== undefined) {
    parallel = Number(o.parallel);
    if (!/^\d+$/.test(o.parallel) || parallel < 1 || parallel > 256) throw usageError(`invalid --parallel "${o.parallel}": expected a whole number from 1 to 256`);
  }
  return { argv, timeoutMs, parallel };
}
