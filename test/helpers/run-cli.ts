import { spawn } from "node:child_process";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { ALL_COMMANDS } from "../../src/commands/loaders.js";
import { main } from "../../src/main.js";
import type { Deps } from "../../src/deps.js";
import { makeIo } from "../../src/output/io.js";
import { openConnection } from "../../src/context/connect.js";
import { configDirFor } from "../../src/system.js";
import { ERROR_PREFIX } from "../../src/output/errors.js";
import { scratchDir, trackChild } from "./scratch.js";

export interface CliResult { code: number; stdout: string; stderr: string }

/** Terminal output as text: control sequences (cursor moves, line clears, colours) removed. */
export function withoutControls(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\x1b[78]/g, "");
}

/**
 * An error as the CLI writes it on stderr, for assertions, so no test spells the prefix itself (src/output/errors.ts
 * does): with text, the line `nats: error: <text>`; with a pattern, the same pattern with the prefix in front of it
 * (after a leading `^`), flags kept.
 */
export function cliError(text: string): string;
export function cliError(pattern: RegExp): RegExp;
export function cliError(what: string | RegExp): string | RegExp {
  if (typeof what === "string") return `${ERROR_PREFIX}${what}`;
  const prefix = ERROR_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const anchored = what.source.startsWith("^");
  return new RegExp(`${anchored ? "^" : ""}${prefix}${anchored ? what.source.slice(1) : what.source}`, what.flags);
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text fed on stdin (then EOF). Without it stdin is an empty, non-TTY stream. */
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /**
   * Answers typed at a terminal's questions, one chunk at a time (with tty.in and tty.out): each is written once the
   * command drew something new on stdout and then went quiet for 50 ms, i.e. once a question is on the screen, as a
   * user would (a prompt reads all the input that arrives while it asks, so all the answers at once would be lost).
   * Include the "\n" (Enter) yourself; stdin ends after the last one.
   */
  typed?: string[];
  /** Pretend streams are terminals. */
  tty?: { in?: boolean; out?: boolean; err?: boolean };
  now?: () => number;
  cwd?: string;
}

/** A fresh HOME / XDG_CONFIG_HOME per call unless the test passes its own; removed after the test file. */
export function tempHome(): string {
  return scratchDir("natsx-home-");
}

/** A live view of a running in-process CLI: output so far, and the final result. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout (or stderr with `stream: "err"`) matches. */
  waitFor(match: string | RegExp, opts?: { stream?: "out" | "err"; timeoutMs?: number }): Promise<void>;
  abort(): void;
  result: Promise<CliResult>;
  /** Writes to the CLI's stdin (only when started with `stdin: "pipe"`). */
  stdin: PassThrough;
}

/**
 * The environment every CLI run gets: no colour, a fresh HOME / XDG_CONFIG_HOME unless given, PATH, and the
 * run's TMPDIR (what a CLI child makes there is checked after the suite); `env` wins.
 */
function cliEnv(env: Record<string, string | undefined> = {}): { home: string; env: Record<string, string | undefined> } {
  const home = env.HOME ?? tempHome();
  return { home, env: { NO_COLOR: "1", HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, ...env } };
}

type WaitFor = RunningCli["waitFor"];

