import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";
import { natsServerBin } from "../helpers/nats-server.js";
import { BIN, runCli, startCli, tempHome, cliError } from "../helpers/run-cli.js";
import { trackChild } from "../helpers/scratch.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process has ended: no such pid, or a zombie waiting for init to reap it. */
function gone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    try { process.kill(pid, 0); return false; } catch { return true; }
  }
}
async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && !gone(pid); i++) await sleep(20);
  return gone(pid);
}

function homeEnv(home = tempHome()) {
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), NATS_SERVER_BIN: natsServerBin() };
}
const ctxFile = (home: string, name: string) => path.join(home, ".config", "nats", "context", `${name}.json`);
const readCtx = (home: string, name: string) => JSON.parse(readFileSync(ctxFile(home, name), "utf8")) as Record<string, string>;
const selected = (home: string) => readFileSync(path.join(home, ".config", "nats", "context.txt"), "utf8").trim();

it("server run: JetStream, a system account and monitoring; server info/list/ping/report work with the system context", async () => {
  const env = homeEnv();
  const home = env.HOME;
  expect((await runCli(["context", "add", "mine", "-s", "nats://127.0.0.1:1", "--select"], { env })).code).toBe(0);
  const cli = startCli(["server", "run", "dev", "--port", "0"], { env });
  await cli.waitFor(/^nats:\/\/127\.0\.0\.1:\d+\n/);
  await cli.waitFor("Press Ctrl-C", { stream: "err" });
  const url = cli.stdout().trim();
  const err = cli.stderr();
  const storeDir = /with JetStream in (\S+)/.exec(err)![1]!;
  expect(existsSync(storeDir)).toBe(true);
  expect(err).toMatch(/^\d\d:\d\d:\d\d Started nats-server \S+ \(pid \d+\) on nats:\/\/127\.0\.0\.1:\d+ with JetStream/m);
  const monitor = /^\d\d:\d\d:\d\d Monitoring on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(err)?.[1];
  expect(monitor).toBeDefined();
  expect(err).toContain('Selected context "dev" (user local), was "mine"; "dev_system" is the system user; passwords are kept in the contexts');
  expect(err).toContain("  nats --context dev_system server list\n");
  expect(err).toContain(`  curl ${monitor}/varz\n`);
  expect(err).toContain("  nats context select mine");

  // the two contexts: generated passwords, 0600 files, never on screen
  const user = readCtx(home, "dev");
  const sys = readCtx(home, "dev_system");
  expect([user.url, user.user, sys.url, sys.user]).toEqual([url, "local", url, "system"]);
  expect(user.password).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(sys.password).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(statSync(ctxFile(home, "dev_system")).mode & 0o777).toBe(0o600);
  expect(cli.stdout() + cli.stderr()).not.toContain(user.password);
  expect(cli.stdout() + cli.stderr()).not.toContain(sys.password);
  expect(selected(home)).toBe("dev");

  // the monitoring port answers, and names the server the system commands must find
  const varz = (await (await fetch(`${monitor}/varz`)).json()) as { server_id: string; version: string };
  // the user context has JetStream; a client without credentials is the user too
  const add = await runCli(["stream", "add", "DEMO", "--subjects", "demo.>", "--defaults"], { env });
  expect(add.code).toBe(0);
  const anon = await runCli(["--no-context", "-s", url, "pub", "demo.a", "x"], { env });
  expect(anon.stderr).toMatch(/Published 1 bytes to "demo.a"\n$/);
  expect(anon.code).toBe(0);
  const wrong = await runCli(["--context", "dev", "--password", "nope", "pub", "demo.a", "x"], { env });
  expect(wrong.code).not.toBe(0);

  const asSys = (...args: string[]) => runCli(["--context", "dev_system", ...args], { env });
  const info = await asSys("server", "info");
  expect(info.code).toBe(0);
  expect(info.stdout).toContain(`Server information for ${varz.server_id}`);
  expect(info.stdout).toMatch(new RegExp(`Version: ${varz.version.replace(/\./g, "\\.")}`));
  const list = await asSys("server", "list");
  expect(list.code).toBe(0);
  expect(list.stdout).toContain(varz.server_id);
  const ping = await asSys("server", "ping");
  expect(ping.code).toBe(0);
  expect(ping.stdout).toMatch(new RegExp(`^${varz.server_id} +rtt=`, "m"));
  expect(ping.stdout).toContain("1 replies");
  const conns = await asSys("server", "report", "connections");
  expect(conns.code).toBe(0);
  expect(conns.stdout).toMatch(/│ SYSTEM +│/);
  const js = await asSys("server", "report", "jetstream");
  expect(js.code).toBe(0);
  expect(js.stdout).toMatch(new RegExp(`│ ${varz.server_id} +│ +│ 1 +│`)); // one stream
  // the user is not the system account: the same command says so
  const notSys = await runCli(["server", "list", "--timeout", "1s"], { env });
  expect(notSys.code).not.toBe(0);
  expect(notSys.stderr).toMatch(cliError(/^this command needs the system account: connect as a system user \(e\.g\. --context nats_development_system\)/));

  cli.abort();
  const r = await cli.result;
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/Stopping nats-server \(Ctrl-C again kills it at once\)\n.*Stopped nats-server and removed its data\n$/);
  expect(existsSync(path.dirname(storeDir))).toBe(false);

  // a second run reuses the passwords and the port; --clean removes the contexts and gives the selection back
  const again = startCli(["server", "run", "dev", "--clean"], { env });
  await again.waitFor("Press Ctrl-C", { stream: "err" });
  expect(again.stdout().trim()).toBe(url);
  expect(readCtx(home, "dev").password).toBe(user.password);
  expect(readCtx(home, "dev_system").password).toBe(sys.password);
  expect((await asSys("server", "ping")).code).toBe(0);
  again.abort();
  const r2 = await again.result;
  expect(r2.code).toBe(0);
  expect(r2.stderr).toMatch(/Stopped nats-server and removed its data and the contexts\n$/);
  expect(existsSync(ctxFile(home, "dev"))).toBe(false);
  expect(existsSync(ctxFile(home, "dev_system"))).toBe(false);
  expect(selected(home)).toBe("mine");
});

