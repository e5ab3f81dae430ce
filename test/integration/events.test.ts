import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, startCli, type RunningCli, cliError } from "../helpers/run-cli.js";
import { SYSTEM_ACCOUNTS, SYS_USER, APP_USER } from "../helpers/auth.js";

const ACCOUNTS = SYSTEM_ACCOUNTS;
const SYS = SYS_USER;
const APP = APP_USER;

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer({ jetstream: true, config: ACCOUNTS }); }, 30_000);
afterAll(async () => { await server?.stop(); });

/** Starts `nats events ...` and waits until it has subscribed (its last "Listening" line, or the flush for --json). */
async function watching(args: string[], ready: string | RegExp = /Listening for Server Lame Duck events/): Promise<RunningCli> {
  const run = startCli(["events", ...args]);
  await run.waitFor(ready, { stream: "err" });
  return run;
}

/** Stops a running viewer (Ctrl-C) and returns what it printed; a viewer exits 0 on Ctrl-C. */
async function stop(run: RunningCli): Promise<{ stdout: string; stderr: string }> {
  run.abort();
  const r = await run.result;
  expect(r.code).toBe(0);
  return r;
}

async function appConnection(name: string): Promise<void> {
  const nc = await connect({ servers: server.url, user: "app", pass: "pass", name });
  await nc.flush();
  await nc.close();
}

async function failedLogin(): Promise<void> {
  await expect(connect({ servers: server.url, user: "app", pass: "wrong", name: "bad-login", reconnect: false })).rejects.toThrow(/Authorization Violation/);
}

