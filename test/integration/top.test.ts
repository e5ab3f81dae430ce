import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, tempHome, cliError } from "../helpers/run-cli.js";
import { terminal } from "../helpers/tmux.js";
import { SYSTEM_ACCOUNTS, SYS_USER } from "../helpers/auth.js";

const ACCOUNTS = `server_name: topsrv\n${SYSTEM_ACCOUNTS}`;
const SYS = SYS_USER;

let server: NatsServer;
let busy: NatsConnection; // a named client with subscriptions and traffic, the row the tests look for
let quiet: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true, config: ACCOUNTS, monitor: true });
  busy = await connect({ servers: server.url, user: "app", pass: "pass", name: "top-busy" });
  quiet = await connect({ servers: server.url, user: "app", pass: "pass", name: "top-quiet" });
  for (const s of ["top.a", "top.b", "top.c"]) busy.subscribe(s);
  for (let i = 0; i < 50; i++) busy.publish("top.x", "hello");
  await busy.flush();
  await quiet.flush();
}, 30_000);
afterAll(async () => {
  await busy?.close();
  await quiet?.close();
  await server?.stop();
});

/**
 * Waits until the server lists `n` client connections: the connection of a CLI run that just ended is removed by
 * the server when it reads the close, which can come after the next run's /connz on a loaded machine.
 */
async function connectionsAre(n: number): Promise<void> {
  await expect.poll(async () => ((await (await fetch(`${server.monitorUrl}/connz`)).json()) as { num_connections: number }).num_connections, { timeout: 10_000 }).toBe(n);
}

describe("top", () => {
  it("--once through the system account shows nats-top's summary and a row per connection", async () => {
    const r = await runCli(["top", "topsrv", "--once", "--sort", "subs", "-s", server.url, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NATS server version 2\.\d+\.\d+ \(uptime: \S+\)\nServer: topsrv\n {2}ID: {3}N[A-Z0-9]{55}\n {2}Load: CPU: {2}[\d.]+% {2}Memory: [\d.]+[KMG]? {2}Slow Consumers: 0\n/);
    expect(r.stdout).toMatch(/\nConnections Polled: 3\n {2}HOST +CID +NAME +SUBS +PENDING +MSGS_TO +MSGS_FROM +BYTES_TO +BYTES_FROM +LANG +VERSION +UPTIME +LAST_ACTIVITY\n/);
    const rows = r.stdout.split("\n").filter((l) => /^ {2}127\.0\.0\.1:\d+/.test(l));
    expect(rows).toHaveLength(3);
    // sorted by subscriptions: top-busy's 3 first (the third connection is this command's own)
    expect(rows[0]).toMatch(/^ {2}127\.0\.0\.1:\d+ +\d+ +top-busy +3 +0 +0 +50 +0 +250 +nats\.js/);
  });

  it("--once --json for scripts", async () => {
    const r = await runCli(["top", "--once", "--json", "-s", server.url, ...SYS]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.server).toMatchObject({ name: "topsrv", slow_consumers: 0 });
    expect(doc.rates).toBeNull();
    const b = doc.connections.find((c: { name: string }) => c.name === "top-busy");
    expect(b).toMatchObject({ subs: 3, msgs_from: 50, bytes_from: 250, msgs_to: 0, lang: "nats.js", account: "APP", user: "app" });
  });

  it("--monitor reads the HTTP port with no NATS credentials; --subs lists subscriptions", async () => {
    await connectionsAre(2); // top-busy and top-quiet; the previous test's connection has gone
    const r = await runCli(["top", "--monitor", server.monitorUrl!, "--once", "--subs", "--sort", "subs"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server: topsrv\n/);
    expect(r.stdout).toMatch(/SUBSCRIPTIONS\n/);
    const row = r.stdout.split("\n").find((l) => l.includes("top-busy"))!;
    // the last column, however many spaces pad the one before it
    expect(row.split(/\s{2,}/).pop()!.trim().split(", ").sort()).toEqual(["top.a", "top.b", "top.c"]);
    expect(r.stdout).toMatch(/\nConnections Polled: 2\n/);
  });

  it("--output writes the snapshot (0600), --delimiter makes it CSV", async () => {
    const dir = tempHome();
    const r = await runCli(["top", "--monitor", server.monitorUrl!, "--output", "conns.csv", "--delimiter", ","], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const file = path.join(dir, "conns.csv");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const csv = readFileSync(file, "utf8");
    expect(csv).toMatch(/^NATS server version,2\.\d+\.\d+,\(uptime: \S+\),\n/);
    expect(csv).toMatch(/\nHOST,CID,NAME,SUBS,PENDING,MSGS_TO,MSGS_FROM,BYTES_TO,BYTES_FROM,LANG,VERSION,UPTIME,LAST_ACTIVITY\n/);
    expect(csv).toMatch(/^127\.0\.0\.1:\d+,\d+,top-busy,3,0,0,50,0,250,nats\.js,/m);
  });

  it("refuses to refresh into a pipe, and says what to use", async () => {
    const r = await runCli(["top", "--monitor", server.monitorUrl!]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: cliError("nats top needs an interactive terminal: stdout is not one — use --once (with --json) or --output FILE for a snapshot\n") });
  });

  it("names what is wrong: no system account, an unknown server, an unreachable monitor", async () => {
    const app = await runCli(["top", "--once", "-s", server.url, "--user", "app", "--password", "pass"]);
    expect(app.code).toBe(6);
    expect(app.stderr).toBe(cliError("this command needs the system account: connect as a system user (e.g. --context nats_development_system), or read the server's HTTP monitoring port with --monitor URL — `nats server run` starts a local server with one\n"));
    const unknown = await runCli(["top", "nosuch", "--once", "-s", server.url, ...SYS, "--timeout", "1s"]);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toBe(cliError('no server named "nosuch" answered — servers seen: topsrv\n'));
    const mon = await runCli(["top", "--monitor", "http://127.0.0.1:1", "--once"]);
    expect(mon.code).toBe(3);
    expect(mon.stderr).toMatch(cliError(/^cannot read http:\/\/127\.0\.0\.1:1\/(varz|connz): /));
  });

  it("refreshes in place on a terminal; s toggles subscriptions, q quits", async () => {
    const t = terminal(["top", "--monitor", server.monitorUrl!, "--interval", "200ms", "--sort", "subs"], { columns: 220, rows: 20 });
    try {
      await t.waitFor(/Connections Polled: 2/);
      const first = await t.waitFor(/top-busy/);
      expect(first).toMatch(/^NATS server version/);
      // new traffic shows up on a later refresh of the same screen
      for (let i = 0; i < 25; i++) busy.publish("top.x", "hello");
      await busy.flush();
      await t.waitFor(/top-busy +3 +0 +0 +75 /);
      t.keys("s");
      await t.waitFor(/SUBSCRIPTIONS/);
      t.keys("q");
      const end = await t.waitFor(/EXIT=\d+/);
      expect(end).toMatch(/EXIT=0/);
      // the alternate screen is gone: the shell's screen is back
      expect(end).not.toMatch(/Connections Polled/);
    } finally {
      t.close();
    }
  });
});
