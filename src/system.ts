import * as os from "node:os";
import * as path from "node:path";
import { isatty } from "node:tty";
import type { Deps } from "./deps.js";
import { makeIo } from "./output/io.js";

/** natscli's config root: $XDG_CONFIG_HOME/nats, default ~/.config/nats. */
export function configDirFor(env: Record<string, string | undefined>, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, ".config"), "nats");
}

/** The real Deps: process streams, environment and clock. The only module that reads process.*. */
export function systemDeps(signal: AbortSignal): Deps {
  const env = process.env;
  const home = env.HOME || os.homedir();
  // process.stdin is a getter that builds a stream (several ms): ask isatty(0) and create it on first use
  const io = makeIo(
    { in: undefined as unknown as NodeJS.ReadStream, out: process.stdout, err: process.stderr },
    { in: isatty(0), out: Boolean(process.stdout.isTTY), err: Boolean(process.stderr.isTTY) },
    env,
    process.stdout.columns || 80,
  );
  Object.defineProperty(io, "in", { get: () => process.stdin, enumerable: true });
  return {
    io,
    env,
    now: () => Date.now(),
    connect: async (plan) => (await import("./context/connect.js")).openConnection(plan),
    configDir: configDirFor(env, home),
    signal,
    cwd: process.cwd(),
    homeDir: home,
  };
}