describe("events", () => {
  it("shows a connect, its disconnect and a failed login as natscli's blocks (system account)", async () => {
    const run = await watching(["-s", server.url, ...SYS]);
    expect(run.stderr()).toMatch(/Listening for Client Connection events on \$SYS\.ACCOUNT\.\*\.CONNECT\n/);
    await appConnection("events-probe");
    await failedLogin();
    await run.waitFor(/Client Authentication Error/);
    await run.waitFor(/Client Disconnection[\s\S]*Name: events-probe/);
    const r = await stop(run);
    expect(r.stdout).toMatch(/\n\[\d\d:\d\d:\d\d\] \[\w+\] Client Connection\n\n   Server: N\w+\n\n   Client:\n +ID: \d+\n +User: app\n +Name: events-probe\n +Account: APP\n +Library Version: [\d.]+ {2}Language: nats\.js\n/);
    expect(r.stdout).toMatch(/Client Disconnection\n\n    Reason: Client Closed\n/);
    expect(r.stdout).toMatch(/Client Authentication Error\n\n    Reason: Authentication Failure\n[\s\S]*User: app\n +Name: bad-login\n/);
    expect(r.stderr).not.toMatch(/system account/);
  });

  it("--short prints one line per event", async () => {
    const run = await watching(["--short", "-s", server.url, ...SYS]);
    await appConnection("short-probe");
    await failedLogin();
    await run.waitFor(/\[Authentication Error\]/);
    await run.waitFor(/\[Disconnection\]/);
    const r = await stop(run);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\d\d:\d\d:\d\d \[Connection\] user: app cid: \d+ in account APP$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d \[Disconnection\] user: app cid: \d+ in account APP: Client Closed$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d \[Authentication Error\] user: app cid: \d+ in account \$G: Authentication Failure$/),
    ]));
  });

  it("--json prints the server's events one per line; --filter keeps matching ones", async () => {
    const run = startCli(["events", "--json", "--filter", "json-probe", "-s", server.url, ...SYS]);
    // --json prints no "Listening" lines: give the subscriptions a moment, then make the events
    await new Promise((r) => setTimeout(r, 300));
    await appConnection("other-conn");
    await appConnection("json-probe");
    await run.waitFor(/client_disconnect/);
    const r = await stop(run);
    expect(r.stderr).toBe("");
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; client: { name: string; acc: string } });
    expect(events.map((e) => e.type)).toEqual(["io.nats.server.advisory.v1.client_connect", "io.nats.server.advisory.v1.client_disconnect"]);
    expect(events.every((e) => e.client.name === "json-probe" && e.client.acc === "APP")).toBe(true);
  });

  it("--js-advisory shows a stream being created in the user's own account; --cloudevent wraps it", async () => {
    const run = await watching(["--js-advisory", "--short", "-s", server.url, ...APP]);
    // not the system account: said once, on stderr
    await run.waitFor(/not in the system account/, { stream: "err" });
    const ce = startCli(["events", "--js-advisory", "--no-srv-advisory", "--cloudevent", "-s", server.url, ...APP]);
    await new Promise((r) => setTimeout(r, 300));
    const nc = await connect({ servers: server.url, user: "app", pass: "pass" });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: "EVT_ORDERS", subjects: ["evt.orders.>"] });
      await jsm.streams.delete("EVT_ORDERS");
    } finally {
      await nc.close();
    }
    await run.waitFor(/\[Stream Delete\] EVT_ORDERS/);
    const r = await stop(run);
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d \[Stream Create\] EVT_ORDERS$/m);
    await ce.waitFor(/"action":"delete"/);
    const c = await stop(ce);
    // the advisory subjects also carry the JetStream API audit (as in natscli): keep the stream actions
    const envs = c.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown> & { type: string; data: { stream: string; action: string } })
      .filter((e) => e.type.endsWith(".stream_action"));
    expect(envs.map((e) => e.data.action)).toEqual(["create", "delete"]);
    expect(envs[0]).toMatchObject({ specversion: "1.0", type: "io.nats.jetstream.advisory.v1.stream_action", source: "urn:nats:jetstream", subject: "advisory", data: { stream: "EVT_ORDERS" } });
  });

  it("--all adds the JetStream API audit", async () => {
    const run = await watching(["--all", "--short", "--no-srv-advisory", "-s", server.url, ...APP], /Listening for Metrics/);
    const nc = await connect({ servers: server.url, user: "app", pass: "pass" });
    try {
      await (await jetstreamManager(nc)).streams.add({ name: "EVT_AUDIT", subjects: ["evt.audit"] });
    } finally {
      await nc.close();
    }
    await run.waitFor(/\[JS API\] \$JS\.API\.STREAM\.CREATE\.EVT_AUDIT/);
    await run.waitFor(/\[Stream Create\] EVT_AUDIT/);
    const r = await stop(run);
    // 2.9.10's audit names the account but not the user (later servers add it: "app @ APP")
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d \[JS API\] \$JS\.API\.STREAM\.CREATE\.EVT_AUDIT( app @)? APP$/m);
  });

  it("--stream --since reads events kept in a stream", async () => {
    const nc = await connect({ servers: server.url, user: "app", pass: "pass" });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: "EVT_KEPT", subjects: ["$JS.EVENT.ADVISORY.STREAM.>"] });
      await jsm.streams.add({ name: "EVT_LATER", subjects: ["evt.later"] });
      for (let i = 0; (await jsm.streams.info("EVT_KEPT")).state.messages === 0; i++) {
        if (i > 100) throw new Error("the advisory never reached the stream");
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await nc.close();
    }
    const run = await watching(["--stream", "EVT_KEPT", "--since", "1m", "--short", "-s", server.url, ...APP], /Listening for Events in stream EVT_KEPT since /);
    await run.waitFor(/\[Stream Create\] EVT_LATER/);
    await stop(run);
  });

  it("refuses flag combinations that cannot work (exit 2)", async () => {
    const cases: [string[], RegExp][] = [
      [["--no-srv-advisory"], cliError(/^no events were chosen/)],
      [["--stream", "X", "--js-advisory"], /cannot specify both Stream and specific advisories/],
      [["--since", "1h"], /--since reads events kept in a stream: add --stream/],
      [["--filter", "("], /invalid --filter regular expression "\("/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(["events", ...args, "-s", server.url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe("");
    }
  });

  it("--help shows examples", async () => {
    const r = await runCli(["events", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}nats events --short/);
  });
});

describe("events: server shutdown and lame duck mode", () => {
  let cluster: NatsCluster;
  beforeAll(async () => { cluster = await startCluster({ size: 2, config: `${ACCOUNTS}\nlame_duck_duration: "30s"\nlame_duck_grace_period: "1s"\n` }); }, 60_000);
  afterAll(async () => { await cluster?.stop(); });

  it("shows another node shutting down, and the connected one entering lame duck mode", async () => {
    const [n1, n2] = cluster.servers;
    const run = await watching(["--short", "-s", n1!.url, ...SYS]);
    await n2!.stop();
    await run.waitFor(/\[Server Shutdown\] n2 \(N\w+\)/);
    // SIGUSR2 is what `nats-server --signal ldm` sends
    n1!.proc.kill("SIGUSR2");
    await run.waitFor(/\[Lame Duck Mode\] n1 \(127\.0\.0\.1:\d+\), the connected server, is about to shut down/);
    await stop(run);
  });
});
