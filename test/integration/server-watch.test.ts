import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { runCli, cliError } from "../helpers/run-cli.js";
import { terminal } from "../helpers/tmux.js";
import { SYSTEM_ACCOUNTS, SYS_USER } from "../helpers/auth.js";

const ACCOUNTS = SYSTEM_ACCOUNTS;
const SYS = SYS_USER;

let cluster: NatsCluster;
let app: NatsConnection;
beforeAll(async () => {
  cluster = await startCluster({ jetstream: true, config: ACCOUNTS });
  app = await connect({ servers: cluster.servers[0]!.url, user: "app", pass: "pass", name: "watch-app" });
  await (await jetstreamManager(app)).streams.add({ name: "WATCHED", subjects: ["watched.>"], num_replicas: 3 });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await cluster?.stop();
});


describe("server watch", () => {
  it("servers: one row per server and the totals", async () => {
    const t = terminal(["server", "watch", "servers", "--sort", "name", "-s", cluster.urls, ...SYS], { columns: 150, rows: 20 });
    try {
      // the first screen may come before every server has answered the seeding ping: wait for all three rows
      const s = await t.waitFor((screen) => ["n1", "n2", "n3"].every((n) => new RegExp(`^│ ${n} `, "m").test(screen)) && /Totals \(All Servers\)/.test(screen));
      expect(s).toMatch(/Top 3 Server activity by Server Name at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
      expect(s).toMatch(/│ Server +│ Connections │ Subscription │ Slow │ Memory +│ CPU +│ Cores │ Routes │ Gateways │ Sent +│ Received +│/);
      const names = [...s.matchAll(/^│ (n\d) /gm)].map((m) => m[1]);
      expect(names).toEqual(["n1", "n2", "n3"]);
      expect(s).toMatch(/^│ n1 +│ \d+ +│ \d+ +│ 0 +│ [\d.]+ [KMG]iB +│ [\d.]+ +│ \d+ +│ 2 +│ 0 /m);
      t.keys("q");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("jetstream: every JetStream server with its HA assets, the meta leader marked", async () => {
    const t = terminal(["server", "watch", "jetstream", "-s", cluster.urls, ...SYS], { columns: 150, rows: 20 });
    try {
      const s = await t.waitFor(/Totals \(3 Servers\)/);
      expect(s).toMatch(/│ Server +│ HA Assets │ Memory +│ File +│ API +│ API Errors │ Pending │ Snapshot Time │/);
      expect(s.match(/^│ n\d\* /gm)).toHaveLength(1);
      // the R3 stream is an HA asset on each node (plus the meta group)
      expect(s).toMatch(/^│ n\d\*? +│ [1-9]/m);
      t.keys("C-c");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("accounts: a client connecting shows up under its account", async () => {
    const t = terminal(["server", "watch", "accounts", "-s", cluster.servers[0]!.url, ...SYS], { columns: 150, rows: 20 });
    try {
      await t.waitFor(/Account activity by Connections/);
      // a connection coming or going makes the server send its account update
      const extra = await connect({ servers: cluster.servers[0]!.url, user: "app", pass: "pass" });
      try {
        const s = await t.waitFor(/^│ APP +│ 1 +│ 2 /m);
        expect(s).toMatch(/│ Account +│ Servers │ Connections │ Leafnodes │ Subscriptions │ Slow │ Sent +│ Received +│/);
      } finally {
        await extra.close();
      }
      t.keys("q");
      await t.waitFor(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("api requests: JetStream API calls by type, account and stream", async () => {
    const t = terminal(["server", "watch", "api", "requests", "-s", cluster.servers[0]!.url, ...SYS], { columns: 150, rows: 20 });
    try {
      await t.waitFor(/Waiting for requests\.\.\./);
      const jsm = await jetstreamManager(app);
      for (let i = 0; i < 3; i++) await jsm.streams.info("WATCHED");
      const s = await t.waitFor(/│ stream_info_request +│ APP +│ 3 +│ 3 +│ WATCHED +│/);
      expect(s).toMatch(/Top 10 JS API activity/);
      expect(s).toMatch(/│ Type +│ Account │ Count │ Event \/ 1m │ Asset +│/);
      t.keys("q");
      await t.waitFor(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("each view refuses to run without a terminal (exit 2)", async () => {
    for (const view of [["servers"], ["jetstream"], ["accounts"], ["api", "requests"]]) {
      const r = await runCli(["server", "watch", ...view, "-s", cluster.urls, ...SYS]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(cliError(new RegExp(`^nats server watch ${view.join(" ")} needs an interactive terminal: stdout is not one — `)));
    }
  });

  it("--help shows an example", async () => {
    const r = await runCli(["server", "watch", "servers", "--help"]);
    expect(r.stdout).toMatch(/Examples:\n {2}nats server watch servers --sort mem/);
  });
});
