import { createReadStream, fstatSync } from "node:fs";
import * as path from "node:path";
import { isatty } from "node:tty";
import type { Deps } from "./deps.js";
import { makeIo } from "./output/io.js";

/** natscli's config root: $XDG_CONFIG_HOME/nats, default ~/.config/nats. */
export function configDirFor(env: Record<string, string | undefined>, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, ".config"), "nats");
}

/** The real Deps: process streams, environment and clock. The only module that reads process.*. */
export async function systemDeps(signal: AbortSignal, onEpipe: () => void): Promise<Deps> {
  const env = process.env;
  // node:os only when HOME is unset: loading it costs start-up time for nothing otherwise
  const home = env.HOME || (await import("node:os")).homedir();
  // process.stdin and process.stdout are getters that build a stream (stdin several ms, stdout ~0.5 ms):
  // ask isatty() and create them on first use (`nats pub` never touches stdout)
  const outIsTTY = isatty(1);
  const io = makeIo(
    { in: undefined as unknown as NodeJS.ReadStream, out: undefined as unknown as NodeJS.WriteStream, err: process.stderr },
    { in: isatty(0), out: outIsTTY, err: Boolean(process.stderr.isTTY) },
    env,
    (outIsTTY && process.stdout.columns) || 80,
  );
  let stdin: NodeJS.ReadStream | undefined;
  Object.defineProperty(io, "in", { get: () => (stdin ??= openStdin()), enumerable: true });
  let stdout: NodeJS.WriteStream | undefined;
  Object.defineProperty(io, "out", {
    get: () => {
      if (!stdout) {
        stdout = process.stdout;
        // `nats sub x | head -1`: the reader went away; stop quietly.
        stdout.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") onEpipe(); });
      }
      return stdout;
    },
    enumerable: true,
    // --jq puts its filter in front of stdout for the run (program.ts)
    configurable: true,
  });
  return {
    io,
    env,
    now: () => Date.now(),
    connect: async (plan) => (await import("./context/connect.js")).openConnection(plan),
    configDir: configDirFor(env, home),
    signal,
    cwd: process.cwd(),
    homeDir: home,
    onExit,
  };
}

/**
 * Deps.onExit: `fn` runs on process exit, including process.exit() on a second Ctrl-C (src/run.ts). While one is
 * registered a hang-up (the terminal closed) exits with 129 through the same path instead of ending the process
 * without running them.
 */
function onExit(fn: () => void): () => void {
  let done = false;
  const run = () => { if (!done) { done = true; fn(); } };
  const hangup = () => process.exit(129);
  process.on("exit", run);
  process.on("SIGHUP", hangup);
  return () => {
    done = true;
    process.off("exit", run);
    process.off("SIGHUP", hangup);
  };
}

/**
 * stdin: a file given with `<` is read 1 MiB at a time (Node's stdin reads 64 KiB, a thread-pool round trip
 * each: 1 M lines of `pub --send-on newline < file` spent ~100 ms waiting on reads); pipes and terminals are
 * process.stdin.
 */
function openStdin(): NodeJS.ReadStream {
  try {
    if (fstatSync(0).isFile()) return createReadStream("", { fd: 0, autoClose: false, highWaterMark: 1 << 20 }) as unknown as NodeJS.ReadStream;
  } catch {
    // not a file we can stat: the usual stream
  }
  return process.stdin;
}
