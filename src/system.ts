import * as os from "node:os";
import * as path from "node:path";
import type { Deps } from "./deps.js";
import { makeIo } from "./output/io.js";
import { openConnection } from "./context/connect.js";

/** natscli's config root: $XDG_CONFIG_HOME/nats, default ~/.config/nats. */
export function configDirFor(env: Record<string, string | undefined>, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, ".config"), "nats");
}

/** The real Deps: process streams, environment and clock. The only module that reads process.*. */
export function systemDeps(signal: AbortSignal): Deps {
  const env = process.env;
  const home = env.HOME || os.homedir();
  return {
    io: makeIo(
      { in: process.stdin, out: process.stdout, err: process.stderr },
      { in: Boolean(process.stdin.isTTY), out: Boolean(process.stdout.isTTY), err: Boolean(process.stderr.isTTY) },
      env,
      process.stdout.columns || 80,
    ),
    env,
    now: () => Date.now(),
    connect: openConnection,
    configDir: configDirFor(env, home),
    signal,
    cwd: process.cwd(),
    homeDir: home,
  };
}
