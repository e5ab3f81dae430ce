import { connect, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError } from "../helpers/run-cli.js";
import { terminal } from "../helpers/tmux.js";
import { SYSTEM_ACCOUNTS, SYS_USER, APP_USER } from "../helpers/auth.js";

const ACCOUNTS = `server_name: graphsrv\n${SYSTEM_ACCOUNTS}`;
const SYS = SYS_USER;
const APP = APP_USER;

let server: NatsServer;
let app: NatsConnection;
beforeAll(async () => {
  server = await startNatsServer({ jetstream: true, config: ACCOUNTS });
  app = await connect({ servers: server.url, user: "app", pass: "pass" });
  const jsm = await jetstreamManager(app);
  await jsm.streams.add({ name: "GRAPHED", subjects: ["graphed.>"] });
  await jsm.consumers.add("GRAPHED", { durable_name: "WORKER", ack_policy: AckPolicy.Explicit });
  const js = jetstream(app);
  for (let i = 0; i < 12; i++) await js.publish("graphed.x", "x");
}, 30_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

/** The widest line on a screen capture. */
const widest = (screen: string) => Math.max(...screen.split("\n").map((l) => [...l].length));

describe("live graphs", () => {
  it("server graph: natscli's six charts, redrawn to the terminal's new size", async () => {
    const t = terminal(["server", "graph", "graphsrv", "-s", server.url, ...SYS], { columns: 120, rows: 50 });
    try {
      const s = await t.waitFor(/Bytes In\+Out \/ second \(now /);
      expect(s).toMatch(/^Server Statistics for graphsrv\n/);
      for (const c of ["CPU % Used (normalized for cores)", "Memory Used", "Connections", "Subscriptions", "Messages In+Out / second"]) expect(s).toContain(c);
      expect(s).toMatch(/Connections \(now [1-9]\d*\)/);
      expect(widest(s)).toBeGreaterThan(100);
      t.resize(70, 40);
      const small = await t.waitFor((x) => /Bytes In\+Out/.test(x) && widest(x) <= 70);
      expect(widest(small)).toBeLessThanOrEqual(70);
      expect(small).toMatch(/┼/);
      t.keys("q");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("server graph --jetstream charts JetStream usage", async () => {
    const t = terminal(["server", "graph", "--jetstream", "-s", server.url, ...SYS], { columns: 100, rows: 50 });
    try {
      const s = await t.waitFor(/Memory Storage \(now /);
      expect(s).toMatch(/^JetStream Statistics for graphsrv/);
      for (const c of ["HA Assets", "API Requests / second", "Pending API Requests", "File Storage"]) expect(s).toContain(c);
      t.keys("C-c");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("stream graph and consumer graph follow the stream and the consumer", async () => {
    const st = terminal(["stream", "graph", "GRAPHED", "-s", server.url, ...APP], { columns: 100, rows: 40 });
    const co = terminal(["consumer", "graph", "GRAPHED", "WORKER", "-s", server.url, ...APP], { columns: 100, rows: 40 });
    try {
      const s = await st.waitFor(/Messages Stored \(now 12\)/);
      expect(s).toMatch(/^Stream Statistics for GRAPHED\n/);
      expect(s).toMatch(/Messages Removed \/ second \(now 0\)/);
      await jetstream(app).publish("graphed.x", "x");
      await st.waitFor(/Messages Stored \(now 13\)/);
      const c = await co.waitFor(/Messages Pending \(now 1[23]\)/);
      expect(c).toMatch(/^Consumer Statistics for GRAPHED > WORKER\n/);
      for (const cap of ["Messages Waiting for Ack", "Messages Acknowledged / second", "Messages Delivered / second"]) expect(c).toContain(cap);
      st.keys("q");
      co.keys("q");
      expect(await st.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
      expect(await co.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      st.close();
      co.close();
    }
  });

  it("sub --graph charts each subject's message rate", async () => {
    const t = terminal(["sub", "--graph", "rate.a", "rate.b", "-s", server.url, ...APP], { columns: 100, rows: 40 });
    try {
      await t.waitFor(/rate\.b \/ second \(now 0\)/);
      const pump = setInterval(() => { for (let i = 0; i < 5; i++) app.publish("rate.a", "x"); }, 50);
      try {
        const s = await t.waitFor(/rate\.a \/ second \(now [1-9]\d*\)/);
        expect(s).toMatch(/^Messages received per second on rate\.a, rate\.b/);
        expect(s).toMatch(/rate\.b \/ second \(now 0\)/);
      } finally {
        clearInterval(pump);
      }
      t.keys("q");
      expect(await t.waitFor(/EXIT=\d+/)).toMatch(/EXIT=0/);
    } finally {
      t.close();
    }
  });

  it("each live graph refuses to run without a terminal, in one line (exit 2)", async () => {
    const cases: [string[], string][] = [
      [["server", "graph", ...SYS], "nats server graph"],
      [["stream", "graph", "GRAPHED", ...APP], "nats stream graph"],
      [["consumer", "graph", "GRAPHED", "WORKER", ...APP], "nats consumer graph"],
      [["sub", "--graph", "rate.a", ...APP], "nats sub --graph"],
    ];
    for (const [args, what] of cases) {
      const r = await runCli([...args, "-s", server.url]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(cliError(new RegExp(`^${what.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} needs an interactive terminal: stdout is not one — `)));
    }
    const mixed = await runCli(["sub", "--graph", "--json", "rate.a", "-s", server.url, ...APP]);
    expect(mixed).toMatchObject({ code: 2, stderr: cliError("--graph cannot be used with --json — --graph draws the message rates instead of printing messages\n") });
  });

  it("server ping --graph prints the distribution after the statistics (a finished chart, so also in a pipe)", async () => {
    const r = await runCli(["server", "ping", "--graph", "-s", server.url, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/---- ping statistics ----\n1 replies /);
    expect(r.stdout).toMatch(/ 1 ┼─+/);
    expect(r.stdout).toMatch(/0ms +25ms\n +Responses per 25ms\n$/);
  });
});
