import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { validateSchema } from "../helpers/json-schema.js";
import { HTTP_REFUSED_PORT, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, tempHome, cliError } from "../helpers/run-cli.js";

const ACCOUNTS = `
accounts {
  SYS { users: [{user: sys, password: pass}] }
  APP { jetstream: enabled, users: [{user: app, password: pass}] }
}
system_account: SYS
`;
const SYS = ["--user", "sys", "--password", "pass"];
const APP = ["--user", "app", "--password", "pass"];
const schema = JSON.parse(readFileSync(path.resolve(__dirname, "../../docs/server-status.schema.json"), "utf8")) as Record<string, unknown>;

let cluster: NatsCluster;
let js: NatsServer; // single server, JetStream + monitoring, no auth
let plain: NatsServer; // single server without JetStream

beforeAll(async () => {
  [cluster, js, plain] = await Promise.all([
    startCluster({ jetstream: true, config: ACCOUNTS }),
    startNatsServer({ jetstream: true, monitor: true }),
    startNatsServer(),
  ]);
}, 60_000);
afterAll(async () => { await Promise.all([cluster?.stop(), js?.stop(), plain?.stop()]); });

describe("server status against a 3-node cluster", () => {
  it("lists all 3 servers with system credentials and exits 0", async () => {
    const r = await runCli(["server", "status", "-s", cluster.urls, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Servers Seen: 3 \(from \$SYS\.REQ\.SERVER\.PING replies\)/);
    for (const n of ["n1", "n2", "n3"]) expect(r.stdout).toMatch(new RegExp(`│ ${n}\\s+│ natsx-test`));
    expect(r.stdout).toMatch(/Status: HEALTHY/);
    expect(r.stdout).toMatch(/Meta Leader: n[123] \(cluster size 3\)/);
    expect(r.stdout.match(/│ (leader|follower)\s/g)?.length).toBe(3);
  });

  it("--json matches the documented schema and reports each server", async () => {
    const r = await runCli(["server", "status", "-s", cluster.urls, ...SYS, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.healthy).toBe(true);
    expect(doc.system_account.access).toBe(true);
    expect(doc.cluster).toMatchObject({ name: "natsx-test", servers_seen: 3, source: "system" });
    expect(doc.servers.map((s: { name: string }) => s.name)).toEqual(["n1", "n2", "n3"]);
    expect(doc.servers.filter((s: { jetstream_role: string }) => s.jetstream_role === "leader")).toHaveLength(1);
    // The system account has no JetStream of its own: status says why instead of failing.
    expect(doc.jetstream.enabled).toBe(false);
    expect(doc.jetstream.reason).toMatch(/not enabled for this account/);
  });

  it("--expect-servers 4 exits 10 and says what it saw", async () => {
    const r = await runCli(["server", "status", "-s", cluster.urls, ...SYS, "--expect-servers", "4", "--timeout", "1s"]);
    expect(r.code).toBe(10);
    expect(r.stdout).toMatch(/UNHEALTHY \(exit 10\)/);
    expect(r.stdout).toMatch(/expect-servers: expected 4 servers, saw 3/);
  });

  it("without system credentials still shows the connected server and the account's JetStream", async () => {
    const r = await runCli(["server", "status", "-s", cluster.servers[1]!.url, ...APP, "--require-jetstream"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Name: n2/);
    expect(r.stdout).toMatch(/Version: 2\.\d+\.\d+/);
    expect(r.stdout).toMatch(/Servers Seen: 3 \(from the server's INFO connect_urls\)/);
    expect(r.stdout).toMatch(/Per-Server Stats: not available: .*not in the system account/);
    expect(r.stdout).toMatch(/JetStream: enabled/);
    expect(r.stdout).toMatch(/Streams: 0 of unlimited/);
    expect(r.stdout).toMatch(/Meta Leader: unknown \(needs the system account or --monitor\)/);
    expect(r.stderr).toMatch(/per-server statistics need the system account/);
    const j = await runCli(["server", "status", "-s", cluster.servers[1]!.url, ...APP, "--json"]);
    const doc = JSON.parse(j.stdout);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.connection.server_name).toBe("n2");
    expect(doc.jetstream.enabled).toBe(true);
    expect(doc.jetstream.account.limits.max_streams).toBe(-1);
    expect(doc.servers).toEqual([]);
  });

  it("--max-slow-consumers cannot be checked without per-server statistics: exit 15", async () => {
    const r = await runCli(["server", "status", "-s", cluster.urls, ...APP, "--max-slow-consumers", "0"]);
    expect(r.code).toBe(15);
    expect(r.stdout).toMatch(/max-slow-consumers: .*system account user or pass --monitor/);
    const ok = await runCli(["server", "status", "-s", cluster.urls, ...SYS, "--max-slow-consumers", "0"]);
    expect(ok.code).toBe(0);
  });

  it("server ping stops at the cluster size and prints statistics", async () => {
    const r = await runCli(["server", "ping", "-s", cluster.urls, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^n[123]\s+rtt=\S+$/m);
    expect(r.stdout).toMatch(/---- ping statistics ----\n3 replies max: [\d.]+ min: [\d.]+ avg: [\d.]+/);
  });

  it("server ping as a normal user says the system account is needed", async () => {
    const r = await runCli(["server", "ping", "-s", cluster.urls, ...APP]);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(cliError("this command needs the system account: connect as a system user (e.g. --context nats_development_system) — `nats server run` starts a local server with one\n"));
    expect(r.stdout).toBe("");
  });

  it("server list shows a table and --json the statsz", async () => {
    const r = await runCli(["server", "list", "3", "-s", cluster.urls, ...SYS, "--sort", "name"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server Overview/);
    const names = [...r.stdout.matchAll(/│ (n\d)\s+│/g)].map((m) => m[1]);
    expect(names).toEqual(["n1", "n2", "n3"]);
    const j = await runCli(["server", "ls", "-s", cluster.urls, ...SYS, "--json"]);
    const arr = JSON.parse(j.stdout) as { server: { name: string }; statsz: { active_servers: number } }[];
    expect(arr).toHaveLength(3);
    expect(arr[0]!.statsz.active_servers).toBe(3);
  });

  it("server list shows a spinner on a terminal's stderr while a wait lasts, and nothing otherwise", async () => {
    // expecting a 4th server keeps it waiting until --timeout, well past the spinner's 300 ms delay
    const args = ["server", "list", "4", "-s", cluster.urls, ...SYS, "--timeout", "1s"];
    const [tty, piped] = await Promise.all([runCli(args, { tty: { err: true } }), runCli(args)]);
    for (const r of [tty, piped]) {
      expect(r.code).toBe(1); // the 4th server never answers
      expect(r.stderr).toContain("1 of 4 server(s) did not answer");
      expect(r.stdout).toMatch(/Server Overview/);
    }
    expect(tty.stderr).toContain("Waiting for the servers to answer");
    expect(piped.stderr).not.toContain("Waiting for the servers to answer");
  });

  it("server info shows a named server, and not-found for an unknown one", async () => {
    const r = await runCli(["server", "info", "n3", "-s", cluster.urls, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Server information for n3 \(N[A-Z0-9]{55}\)/);
    expect(r.stdout).toMatch(/Meta Cluster Size: 3/);
    const j = await runCli(["server", "info", "-s", cluster.servers[0]!.url, ...SYS, "--json"]);
    expect(JSON.parse(j.stdout).server_name).toBe("n1");
    const missing = await runCli(["server", "info", "nope", "-s", cluster.urls, ...SYS, "--timeout", "500ms"]);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toMatch(/no server named "nope" answered/);
  });

  it("server request prints one JSON line per server", async () => {
    const r = await runCli(["server", "request", "variables", "3", "-s", cluster.urls, ...SYS]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { server: { name: string }; data: { server_name: string } });
    expect(lines.map((l) => l.server.name).sort()).toEqual(["n1", "n2", "n3"]);
    for (const l of lines) expect(l.data.server_name).toBe(l.server.name);
    const one = await runCli(["server", "req", "--name", "n2", "jsz", "-s", cluster.urls, ...SYS]);
    const only = one.stdout.trim().split("\n");
    expect(only).toHaveLength(1);
    expect(JSON.parse(only[0]!).data.meta_cluster.cluster_size).toBe(3);
  });

  it("server report connections and jetstream", async () => {
    const nc = await connect({ servers: cluster.servers[2]!.url, user: "app", pass: "pass", name: "report-probe" });
    try {
      const r = await runCli(["server", "report", "connections", "-s", cluster.urls, ...SYS]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Top \d+ Connections out of \d+ by subs/);
      expect(r.stdout).toMatch(/report-probe\s+│ n3\s+│ natsx-test\s+│ 127\.0\.0\.1\s+│ APP/);
      const j = await runCli(["server", "report", "conns", "--account", "APP", "-s", cluster.urls, ...SYS, "--json"]);
      const conns = JSON.parse(j.stdout) as { name?: string; account: string; server: string }[];
      expect(conns.map((c) => c.name)).toContain("report-probe");
      expect(conns.every((c) => c.account === "APP")).toBe(true);
    } finally {
      await nc.close();
    }
    const js = await runCli(["server", "report", "jetstream", "-s", cluster.urls, ...SYS]);
    expect(js.code).toBe(0);
    expect(js.stdout).toMatch(/JetStream Summary/);
    expect(js.stdout).toMatch(/RAFT Meta Group Information/);
    expect(js.stdout.match(/│ n[123]\*?\s+│ natsx-test/g)).toHaveLength(3);
  });

  it("a node that stops answering (SIGSTOP) does not stall status beyond --timeout", async () => {
    const n3 = cluster.servers[2]!;
    n3.proc.kill("SIGSTOP");
    try {
      const started = Date.now();
      const r = await runCli(["server", "status", "-s", cluster.servers[0]!.url, ...SYS, "--timeout", "1500ms", "--json"]);
      const took = Date.now() - started;
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.cluster.servers_seen).toBe(2);
      expect(doc.notes[0]).toMatch(/^2 of 3 servers answered \$SYS\.REQ\.SERVER\.PING within the timeout/);
      expect(took).toBeLessThan(6000);
    } finally {
      n3.proc.kill("SIGCONT");
    }
  });

  // Last in this block: it kills a node.
  it("after one node is killed it reports 2 servers and exits 10 within the timeout", async () => {
    await cluster.servers[2]!.kill();
    const survivors = `${cluster.servers[0]!.url},${cluster.servers[1]!.url}`;
    const started = Date.now();
    const r = await runCli(["server", "status", "-s", survivors, ...SYS, "--expect-servers", "3", "--timeout", "2s", "--json"]);
    const took = Date.now() - started;
    expect(r.code).toBe(10);
    const doc = JSON.parse(r.stdout);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.cluster.servers_seen).toBe(2);
    expect(doc.servers.map((s: { name: string }) => s.name)).toEqual(["n1", "n2"]);
    expect(doc.problems).toEqual([{ check: "expect-servers", code: 10, message: "expected 3 servers, saw 2 (from $SYS.REQ.SERVER.PING replies)" }]);
    // bounded by --timeout (2s) plus connect and start-up, not hanging on the dead node
    expect(took).toBeLessThan(8000);
    const text = await runCli(["server", "status", "-s", survivors, ...SYS, "--expect-servers", "2", "--timeout", "1s"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Servers Seen: 2/);
  });
});

describe("server status against single servers", () => {
  it("--require-jetstream exits 12 on a server without JetStream", async () => {
    const r = await runCli(["server", "status", "-s", plain.url, "--require-jetstream"]);
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/require-jetstream: JetStream is not available: the connected server does not have JetStream enabled/);
    expect(r.stdout).toMatch(/Name: none \(not clustered\)/);
  });

  it("--max-rtt below the measured round trip exits 11", async () => {
    const r = await runCli(["server", "status", "-s", js.url, "--max-rtt", "1ns"]);
    expect(r.code).toBe(11);
    expect(r.stdout).toMatch(/max-rtt: round trip \S+ is over --max-rtt/);
  });

  it("--monitor adds /varz, /healthz, /jsz and /routez", async () => {
    const r = await runCli(["server", "status", "-s", js.url, "--monitor", js.monitorUrl!, "--json", "--max-slow-consumers", "0", "--require-jetstream"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.monitor).toEqual([{ url: js.monitorUrl, reachable: true, error: null, healthz: { ok: true, status: "ok", http_status: 200, error: null }, routes: 0, server_name: expect.any(String), jetstream: { enabled: true, streams: 0, consumers: 0, meta_leader: null } }]);
    expect(doc.servers).toHaveLength(1);
    expect(doc.servers[0]).toMatchObject({ source: "monitor", jetstream_role: "standalone", slow_consumers: 0 });
    expect(doc.cluster).toMatchObject({ servers_seen: 1, source: "monitor" });
  });

  it("--monitor-only reads only HTTP; an unreachable monitor exits 14", async () => {
    const only = await runCli(["server", "status", "--monitor", js.monitorUrl!, "--monitor-only", "--expect-servers", "1"]);
    expect(only.code).toBe(0);
    expect(only.stdout).toMatch(/Monitoring http:\/\/127\.0\.0\.1:\d+:/);
    expect(only.stdout).toMatch(/Health: ok/);
    expect(only.stdout).not.toMatch(/Connected Server/);
    const port = HTTP_REFUSED_PORT;
    const bad = await runCli(["server", "status", "-s", js.url, "--monitor", `http://127.0.0.1:${port}`, "--timeout", "1s"]);
    expect(bad.code).toBe(14);
    expect(bad.stdout).toContain(`healthz: cannot read http://127.0.0.1:${port}/varz: connection refused`);
  });

  it("a server that is down is a connection error (exit 3), not a verdict", async () => {
    const r = await runCli(["server", "status", "-s", "nats://127.0.0.1:1", "--timeout", "1s"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(cliError(/^connection refused/));
  });

  it("bad threshold values are usage errors", async () => {
    const r = await runCli(["server", "status", "-s", js.url, "--expect-servers", "three"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('invalid --expect-servers "three": expected a whole number of 1 or more\n'));
  });
});

describe("server check", () => {
  it("connection: OK with perf data in nagios, json and prometheus formats", async () => {
    const n = await runCli(["server", "check", "connection", "-s", js.url]);
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/^OK Connection OK:connected to 127\.0\.0\.1:\d+ in [\d.]+s, rtt time [\d.]+s, round trip took [\d.]+s \| connect_time=[\d.]+s;0\.5;1 rtt=[\d.]+s;0\.5;1 request_time=[\d.]+s;0\.5;1\n$/);
    const j = await runCli(["server", "check", "--format", "json", "conn", "-s", js.url]);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ status: "OK", check_suite: "connections", check_name: "Connection", critical: [], warning: [] });
    expect(doc.perf_data.map((p: { name: string }) => p.name)).toEqual(["connect_time", "rtt", "request_time"]);
    const p = await runCli(["server", "check", "--format", "prometheus", "connection", "-s", js.url, "--rtt-warn", "0s", "--rtt-critical", "0s"]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^nats_server_check_connections_rtt\{item="Connection"\} [\d.e-]+$/m);
    expect(p.stdout).toMatch(/^nats_server_check_connections_status_code\{item="Connection",status="CRITICAL"\} 2$/m);
  });

  it("connection: an unreachable server is CRITICAL (exit 2)", async () => {
    const r = await runCli(["server", "check", "connection", "-s", "nats://127.0.0.1:1", "--timeout", "1s"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^CRITICAL Connection Crit:Check failed: connection refused/);
  });

  it("jetstream, stream, consumer and kv checks against real assets", async () => {
    const nc = await connect({ servers: js.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "CHK", subjects: ["chk.>"] });
    for (let i = 0; i < 3; i++) await jsm.jetstream().publish(`chk.${i}`, "x");
    await jsm.consumers.add("CHK", { durable_name: "C1", ack_policy: "explicit" as never });
    await jsm.streams.add({ name: "KV_cfg", subjects: ["$KV.cfg.>"], max_msgs_per_subject: 1, allow_rollup_hdrs: true, deny_delete: true, allow_direct: true });
    await jsm.jetstream().publish("$KV.cfg.colour", "blue");
    await nc.close();
    const text = await runCli(["server", "check", "--format", "text", "jetstream", "-s", js.url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^JetStream: OK\n/);
    expect(text.stdout).toMatch(/Check Metrics/);
    const s = await runCli(["server", "check", "stream", "--stream", "CHK", "--msgs-warn", "5", "--msgs-critical", "1", "-s", js.url]);
    expect(s.code).toBe(1); // 3 messages is at or under the (inverted) warning of 5
    expect(s.stdout).toMatch(/^WARNING CHK Warn:messages 3 <= 5/);
    const c = await runCli(["server", "check", "consumer", "--stream", "CHK", "--consumer", "C1", "--unprocessed-critical", "2", "-s", js.url]);
    expect(c.code).toBe(2);
    expect(c.stdout).toMatch(/^CRITICAL CHK_C1 Crit:Unprocessed Messages: 3 >= 2/);
    const k = await runCli(["server", "check", "kv", "--bucket", "cfg", "--key", "colour", "-s", js.url]);
    expect(k.code).toBe(0);
    expect(k.stdout).toMatch(/^OK cfg OK:key colour found, bucket cfg \| values=1/);
    const missing = await runCli(["server", "check", "kv", "--bucket", "nope", "-s", js.url]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^CRITICAL nope Crit:bucket nope not found/);
    const noStream = await runCli(["server", "check", "stream", "--stream", "NOPE", "-s", js.url]);
    expect(noStream.code).toBe(2);
    expect(noStream.stdout).toMatch(/^CRITICAL NOPE Crit:Check failed: stream "NOPE" not found/);
  });

  it("credential: expiry thresholds, an expired credential is critical, --outfile writes the result", async () => {
    const home = tempHome();
    const mk = (exp?: number) => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const jwt = `${b64({ typ: "JWT", alg: "ed25519-nkey" })}.${b64({ sub: "UA", name: "u", ...(exp ? { exp } : {}) })}.sig`;
      const file = path.join(home, `u${exp ?? "never"}.creds`);
      writeFileSync(file, `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n`);
      return file;
    };
    const now = Math.floor(Date.now() / 1000);
    const soon = await runCli(["server", "check", "credential", "--credential", mk(now + 3600), "--validity-warn", "2h", "--validity-critical", "30m"]);
    expect(soon.code).toBe(1);
    expect(soon.stdout).toMatch(/^WARNING Credential Warn:expires in 59m\d+s at /);
    const expired = await runCli(["server", "check", "credential", "--credential", mk(now - 60)]);
    expect(expired.code).toBe(2);
    expect(expired.stdout).toMatch(/Crit:expired/);
    const never = await runCli(["server", "check", "credential", "--credential", mk()]);
    expect(never.code).toBe(2);
    expect(never.stdout).toMatch(/Crit:never expires/);
    const out = path.join(home, "check.json");
    const f = await runCli(["server", "check", "--format", "json", "--outfile", out, "credential", "--credential", mk(now + 86400 * 30)]);
    expect(f.code).toBe(0);
    expect(f.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).status).toBe("OK");
  });
});
