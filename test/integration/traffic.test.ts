import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { runCli, startCli, cliError } from "../helpers/run-cli.js";
import { terminal } from "../helpers/tmux.js";
import type { TrafficSample } from "../../src/commands/traffic.js";
import { SYSTEM_ACCOUNTS, SYS_USER, APP_USER } from "../helpers/auth.js";

const ACCOUNTS = SYSTEM_ACCOUNTS;
const SYS = SYS_USER;
const APP = APP_USER;

let cluster: NatsCluster;
let app: NatsConnection;
beforeAll(async () => {
  cluster = await startCluster({ jetstream: true, config: ACCOUNTS });
  app = await connect({ servers: cluster.servers[0]!.url, user: "app", pass: "pass" });
  app.subscribe("tr.svc", { callback: (_e, m) => { m.respond("ok"); } });
  await app.flush();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await cluster?.stop();
});

/** Waits until some client of the node holds a subscription on `subject` (the command under test has subscribed). */
async function subscribed(monitorUrl: string, subject: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const cz = (await (await fetch(`${monitorUrl}/connz?subs=1`)).json()) as { connections?: { subscriptions_list?: string[] }[] };
    if (cz.connections?.some((c) => c.subscriptions_list?.includes(subject))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nobody subscribed to ${subject}`);
}

const samples = (stdout: string) => stdout.trim().split("\n").map((l) => JSON.parse(l) as TrafficSample);
const total = (ss: TrafficSample[], f: (s: TrafficSample) => number) => ss.reduce((a, s) => a + f(s), 0);

describe("traffic", () => {
  it("piped, prints one NDJSON record per interval, counting messages and requests", async () => {
    const run = startCli(["traffic", "tr.>", "--interval", "300ms", "--count", "6", "-s", cluster.servers[0]!.url, ...APP]);
    await subscribed(cluster.servers[0]!.monitorUrl!, "tr.>");
    for (let i = 0; i < 20; i++) app.publish("tr.x", "0123456789");
    for (let i = 0; i < 5; i++) await app.request("tr.svc", "q");
    const r = await run.result;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ss = samples(r.stdout);
    expect(ss).toHaveLength(6);
    for (const s of ss) expect(s).toMatchObject({ interval_ms: 300, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(total(ss, (s) => s.general.rest)).toBe(20);
    expect(total(ss, (s) => s.general.requests)).toBe(5);
    expect(total(ss, (s) => s.general.messages)).toBe(25);
    expect(total(ss, (s) => s.general.bytes)).toBe(20 * 10 + 5);
  });

  it("sorts JetStream API calls into their own class", async () => {
    const run = startCli(["traffic", "--json", "--interval", "300ms", "--count", "3", "-s", cluster.servers[0]!.url, ...APP]);
    await subscribed(cluster.servers[0]!.monitorUrl!, ">");
    const jsm = await jetstreamManager(app);
    await jsm.streams.add({ name: "TRAFFIC", subjects: ["trjs.>"], num_replicas: 3 });
    await jetstream(app).publish("trjs.a", "x");
    await jsm.streams.info("TRAFFIC");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(total(samples(r.stdout), (s) => s.general.js_api)).toBeGreaterThanOrEqual(2);
  });

  it("from the system account of a JetStream cluster, raft traffic appears", async () => {
    const r = await runCli(["traffic", "--interval", "500ms", "--count", "3", "-s", cluster.servers[0]!.url, ...SYS]);
    expect(r.code).toBe(0);
    const ss = samples(r.stdout);
    // a 3-node JetStream cluster's meta group sends raft heartbeats/append entries all the time
    expect(total(ss, (s) => s.raft.messages)).toBeGreaterThan(0);
    expect(total(ss, (s) => s.raft.messages)).toBe(total(ss, (s) => s.raft.vote + s.raft.append + s.raft.reply + s.raft.remove_peer + s.raft.proposal));
  });

  it("refuses a bad subject or interval (exit 2)", async () => {
    const bad = await runCli(["traffic", "a..b", "-s", cluster.servers[0]!.url]);
    expect(bad.code).toBe(2);
    const iv = await runCli(["traffic", "--interval", "10ms", "-s", cluster.servers[0]!.url]);
    expect(iv).toMatchObject({ code: 2, stderr: cliError('invalid --interval "10ms": count at most every 100ms\n') });
  });

  it("on a terminal redraws natscli's tables in place", async () => {
    const t = terminal(["traffic", "tr.>", "--interval", "300ms", "-s", cluster.servers[0]!.url, ...APP], { columns: 100, rows: 30 });
    try {
      await t.waitFor(/General Traffic/);
      const pump = setInterval(() => app.publish("tr.tty", "x"), 20);
      try {
        await t.waitFor(/│ 0 +│ 0 +│ 0 +│ 0 +│ [1-9]\d* +│ [1-9]\d* B +│ [1-9]\d* +│/);
      } finally {
        clearInterval(pump);
      }
      const screen = t.screen();
      expect(screen).toMatch(/^Traffic on tr\.> \(messages per 0\.3s\)/);
      expect(screen).toMatch(/│ Requests │ JS API │ JS ACK │ System │ Rest │ Total Bytes │ Total Messages │/);
      t.keys("q");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });
});
