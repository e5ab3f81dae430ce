import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { trackChild } from "./scratch.js";

/** A nats-server the test started itself, on a random 127.0.0.1 port with its own temp dir. */
export interface NatsServer {
  url: string;
  port: number;
  /** ws://127.0.0.1:PORT when a websocket listener was configured. */
  wsUrl?: string;
  /** http://127.0.0.1:PORT when monitoring was enabled. */
  monitorUrl?: string;
  /** nats-route://127.0.0.1:PORT when the config has a `cluster` block (listen on port -1). */
  clusterUrl?: string;
  /** nats-leaf://127.0.0.1:PORT when the config has a `leafnodes` listener (port -1). */
  leafUrl?: string;
  dir: string;
  pid: number;
  proc: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its temp dir. */
  stop(): Promise<void>;
  /** Kills the process without cleaning up (simulates a crash). */
  kill(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartOptions {
  jetstream?: boolean;
  /** Extra nats-server config text (auth, tls, websocket, cluster…); written to server.conf. */
  config?: string;
  /** Extra command-line arguments. */
  args?: string[];
  /** Enable the HTTP monitoring port on a random port. */
  monitor?: boolean;
  /** Reuse a directory (cluster nodes, restarts); removed on stop only when we created it. */
  dir?: string;
  /** Server name (-n). */
  name?: string;
}

/**
 * A 127.0.0.1 port nothing listens on, for "connection refused" cases: a privileged port no test
 * (and no unprivileged process) can bind, so, unlike a port found free and closed again, no race.
 */
export const REFUSED_PORT = 1;

/** The same for HTTP: fetch() refuses to dial port 1 ("bad port"); port 0 can never be listened on. */
export const HTTP_REFUSED_PORT = 0;

/** The nats-server binary: NATS_SERVER_BIN or the one on PATH. */
export function natsServerBin(): string {
  return process.env.NATS_SERVER_BIN || "nats-server";
}

/** The server version as `major.minor.patch`, for skipping tests of newer features. */
export function natsServerVersion(): string {
  const out = execFileSync(natsServerBin(), ["--version"], { encoding: "utf8" });
  return /v?(\d+\.\d+\.\d+)/.exec(out)?.[1] ?? "0.0.0";
}

/** true when the installed server is at least `v` (e.g. "2.10.0"). */
export function serverAtLeast(v: string): boolean {
  const a = natsServerVersion().split(".").map(Number);
  const b = v.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Starts nats-server (`-a 127.0.0.1 -p -1 --ports_file_dir <tmp>`) and waits until its ports file appears.
 * Every listener picks its own port (-1), never one chosen beforehand (another process could take it
 * meanwhile): client, monitoring, websocket and cluster ports are read back from the ports file, the
 * leafnode port (not in 2.9's ports file) from the server's log line.
 */
export async function startNatsServer(opts: StartOptions = {}): Promise<NatsServer> {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), "natsx-srv-"));
  const args = ["-a", "127.0.0.1", "-p", "-1", "--ports_file_dir", dir];
  if (opts.jetstream) args.push("-js", "-sd", path.join(dir, "js"));
  if (opts.monitor) args.push("-m", "-1");
  if (opts.name) args.push("-n", opts.name);
  if (opts.config) {
    const conf = path.join(dir, "server.conf");
    writeFileSync(conf, opts.config);
    args.push("-c", conf);
  }
  args.push(...(opts.args ?? []));
  for (const f of readdirSync(dir)) if (f.endsWith(".ports")) rmSync(path.join(dir, f), { force: true });
  const proc = spawn(natsServerBin(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (d) => { stderr += String(d); if (stderr.length > 100_000) stderr = stderr.slice(-50_000); });
  let exited = false;
  proc.on("exit", () => { exited = true; });
  const portsFile = path.join(dir, `nats-server_${proc.pid}.ports`);
  const wantCluster = /^\s*cluster\s*\{/m.test(opts.config ?? "");
  const wantLeaf = /^\s*leafnodes\s*\{[^}]*listen/m.test(opts.config ?? "");
  const leafLine = /Listening for leafnode connections on ([\d.]+:\d+)/;
  const deadlineAt = Date.now() + 10_000;
  let ports: { nats?: string[]; websocket?: string[]; monitoring?: string[]; cluster?: string[] } = {};
  for (;;) {
    try { ports = JSON.parse(readFileSync(portsFile, "utf8")); } catch { ports = {}; }
    if (ports.nats && (!wantCluster || ports.cluster) && (!wantLeaf || leafLine.test(stderr))) break;
    const why = exited ? `nats-server exited at start: ${stderr.trim().split("\n").slice(-3).join(" | ")}`
      : Date.now() > deadlineAt ? `nats-server did not report its ports in 10s: ${stderr.slice(-500)}` : undefined;
    if (why) {
      if (!exited) await new Promise<void>((r) => { proc.once("exit", () => r()); proc.kill("SIGKILL"); });
      if (ownDir) rmSync(dir, { recursive: true, force: true });
      throw new Error(why);
    }
    await sleep(20);
  }
  const url = ports.nats?.[0] ?? "";
  const port = Number(new URL(url).port);
  const stopProc = async (signal: NodeJS.Signals) => {
    if (exited) return;
    const done = new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill(signal);
    const t = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await done;
    clearTimeout(t);
  };
  const server: NatsServer = {
    url: url.replace("0.0.0.0", "127.0.0.1"),
    port,
    wsUrl: ports.websocket?.[0]?.replace("0.0.0.0", "127.0.0.1"),
    monitorUrl: ports.monitoring?.[0]?.replace("0.0.0.0", "127.0.0.1"),
    clusterUrl: ports.cluster?.[0]?.replace(/^nats:/, "nats-route:"),
    leafUrl: wantLeaf ? `nats-leaf://${leafLine.exec(stderr)![1]}` : undefined,
    dir,
    pid: proc.pid!,
    proc,
    async stop() {
      await stopProc("SIGTERM");
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await stopProc("SIGKILL");
    },
    async [Symbol.asyncDispose]() { await server.stop(); },
  };
  // a server the test file forgets to stop is killed after the file, which then fails (test/setup/per-file.ts)
  trackChild(proc, `nats-server ${server.url}`, () => { if (ownDir) rmSync(dir, { recursive: true, force: true }); });
  return server;
}