/** Polls captured output until it matches; fails at once (after a last look) when the CLI has ended. */
function outputWaiter(out: () => string, err: () => string, finished: () => boolean, who: string): WaitFor {
  return async (match, o = {}) => {
    const deadline = Date.now() + (o.timeoutMs ?? 10_000);
    const get = () => (o.stream === "err" ? err() : out());
    const ok = () => (typeof match === "string" ? get().includes(match) : match.test(get()));
    while (!ok()) {
      if (finished()) {
        // the last output may still be on its way to the capture
        await new Promise((r) => setTimeout(r, 20));
        if (ok()) return;
        throw new Error(`${who} exited before ${String(match)} appeared\nstdout: ${out()}\nstderr: ${err()}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(match)}\nstdout: ${out()}\nstderr: ${err()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
}

/**
 * A Deps for tests that call modules directly: non-TTY NO_COLOR streams (stdout and stderr are the given ones,
 * or discarded), the real connect, no config directory unless given. `over` replaces any field.
 */
export function testDeps(streams: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}, over: Partial<Deps> = {}): Deps {
  const env = over.env ?? { NO_COLOR: "1" };
  return {
    io: makeIo({ in: new PassThrough(), out: streams.out ?? new PassThrough(), err: streams.err ?? new PassThrough() }, { in: false, out: false, err: false }, { NO_COLOR: "1" }),
    env,
    now: () => Date.now(),
    connect: openConnection,
    configDir: "/nonexistent",
    signal: new AbortController().signal,
    cwd: process.cwd(),
    homeDir: "/nonexistent",
    ...over,
  };
}

/** Starts main() in-process with captured, non-TTY, NO_COLOR streams; see runCli for the one-shot form. */
export function startCli(args: string[], opts: RunOptions & { keepStdinOpen?: boolean } = {}): RunningCli {
  const { home, env } = cliEnv(opts.env);
  const stdin = new PassThrough();
  const out = new PassThrough();
  const err = new PassThrough();
  let so = "";
  let se = "";
  out.on("data", (d) => { so += String(d); });
  err.on("data", (d) => { se += String(d); });
  if (opts.typed) void typeAnswers(stdin, opts.typed, () => so);
  else if (opts.stdin !== undefined) stdin.end(opts.stdin);
  else if (!opts.keepStdinOpen) stdin.end();
  const ac = new AbortController();
  opts.signal?.addEventListener("abort", () => ac.abort());
  const deps: Deps = {
    io: makeIo({ in: stdin, out, err }, { in: opts.tty?.in ?? false, out: opts.tty?.out ?? false, err: opts.tty?.err ?? false }, env, 100),
    env,
    now: opts.now ?? (() => Date.now()),
    connect: openConnection,
    configDir: configDirFor(env, home),
    signal: ac.signal,
    cwd: opts.cwd ?? process.cwd(),
    homeDir: home,
  };
  let finished = false;
  const result = main(args, deps, ALL_COMMANDS).then((code) => ({ code, stdout: so, stderr: se }));
  void result.then(() => { finished = true; }, () => { finished = true; });
  return {
    stdout: () => so,
    stderr: () => se,
    waitFor: outputWaiter(() => so, () => se, () => finished, "CLI"),
    abort: () => ac.abort("SIGINT"),
    result,
    stdin,
  };
}

/** Writes each answer once stdout changed since the last one and then stayed unchanged for 50 ms; then ends stdin. */
async function typeAnswers(stdin: PassThrough, answers: string[], stdout: () => string): Promise<void> {
  let seen = 0;
  for (const a of answers) {
    for (let quietFor = 0, changed = false; ;) {
      await new Promise((r) => setTimeout(r, 10));
      const now = stdout().length;
      if (now !== seen) { seen = now; quietFor = 0; changed = true; continue; }
      quietFor += 10;
      if (changed && quietFor >= 50) break;
    }
    stdin.write(a);
  }
  stdin.end();
}

/** Runs the CLI in-process and returns `{ code, stdout, stderr }`. */
export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return startCli(args, opts).result;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The real bin/nats.cjs (needs `npm run build`). */
export const BIN = path.resolve(here, "../../bin/nats.cjs");

/** Spawns bin/nats.cjs as a child process: proves the real wiring (exit code, stdin, signals). */
export function spawnCli(args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string | Buffer; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  const child = spawnCliBackground(args, { ...opts, timeoutMs: opts.timeoutMs ?? 20_000 });
  // a one-shot run never waits for more input
  if (opts.stdin === undefined) child.stdin.end();
  return child.result;
}

/** A bin/nats.cjs child process left running (sub, reply…): watch its output, signal it, await its result. */
export interface SpawnedCli {
  stdout(): string;
  stderr(): string;
  waitFor: WaitFor;
  /** Sends a signal (default SIGINT, i.e. Ctrl-C). */
  kill(signal?: NodeJS.Signals): void;
  result: Promise<CliResult>;
  stdin: NodeJS.WritableStream;
}

/** Spawns bin/nats.cjs and leaves it running; stdin stays open unless `stdin` text is given. */
export function spawnCliBackground(args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string | Buffer; timeoutMs?: number; cwd?: string } = {}): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(opts.env).env as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  trackChild(child, `nats ${args.join(" ")}`);
  let so = "";
  let se = "";
  child.stdout.on("data", (d) => { so += String(d); });
  child.stderr.on("data", (d) => { se += String(d); });
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  let finished = false;
  const result = new Promise<CliResult>((resolve, reject) => {
    const t = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`nats ${args.join(" ")} timed out\nstdout: ${so}\nstderr: ${se}`)); }, opts.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => { finished = true; clearTimeout(t); resolve({ code: code ?? -1, stdout: so, stderr: se }); });
  });
  return {
    stdout: () => so,
    stderr: () => se,
    waitFor: outputWaiter(() => so, () => se, () => finished, "process"),
    kill: (signal = "SIGINT") => { child.kill(signal); },
    result,
    stdin: child.stdin,
  };
}
