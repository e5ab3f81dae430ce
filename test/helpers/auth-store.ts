import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { runCli, tempHome } from "./run-cli.js";

/** A fresh HOME (so a fresh nsc store under ~/.local/share/nats/nsc) and a runner bound to it. */
export function authSandbox(extraEnv: Record<string, string> = {}) {
  const home = tempHome();
  const nsc = path.join(home, ".local", "share", "nats", "nsc");
  const env = { HOME: home, ...extraEnv };
  const run = (args: string[], o: Parameters<typeof runCli>[1] = {}) => runCli(args, { cwd: home, ...o, env: { ...env, ...o.env } });
  return {
    home,
    nsc,
    run,
    file: (...p: string[]) => path.join(home, ...p),
    jwt: (...p: string[]) => readFileSync(path.join(nsc, "stores", ...p), "utf8"),
    /** Every seed in the key store, to prove none is printed. */
    seeds: () => listFiles(path.join(nsc, "keys", "keys")).map((f) => readFileSync(f, "utf8").trim()),
  };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

