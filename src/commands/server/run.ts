import { Command } from "commander";
import { spawn } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Deps } from "../../deps.js";
import { openContextStore, type ContextStore, emptyContext } from "../../context/store.js";
import { CliError, ExitCode } from "../../errors.js";
import { log } from "../../output/io.js";
import { aborted } from "../../util/stdin.js";
import { parseIntFlag } from "../../util/flags.js";
import { examplesText } from "../shared/examples.js";

export interface ServerRunOptions { jetstream?: boolean; port: string; verbose?: boolean }

/** How to get a nats-server binary, for the error shown when none is found. */
export const INSTALL_HINT =
  "install one: `apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS), " +
  "`go install github.com/nats-io/nats-server/v2@latest`, or a release from https://github.com/nats-io/nats-server/releases; " +
  "or point NATS_SERVER_BIN at the binary";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `nats server run`: a throwaway local nats-server (from NATS_SERVER_BIN or PATH) with a temporary
 * store, its URL on stdout, optionally a context selected for it; Ctrl-C stops it and removes the store.
 */
export function serverRunCommand(deps: Deps): Command {
  return new Command("run")
    .description("Run a throwaway local nats-server for development (Ctrl-C stops it and removes its data)")
    .option("--jetstream", "Enable JetStream (stored in the temporary directory)", false)
    .option("--port <port>", "Client port to listen on (0 picks a free port)", "4222")
    .option("--verbose", "Show the server's log on stderr", false)
    .addHelpText("after", "\nWith the global --context NAME, a context NAME pointing at the server is created (or updated) and selected.\n")
    .addHelpText("after", examplesText("nats server run", "nats server run --jetstream --port 0   # a free port, printed on stdout"))
    .action(async (opts: ServerRunOptions, cmd: Command) => {
      opts.port = String(parseIntFlag(opts.port, "--port", { max: 65535 }));
      const ctxName = (cmd.optsWithGlobals() as { context?: string | false }).context || undefined;
      const store = openContextStore(deps.configDir, deps.env, deps.cwd);
      if (ctxName) store.pathOf(ctxName); // validates the name before anything starts
      await serverRun(deps, opts, ctxName, store);
    });
}

/** Runs nats-server in a temporary directory until Ctrl-C, then stops it and removes its data; with `ctxName` a context points at it. */
export async function serverRun(deps: Deps, opts: ServerRunOptions, ctxName: string | undefined, store: ContextStore): Promise<void> {
  const bin = deps.env.NATS_SERVER_BIN || "nats-server";
  const dir = await fs.mkdtemp(path.join(tmpdir(), "natsx-server-"));
  const port = opts.port === "0" ? "-1" : opts.port;
  const args = ["-a", "127.0.0.1", "-p", port, "--ports_file_dir", dir];
  if (opts.jetstream) args.push("-js", "-sd", path.join(dir, "jetstream"));
  try {
    // Own process group: a terminal Ctrl-C reaches only us, so we decide how the server stops and can clean up after it.
    const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"], env: deps.env as NodeJS.ProcessEnv, detached: true });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr = (stderr + String(d)).slice(-4000);
      if (opts.verbose) deps.io.err.write(d);
    });
    let exit: { code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException } | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once("error", (error: NodeJS.ErrnoException) => { exit ??= { code: null, signal: null, error }; resolve(); });
      child.once("exit", (code, signal) => { exit ??= { code, signal }; resolve(); });
    });
    const lastLines = () => stderr.trim().split("\n").slice(-2).map((l) => l.replace(/^\[\d+\] [\d/ :.]+ \[\w+\] /, "")).join(" | ");
    const failed = (): CliError => {
      if (exit?.error?.code === "ENOENT") return new CliError(`no nats-server binary found (looked for "${bin}"${deps.env.NATS_SERVER_BIN ? " from NATS_SERVER_BIN" : " on PATH"})`, { exitCode: ExitCode.NOT_FOUND, hint: INSTALL_HINT });
      if (exit?.error) return new CliError(`cannot start ${bin}: ${exit.error.message}`, { hint: INSTALL_HINT });
      const inUse = /address already in use/i.test(stderr);
      return new CliError(`nats-server exited${exit?.code !== null && exit?.code !== undefined ? ` with code ${exit.code}` : ""}: ${lastLines() || "no output"}`,
        { hint: inUse ? "another server uses that port: pick another with --port, or --port 0 for a free one" : undefined });
    };

    const portsFile = () => path.join(dir, `nats-server_${child.pid}.ports`);
    let url = "";
    for (const deadline = Date.now() + 10_000; !url;) {
      if (exit) throw failed();
      if (deps.signal.aborted) break;
      if (child.pid && existsSync(portsFile())) {
        try { url = (JSON.parse(await fs.readFile(portsFile(), "utf8")) as { nats?: string[] }).nats?.[0] ?? ""; } catch { /* written in two steps: retry */ }
      }
      if (Date.now() > deadline) { child.kill("SIGKILL"); throw new CliError(`nats-server did not start within 10s: ${lastLines()}`); }
      if (!url) await sleep(20);
    }
    if (url) {
      url = url.replace("0.0.0.0", "127.0.0.1");
      if (ctxName) {
        const existing = (await store.exists(ctxName)) ? (await store.load(ctxName)).settings : emptyContext();
        await store.save(ctxName, { ...existing, url, description: existing.description || "local server started by `nats server run`" });
        await store.select(ctxName);
      }
      deps.io.out.write(`${url}\n`);
      const version = /Version:\s*(\S+)/.exec(stderr)?.[1];
      log(deps.io, deps.now(), `Started nats-server${version ? ` ${version}` : ""} (pid ${child.pid}) on ${url}${opts.jetstream ? ` with JetStream in ${path.join(dir, "jetstream")}` : ""}`);
      if (ctxName) log(deps.io, deps.now(), `Context "${ctxName}" now points at it and is selected`);
      log(deps.io, deps.now(), "Press Ctrl-C to stop the server and remove its data");
    }
    await Promise.race([exited, aborted(deps.signal)]);
    if (!exit) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      log(deps.io, deps.now(), "Stopped nats-server and removed its data");
      return;
    }
    throw failed();
  } finally {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