it("server run keeps --context NAME as the name, and --no-context saves none", async () => {
  const env = homeEnv();
  const cli = startCli(["--context", "local", "server", "run", "--port", "0", "--no-jetstream", "--monitor", "0"], { env });
  await cli.waitFor("Press Ctrl-C", { stream: "err" });
  expect(cli.stderr()).not.toContain("JetStream");
  expect(readCtx(env.HOME, "local").url).toBe(cli.stdout().trim());
  expect(readCtx(env.HOME, "local_system").user).toBe("system");
  cli.abort();
  expect((await cli.result).code).toBe(0);

  const bareEnv = homeEnv();
  const bare = startCli(["--no-context", "server", "run", "--port", "0"], { env: bareEnv });
  await bare.waitFor("Press Ctrl-C", { stream: "err" });
  expect(bare.stderr()).not.toContain("context");
  expect(existsSync(path.join(bareEnv.HOME, ".config", "nats"))).toBe(false);
  bare.abort();
  expect((await bare.result).code).toBe(0);
});

it("server run without a nats-server binary says how to install one", async () => {
  const r = await runCli(["server", "run"], { env: { NATS_SERVER_BIN: "/nonexistent/nats-server" } });
  expect(r.code).toBe(7);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(cliError(/^no nats-server binary found \(looked for "\/nonexistent\/nats-server" from NATS_SERVER_BIN\) — install one: `apt-get install nats-server`.*NATS_SERVER_BIN at the binary\n$/));
});

it("server run reports a busy port in one line", async () => {
  const first = startCli(["server", "run", "--port", "0"], { env: { NATS_SERVER_BIN: natsServerBin() } });
  await first.waitFor(/^nats:\/\/127\.0\.0\.1:\d+\n/);
  const port = new URL(first.stdout().trim()).port;
  const second = await runCli(["server", "run", "--port", port], { env: { NATS_SERVER_BIN: natsServerBin() } });
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(cliError(/^nats-server exited with code 1: .*address already in use.* — another server uses that port/));
  first.abort();
  expect((await first.result).code).toBe(0);
});

/** The real bin running `server run` in a fresh home; resolves once the server is up. */
async function spawnServerRun() {
  const env = homeEnv();
  const child = spawn(process.execPath, [BIN, "server", "run", "--port", "0"], {
    env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackChild(child, "nats server run");
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => { out += String(d); });
  child.stderr.on("data", (d) => { err += String(d); });
  const closed = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  for (let i = 0; i < 500 && !/Press Ctrl-C/.test(err); i++) await sleep(20);
  const serverPid = Number(/\(pid (\d+)\)/.exec(err)?.[1]);
  const dataDir = path.dirname(/with JetStream in (\S+)/.exec(err)?.[1] ?? "/nonexistent/x");
  return { child, closed, serverPid, dataDir, out: () => out, err: () => err };
}

it("the real bin stops the server on SIGINT and exits 0 (needs `npm run build`)", async () => {
  const run = await spawnServerRun();
  expect(run.out()).toMatch(/^nats:\/\/127\.0\.0\.1:\d+\n$/);
  expect(existsSync(run.dataDir)).toBe(true);
  run.child.kill("SIGINT");
  expect(await run.closed).toBe(0);
  expect(run.err()).toMatch(/Stopped nats-server and removed its data/);
  expect(await waitGone(run.serverPid)).toBe(true);
  expect(existsSync(run.dataDir)).toBe(false);
});

it("a second Ctrl-C while the server is stopping kills it and still removes its data (exit 130)", async () => {
  const run = await spawnServerRun();
  expect(gone(run.serverPid)).toBe(false);
  // a server slow to stop (a large store): frozen, it cannot act on the first SIGTERM
  process.kill(run.serverPid, "SIGSTOP");
  try {
    run.child.kill("SIGINT");
    for (let i = 0; i < 250 && !/Stopping nats-server/.test(run.err()); i++) await sleep(20);
    expect(run.err()).toContain("Stopping nats-server (Ctrl-C again kills it at once)");
    run.child.kill("SIGINT");
    expect(await run.closed).toBe(130);
    expect(await waitGone(run.serverPid)).toBe(true);
    expect(existsSync(run.dataDir)).toBe(false);
  } finally {
    if (!gone(run.serverPid)) process.kill(run.serverPid, "SIGKILL");
  }
});

it("a closed terminal (SIGHUP) stops the server and removes its data too (exit 129)", async () => {
  const run = await spawnServerRun();
  expect(gone(run.serverPid)).toBe(false);
  run.child.kill("SIGHUP");
  expect(await run.closed).toBe(129);
  expect(await waitGone(run.serverPid)).toBe(true);
  expect(existsSync(run.dataDir)).toBe(false);
});
