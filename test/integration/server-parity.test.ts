import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServerVersion, serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError, startCli, type CliResult } from "../helpers/run-cli.js";
import { waitUntil } from "../helpers/wait.js";

// natscli's nats/tests/server_command_test.go runs these with --user=sys --password=pass on one JetStream server.
const ACCOUNTS = `
server_name: s1
accounts {
  SYS { users: [{user: sys, password: pass}] }
  APP {
    jetstream: enabled
    users: [{user: app, password: pass}]
    mappings: { "part.*": "part.{{partition(10,1)}}.{{wildcard(1)}}", "split.*": "split.{{splitFromLeft(1,3)}}" }
  }
}
system_account: SYS
`;
const SYS = ["--user", "sys", "--password", "pass"];
const APP = ["--user", "app", "--password", "pass"];

let srv: NatsServer;
beforeAll(async () => { srv = await startNatsServer({ jetstream: true, config: ACCOUNTS }); }, 30_000);
afterAll(async () => { await srv?.stop(); });

const app = () => connect({ servers: srv.url, user: "app", pass: "pass" });
const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe("server check server|message|request and the jetstream *_pct figures", () => {
  it("check server --name s1 reports uptime, cpu, mem, connections and subscriptions", async () => {
    const r = await runCli(["server", "check", "--format=json", "server", "--name", "s1", "-s", srv.url, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({ status: "OK", check_suite: "server", check_name: "s1" });
    expect(doc.perf_data.map((p: { name: string }) => p.name)).toEqual(["uptime", "cpu", "mem", "connections", "subscriptions"]);
    expect(doc.perf_data[3].value).toBeGreaterThanOrEqual(1);
    // --conn-critical above --conn-warn: 1 connection >= 1 is critical; the inverted form (crit < warn) warns on few connections
    const c = await runCli(["server", "check", "server", "--name", "s1", "--conn-warn", "1", "--conn-critical", "1", "--js-required", "--auth-required", "-s", srv.url, ...SYS]);
    expect(c.code).toBe(2);
    expect(c.stdout).toMatch(/^CRITICAL s1 Crit:Connections 1\.00 OK:JetStream enabled, Authentication required \| uptime=/);
    const tls = await runCli(["server", "check", "server", "--name", "s1", "--tls-required", "-s", srv.url, ...SYS]);
    expect(tls.code).toBe(2);
    expect(tls.stdout).toMatch(/Crit:TLS not required/);
  });

  it("check server without --name is a usage error, for an unknown name critical", async () => {
    const r = await runCli(["server", "check", "server", "-s", srv.url, ...SYS]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(cliError(/^server check server needs --name NAME/));
    const u = await runCli(["server", "check", "server", "--name", "nope", "-s", srv.url, ...SYS, "--timeout", "1s"]);
    expect(u.code).toBe(2);
    expect(u.stdout).toMatch(/^CRITICAL nope Crit:Check failed: no results received for \$SYS\.REQ\.SERVER\.PING\.VARZ/);
  });

  it("check message: a valid message, then an age and content failure, then no message", async () => {
    const nc = await app();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "CHKMSG", subjects: ["CHKMSG.*"] });
    await (await import("@nats-io/jetstream")).jetstream(nc).publish("CHKMSG.in", "hello 42");
    const r = await runCli(["server", "check", "message", "--stream=CHKMSG", "--subject=CHKMSG.in", "--format=json", "-s", srv.url, ...APP]);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({ status: "OK", check_suite: "message", check_name: "Stream Message", ok: ["Valid message on CHKMSG > CHKMSG.in"] });
    expect(doc.perf_data.map((p: { name: string; unit: string }) => [p.name, p.unit])).toEqual([["age", "s"], ["size", "B"]]);
    expect(doc.perf_data[1].value).toBe(8);
    const bad = await runCli(["server", "check", "message", "--stream=CHKMSG", "--subject=CHKMSG.in", "--content", "^bye", "--age-critical", "1ms", "-s", srv.url, ...APP], { now: () => Date.now() + 5000 });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^CRITICAL Stream Message Crit:5\.\d+s old, does not match regex: \^bye \| age=5\.\d+s;;0\.001 size=8B$/m);
    const none = await runCli(["server", "check", "message", "--stream=CHKMSG", "--subject=CHKMSG.other", "-s", srv.url, ...APP]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^CRITICAL Stream Message Crit:no message found/);
    const wild = await runCli(["server", "check", "message", "--stream=CHKMSG", "--subject=CHKMSG.*", "-s", srv.url, ...APP]);
    expect(wild.code).toBe(2);
    expect(wild.stderr).toMatch(/--subject must be a literal subject/);
    await nc.close();
  });

  it("check request: a JetStream publish is a valid response; --match-headers checks the reply and never the request", async () => {
    const r = await runCli(["server", "check", "request", "--subject=CHKMSG.req", "--format=json", "-s", srv.url, ...APP]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ status: "OK", check_suite: "request", check_name: "CHKMSG.req", ok: ["Valid response"], perf_data: [{ name: "time", unit: "s" }] });
    const nc = await app();
    const seen: (string | undefined)[] = [];
    const sub = nc.subscribe("svc.check", { callback: (_e, m) => {
      seen.push(m.headers?.get("Status"));
      const { headers } = require("@nats-io/transport-node") as typeof import("@nats-io/transport-node");
      const h = headers();
      h.set("Status", "ok");
      m.respond("pong", { headers: h });
    } });
    await nc.flush();
    const ok = await runCli(["server", "check", "request", "--subject", "svc.check", "--match-payload", "^pong$", "--match-headers", "Status=ok", "-s", srv.url, ...APP]);
    expect(ok.stdout).toMatch(/^OK svc\.check OK:Valid response \| time=/);
    expect(ok.code).toBe(0);
    const bad = await runCli(["server", "check", "request", "--subject", "svc.check", "--match-payload", "ping", "--match-headers", "Status=down", "--headers", "Status=sent", "-s", srv.url, ...APP]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^CRITICAL svc\.check Crit:response does not match regexp, invalid header "Status" = "ok"/);
    // the service saw no header from --match-headers, and exactly the --headers one
    expect(seen).toEqual([undefined, "sent"]);
    sub.unsubscribe();
    await nc.close();
  });

  it("check jetstream always carries the *_pct figures (0 without limits)", async () => {
    const r = await runCli(["server", "check", "jetstream", "--format=json", "-s", srv.url, ...APP]);
    expect(r.code).toBe(0);
    const names = json(r.stdout).perf_data.map((p: { name: string }) => p.name);
    expect(names).toEqual(["memory", "memory_pct", "storage", "storage_pct", "streams", "streams_pct", "consumers", "consumers_pct",
      "replicas_ok", "replicas_no_leader", "replicas_missing_replicas", "replicas_lagged", "replicas_not_seen", "replicas_fail"]);
    expect(json(r.stdout).perf_data[5]).toEqual({ name: "streams_pct", value: 0, warning: 0, critical: 0, unit: "%" });
  });
});

describe("server report accounts|connections|cpu|mem|routes|gateways|leafnodes|health|downgrade", () => {
  it("report accounts --json groups connections by account with subscriptions and the server", async () => {
    const nc = await app();
    nc.subscribe("acct.report.probe");
    await nc.flush();
    const r = await runCli(["server", "report", "accounts", "--json", "-s", srv.url, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, any>[];
    const appAcct = doc.find((a) => a.account === "APP")!;
    expect(appAcct.connections).toBeGreaterThanOrEqual(1);
    expect(appAcct.server).toEqual([expect.objectContaining({ name: "s1", id: expect.stringMatching(/^N[A-Z0-9]{55}$/) })]);
    const ci = appAcct.connection_info.find((c: { subscriptions_list?: string[] }) => c.subscriptions_list?.includes("acct.report.probe"));
    expect(ci).toMatchObject({ kind: "Client", type: "nats", account: "APP", authorized_user: "app", server: { name: "s1" } });
    const t = await runCli(["server", "report", "accounts", "--sort", "conns", "--top", "1", "-s", srv.url, ...SYS]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/1 Accounts Overview/);
    expect(t.stdout).toMatch(/│ Account\s+│ Connections\s+│ In Msgs\s+│ Out Msgs\s+│ In Bytes\s+│ Out Bytes\s+│ Subs/);
    const one = await runCli(["server", "report", "accounts", "APP", "-s", srv.url, ...SYS]);
    expect(one.stdout).toMatch(/│ \d+\s+│\s+│ s1\s+│\s+│ 127\.0\.0\.1\s+│ APP/);
    const none = await runCli(["server", "report", "accounts", "NOPE", "-s", srv.url, ...SYS]);
    expect(none).toMatchObject({ code: 7, stdout: "" });
    expect(none.stderr).toMatch(cliError(/^did not receive any results for account NOPE/));
    const bad = await runCli(["server", "report", "accounts", "--sort", "size", "-s", srv.url, ...SYS]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sort <key>' argument 'size' is invalid/);
    await nc.close();
  });

  it("report connections --json carries subscriptions_list and the embedded server object", async () => {
    const nc = await app();
    nc.subscribe("conn.report.probe");
    await nc.flush();
    const r = await runCli(["server", "report", "connections", "--account", "APP", "--json", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    const conns = JSON.parse(r.stdout) as Record<string, any>[];
    const c = conns.find((x) => x.subscriptions_list?.includes("conn.report.probe"))!;
    expect(c).toMatchObject({ kind: "Client", type: "nats", ip: "127.0.0.1", authorized_user: "app", server: { name: "s1", jetstream: true } });
    await nc.close();
  });

  it("report connections --closed-reason finds closed connections by why they closed", async () => {
    const nc = await connect({ servers: srv.url, user: "app", pass: "pass", name: "closed-probe" });
    await nc.close();
    const r = await runCli(["server", "report", "connections", "--closed-reason", "client closed", "--json", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    const conns = JSON.parse(r.stdout) as { name?: string; reason?: string }[];
    expect(conns.find((c) => c.name === "closed-probe")).toMatchObject({ reason: "Client Closed" });
    const none = JSON.parse((await runCli(["server", "report", "connections", "--closed-reason", "^stale", "--json", "-s", srv.url, ...SYS])).stdout) as unknown[];
    expect(none).toEqual([]);
    const a = JSON.parse((await runCli(["account", "report", "connections", "--closed-reason", "client", "--json", "-s", srv.url, ...APP])).stdout) as { name?: string }[];
    expect(a.map((c) => c.name)).toContain("closed-probe");
    const bad = await runCli(["server", "report", "connections", "--closed-reason", "(", "-s", srv.url, ...SYS]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --closed-reason expression/);
  });

  it("report cpu --json and report mem bar graph", async () => {
    const cpu = await runCli(["server", "report", "cpu", "--json", "-s", srv.url, ...SYS]);
    expect(cpu.code).toBe(0);
    expect(Object.keys(JSON.parse(cpu.stdout))).toEqual(["s1"]);
    const mem = await runCli(["server", "report", "mem", "-s", srv.url, ...SYS]);
    expect(mem.code).toBe(0);
    expect(mem.stdout).toMatch(/^Memory Usage\n\n {2}s1: █+ \(\d+(\.\d+)? [KMG]iB\)\n$/);
  });

  it("report cpu --watch 1 reports again every second until Ctrl-C, then exits 0", async () => {
    const run = startCli(["server", "report", "cpu", "--watch", "1", "--json", "-s", srv.url, ...SYS]);
    await run.waitFor(/\{[^}]*"s1"[^}]*\}[\s\S]*\{[^}]*"s1"[^}]*\}/, { timeoutMs: 5000 });
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout.match(/"s1"/g)!.length).toBeGreaterThanOrEqual(2);
    const bad = await runCli(["server", "report", "cpu", "--watch", "0", "-s", srv.url, ...SYS]);
    expect(bad.code).toBe(2);
  });

  it("report routes, gateways and leafnodes on a standalone server print their empty tables", async () => {
    const routes = await runCli(["server", "report", "routes", "-s", srv.url, ...SYS]);
    expect(routes.code).toBe(0);
    expect(routes.stdout).toMatch(/Cluster Report[\s\S]*│ Server\s+│ Cluster\s+│ Name\s+│ Account\s+│ Address\s+│ ID\s+│ Uptime\s+│ RTT\s+│ Subs\s+│ Bytes In\s+│ Bytes Out/);
    const gw = await runCli(["server", "report", "gateways", "-s", srv.url, ...SYS]);
    expect(gw.code).toBe(0);
    expect(gw.stdout).toMatch(/│ Server\s+│ Name\s+│ Port\s+│ Kind\s+│ Connection\s+│ ID\s+│ Uptime\s+│ RTT\s+│ Bytes\s+│ Accounts/);
    expect(gw.stdout).toMatch(/│ s1\s+│/);
    const leaf = await runCli(["server", "report", "leafnodes", "-s", srv.url, ...SYS]);
    expect(leaf.code).toBe(0);
    expect(leaf.stdout).toMatch(/│ Server\s+│ Name\s+│ Account\s+│ Address\s+│ RTT\s+│ Msgs In\s+│ Msgs Out\s+│ Bytes In\s+│ Bytes Out\s+│ Subs\s+│ Compressed\s+│ Spoke/);
  });

  it("report health shows ok (200) and exits 0; as a normal user it needs the system account", async () => {
    const r = await runCli(["server", "report", "health", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ Server\s+│ Cluster\s+│ Domain\s+│ Status\s+│ Type\s+│ Error/);
    expect(r.stdout).toMatch(/│ s1\s+│\s+│\s+│ ok \(200\)/);
    const u = await runCli(["server", "report", "health", "-s", srv.url, ...APP]);
    expect(u.code).toBe(6);
    expect(u.stderr).toMatch(/this command needs the system account/);
  });

  it.skipIf(!serverAtLeast("2.11.0"))("report downgrade 0 lists a stream with per-message TTL (API level 1), --all its consumers (needs nats-server 2.11+: 2.9 stamps no API level)", async () => {
    const nc = await app();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "TTLSTREAM", subjects: ["ttl.>"], allow_msg_ttl: true } as never);
    await jsm.consumers.add("TTLSTREAM", { durable_name: "TTLC", ack_policy: "explicit" as never });
    await nc.close();
    const r = await runCli(["server", "report", "downgrade", "0", "--json", "-s", srv.url, ...SYS]);
    expect(JSON.parse(r.stdout).streams).toEqual(expect.arrayContaining([expect.objectContaining({ name: "TTLSTREAM", api_level: 1 })]));
    const all = await runCli(["server", "report", "downgrade", "0", "--all", "-s", srv.url, ...SYS]);
    expect(all.stdout).toMatch(/│ TTLSTREAM\*\s+│ TTLC\s+│ 0/);
  });

  it("report downgrade: every asset of a 2.9 server runs at API level 0", async () => {
    const nc = await app();
    await (await jetstreamManager(nc)).streams.add({ name: "DOWNGRADE", subjects: ["downgrade.>"] });
    await nc.close();
    const r = await runCli(["server", "report", "downgrade", "1", "-s", srv.url, ...SYS]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("Obtaining JetStream Asset information\nAll assets are compatible with the specified API level.\n");
    const j = await runCli(["server", "report", "downgrade", "0", "--json", "-s", srv.url, ...SYS]);
    expect(JSON.parse(j.stdout)).toEqual({});
  });
});

describe("server account info|purge, config reload, cluster ops on a standalone server, mapping", () => {
  it("server account info SYS shows natscli's details, imports and exports", async () => {
    const r = await runCli(["server", "account", "info", "SYS", "-s", srv.url, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Account information for account SYS\n/);
    expect(r.stdout).toMatch(/System Account: true/);
    expect(r.stdout).toMatch(/JetStream: false/);
    expect(r.stdout).toMatch(/Updated: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.* ago\)/);
    expect(r.stdout).toMatch(/Exports:[\s\S]*Subject: \$SYS\.REQ\.[\s\S]*Type: service/);
    const j = await runCli(["server", "account", "info", "APP", "--json", "-s", srv.url, ...SYS]);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ account_name: "APP", jetstream_enabled: true });
    expect(Object.keys(doc.mappings)).toEqual(expect.arrayContaining(["part.*", "split.*"]));
    const m = await runCli(["server", "account", "info", "APP", "-s", srv.url, ...SYS]);
    expect(m.stdout).toMatch(/Mappings:[\s\S]*part\.\*\n\s+Destination: part\.\{\{partition\(10,1\)\}\}\.\{\{wildcard\(1\)\}\}/);
  });

  it("server account purge refuses without -f off a terminal, and with -f deletes the account's streams", async () => {
    const nc = await app();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "DOOMED", subjects: ["doomed.>"] });
    const refused = await runCli(["server", "account", "purge", "APP", "-s", srv.url, ...SYS]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to purge account APP without confirmation: not running in a terminal — pass -f\/--force to confirm/);
    expect((await jsm.streams.info("DOOMED")).config.name).toBe("DOOMED");
    const r = await runCli(["server", "account", "purge", "APP", "-f", "-s", srv.url, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Purge operation on account APP initiated\n");
    // the server purges in the background
    await waitUntil(async () => {
      const names: string[] = [];
      for await (const n of jsm.streams.names()) names.push(n);
      return !names.includes("DOOMED") || names.join(", ");
    }, "the purge to remove stream DOOMED");
    await nc.close();
  });

  it("cluster step-down and peer-remove on a standalone server say there is no meta leader", async () => {
    for (const args of [["cluster", "step-down"], ["cluster", "peer-remove", "s1", "-f"]]) {
      const r = await runCli(["server", ...args, "-s", srv.url, ...SYS]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(cliError(/^did not receive a response from the meta leader, ensure the account used has system privileges and appropriate permissions/));
    }
  });

  it.skipIf(serverAtLeast("2.10.0"))("config reload refuses servers before 2.10 (no $SYS RELOAD there)", async () => {
    const id = JSON.parse((await runCli(["server", "info", "--json", "-s", srv.url, ...SYS])).stdout).server_id as string;
    const r = await runCli(["server", "config", "reload", id, "-f", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^server config reload requires NATS Server 2\.10\.0 or newer, the server is 2\.9\.\d+/));
    const bad = await runCli(["server", "config", "reload", "s1", "-f", "-s", srv.url, ...SYS]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"s1" is not a server ID/);
  });

  it.skipIf(!serverAtLeast("2.10.0"))("config reload -f reloads and prints the server information (2.10+)", async () => {
    const id = JSON.parse((await runCli(["server", "info", "--json", "-s", srv.url, ...SYS])).stdout).server_id as string;
    const r = await runCli(["server", "config", "reload", id, "-f", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Server information for s1 \(N[A-Z0-9]{55}\)/);
    const refused = await runCli(["server", "config", "reload", id, "-s", srv.url, ...SYS]);
    expect(refused.code).toBe(2);
  });

  it("mapping agrees with the server: a partition and a split mapping configured on the account", async () => {
    const nc = await app();
    const got: string[] = [];
    nc.subscribe(">", { callback: (_e, m) => { if (!m.subject.startsWith("$") && !m.subject.startsWith("_")) got.push(m.subject); } });
    await nc.flush();
    nc.publish("part.order-1234");
    nc.publish("split.abcdef");
    await nc.flush();
    for (let i = 0; i < 20 && got.length < 2; i++) await new Promise((res) => setTimeout(res, 50));
    await nc.close();
    const p = await runCli(["server", "mapping", "part.*", "part.{{partition(10,1)}}.{{wildcard(1)}}", "part.order-1234"]);
    expect(p).toEqual({ code: 0, stdout: `${got.find((s) => s.startsWith("part."))}\n\n`, stderr: "" });
    const s = await runCli(["server", "mappings", "split.*", "split.{{splitFromLeft(1,3)}}", "split.abcdef"]);
    expect(s.stdout).toBe("split.abc.def\n\n");
    expect(got).toContain("split.abc.def");
    // natscli's own example, and subjects from stdin one per line
    const t = await runCli(["server", "mapping", "TEST.*", "TEST.a.{{wildcard(1)}}"], { stdin: "TEST.local\nOTHER.x\n" });
    expect(t.stdout).toBe('TEST.a.local\n\nError: "OTHER.x" does not match the source pattern "TEST.*"\n\n');
    expect(t.code).toBe(1);
    const bad = await runCli(["server", "mapping", "a.*", "b.{{wildcard(3)}}", "a.b"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(cliError(/^invalid mapping destination "\{\{wildcard\(3\)\}\}": wildcard index 3 out of range/));
  });
});

describe("server passwd", () => {
  it("the hash it prints is one nats-server accepts: login works with the password and fails without it", async () => {
    const pw = "correct horse battery";
    const r = await runCli(["server", "passwd", "--cost", "6"], { env: { PASSWORD: pw } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\$2[aby]\$06\$[./A-Za-z0-9]{53}\n$/);
    expect(r.stdout).not.toContain(pw);
    const hash = r.stdout.trim();
    await using s = await startNatsServer({ config: `authorization { users: [{ user: bob, password: "${hash}" }] }` });
    const ok = await runCli(["pub", "x", "y", "-s", s.url, "--user", "bob", "--password", pw]);
    expect(ok.code).toBe(0);
    const bad = await runCli(["pub", "x", "y", "-s", s.url, "--user", "bob", "--password", hash]);
    expect(bad.code).toBe(4);
    // stdin as the password source; a short one is refused
    const piped = await runCli(["server", "mkpasswd", "-c", "4"], { stdin: `${pw}\n` });
    expect(piped.stdout).toMatch(/^\$2[aby]\$04\$/);
    const short = await runCli(["server", "passwd"], { stdin: "short\n" });
    expect(short).toMatchObject({ code: 2, stdout: "" });
    expect(short.stderr).toMatch(/password should be at least 10 characters long/);
  });

  it("--generate prints natscli's two lines", async () => {
    const r = await runCli(["server", "passwd", "--generate", "-c", "4"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Generated password: [a-zA-Z0-9@#_\-%^&()]{22}\n {7}bcrypt hash: \$2[aby]\$04\$[./A-Za-z0-9]{53}\n$/);
    const bcrypt = (await import("bcryptjs")).default;
    const [, pw, hash] = /^Generated password: (\S+)\n\s+bcrypt hash: (\S+)\n$/.exec(r.stdout)!;
    expect(await bcrypt.compare(pw!, hash!)).toBe(true);
  });
});

describe("server request: auth details, and the endpoints 2.9 lacks", () => {
  it("request connections asks for auth details: authorized_user and account per connection", async () => {
    const nc = await app();
    const r = await runCli(["server", "request", "connections", "--filter-account", "APP", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim().split("\n")[0]!);
    expect(line.data.connections).toEqual(expect.arrayContaining([expect.objectContaining({ authorized_user: "app", account: "APP" })]));
    await nc.close();
  });

  it("request jetstream --all includes accounts, streams, consumers and config; jetstream-health --account scopes the check", async () => {
    const nc = await app();
    await (await jetstreamManager(nc)).streams.add({ name: "REQALL", subjects: ["reqall.>"] });
    await nc.close();
    const r = await runCli(["server", "request", "jetstream", "1", "--all", "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout.trim()).data as { config?: unknown; account_details?: { name: string; stream_detail?: { name: string; config?: unknown }[] }[] };
    expect(data.config).toBeDefined();
    const appAcct = data.account_details?.find((a) => a.name === "APP");
    expect(appAcct?.stream_detail?.find((x) => x.name === "REQALL")?.config).toBeDefined();
    const h = await runCli(["server", "request", "jetstream-health", "1", "--account", "APP", "-s", srv.url, ...SYS]);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout.trim()).data.status).toBe("ok");
  });

  const v = natsServerVersion();
  it.skipIf(serverAtLeast("2.11.0"))(`ipqueue and raft are refused with the version line on servers before 2.11 (this one: ${v})`, async () => {
    for (const ep of ["ipqueue", "raft"]) {
      const r = await runCli(["server", "request", ep, "-s", srv.url, ...SYS]);
      expect(r).toMatchObject({ code: 1, stdout: "" });
      expect(r.stderr).toMatch(cliError(new RegExp(`^server request ${ep} requires NATS Server 2\\.11\\.0 or newer, the server is ${v.replace(/\./g, "\\.")}`)));
    }
  });

  it.skipIf(serverAtLeast("2.10.0"))(`kick and profile are refused with the version line on servers before 2.10 (this one: ${v})`, async () => {
    const id = JSON.parse((await runCli(["server", "info", "--json", "-s", srv.url, ...SYS])).stdout).server_id as string;
    const k = await runCli(["server", "request", "kick", "1", id, "-s", srv.url, ...SYS]);
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(/server request kick requires NATS Server 2\.10\.0 or newer/);
    const p = await runCli(["server", "request", "profile", "heap", ".", "-s", srv.url, ...SYS]);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/server request profile requires NATS Server 2\.10\.0 or newer/);
    const bad = await runCli(["server", "request", "profile", "nope", "-s", srv.url, ...SYS]);
    expect(bad.code).toBe(2);
  });

  it.skipIf(!serverAtLeast("2.11.0"))("ipqueue and raft answer on 2.11+ (needs a newer nats-server than this machine's)", async () => {
    for (const ep of ["ipqueue", "raft"]) expect((await runCli(["server", "request", ep, "-s", srv.url, ...SYS])).code).toBe(0);
  });

  it.skipIf(!serverAtLeast("2.10.0"))("kick disconnects a client and profile writes one file per server (needs nats-server 2.10+)", async () => {
    const nc = await app();
    const conns = JSON.parse((await runCli(["server", "report", "connections", "--account", "APP", "--json", "-s", srv.url, ...SYS])).stdout) as { cid: number; server: { id: string } }[];
    const r = await runCli(["server", "request", "kick", String(conns[0]!.cid), conns[0]!.server.id, "-s", srv.url, ...SYS]);
    expect(r.code).toBe(0);
    await nc.close().catch(() => undefined);
  });
});

describe("server stream-check and consumer-check", () => {
  const streamResp = (name: string, id: string, msgs: number, bytes: number, subjects: number, deleted: number, consumers: number, first: number, last: number) => JSON.stringify({
    server: { name, host: "localhost", id, ver: "2.12.0", jetstream: true },
    data: { account_details: [{ name: "TEST", id: "TESTID", stream_detail: [{ name: "ORDERS", stream_raft_group: "RG1", cluster: { name: "TEST", raft_group: "RG1", leader: "s1" },
      state: { messages: msgs, bytes, first_seq: first, last_seq: last, num_subjects: subjects, num_deleted: deleted, consumer_count: consumers } }] }] },
  });
  const consumerResp = (name: string, id: string, ds: number, dc: number, as: number, ac: number) => JSON.stringify({
    server: { name, host: "localhost", id, ver: "2.12.0", jetstream: true },
    data: { account_details: [{ name: "TEST", id: "TESTID", stream_detail: [{ name: "ORDERS", stream_raft_group: "SRG1", cluster: { name: "TEST", raft_group: "SRG1", leader: "s1" },
      state: { messages: 1000, bytes: 10000, first_seq: 1, last_seq: 1000 }, consumer_raft_groups: [{ name: "MY_CONSUMER", raft_group: "CRG1" }],
      consumer_detail: [{ stream_name: "ORDERS", name: "MY_CONSUMER", delivered: { stream_seq: ds, consumer_seq: dc }, ack_floor: { stream_seq: as, consumer_seq: ac },
        cluster: { name: "TEST", raft_group: "CRG1", leader: "s1" } }] }] }] },
  });

  it("live: one server, the stream and its consumer with natscli's columns", async () => {
    const nc = await app();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "CHECK_STREAM", subjects: ["CHECK.*"] });
    await jsm.consumers.add("CHECK_STREAM", { durable_name: "CHECK_CONSUMER", ack_policy: "explicit" as never, filter_subject: "CHECK.new" });
    await nc.close();
    // the server's JSZ may lag a just created stream by a moment
    let s!: CliResult;
    await waitUntil(async () => {
      s = await runCli(["server", "stream-check", "--stream", "CHECK_STREAM", "-s", srv.url, ...SYS]);
      return /Streams: 1\n/.test(s.stdout) || s.stdout + s.stderr;
    }, "stream-check to list CHECK_STREAM");
    expect(s.stderr).toBe("");
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^Response took \d+\.\d{3}s\nServers: 1\nStreams: 1\n/);
    expect(s.stdout).toMatch(/│ Stream Replica\s+│ Raft\s+│ Account\s+│ Account ID\s+│ Node\s+│ Messages\s+│ Bytes\s+│ Subjects\s+│ Deleted\s+│ Consumers\s+│ First\s+│ Last\s+│ Status\s+│ Leader\s+│ Peers/);
    expect(s.stdout).toMatch(/│ CHECK_STREAM\s+│/);
    const c = await runCli(["server", "consumer-check", "-s", srv.url, ...SYS]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^Response took \d+\.\d{3}s\nServers: 1\nConsumers: 1\n/);
    expect(c.stdout).toMatch(/│ Consumer\s+│ Stream\s+│ Raft\s+│ Account\s+│ Account ID\s+│ Node\s+│ Delivered \(S,C\)\s+│ ACK Floor \(S,C\)\s+│ Counters\s+│ Status\s+│ Leader\s+│ Stream Cluster Leader\s+│ Peers/);
    expect(c.stdout).toMatch(/│ CHECK_CONSUMER\s+│ CHECK_STREAM\s+│/);
    const partial = await runCli(["server", "stream-check", "--expected=2", "--read-timeout=1", "--stream", "CHECK_STREAM", "-s", srv.url, ...SYS]);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toMatch(/Servers: 1\nWarning: expected 2 responses got 1\nStreams: 1/);
    const csv = await runCli(["server", "consumer-check", "--csv", "-s", srv.url, ...SYS]);
    expect(csv.stdout.split("\n")[0]).toBe("Consumer,Stream,Raft,Account,Account ID,Node,\"Delivered (S,C)\",\"ACK Floor (S,C)\",Counters,Status,Leader,Stream Cluster Leader,Peers");
  });

  it("--stdin --unsynced shows each follower's drift from the leader (natscli's cases)", async () => {
    const input = [streamResp("s1", "ID1", 1000, 10000, 50, 10, 3, 1, 1000), streamResp("s2", "ID2", 990, 9800, 50, 5, 3, 1, 990), streamResp("s3", "ID3", 1010, 10200, 55, 15, 4, 1, 1010)].join("\n");
    const r = await runCli(["server", "stream-check", "--stdin", "--unsynced"], { stdin: `${input}\n` });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.filter((l) => l.includes("s1*")).every((l) => !l.includes("%)"))).toBe(true);
    for (const s of ["990 (-1%)", "9800 (-2%)", "5 (-50%)", "1010 (+1%)", "10200 (+2%)", "55 (+10%)", "15 (+50%)", "4 (+33.33%)"]) expect(r.stdout).toContain(s);
    const zero = await runCli(["server", "stream-check", "--stdin", "--unsynced"], { stdin: [streamResp("s1", "ID1", 1000, 10000, 50, 0, 3, 1, 1000), streamResp("s2", "ID2", 990, 9800, 50, 5, 3, 1, 990)].join("") });
    expect(zero.stdout).toContain("5 (+100%)");
    const c = await runCli(["server", "consumer-check", "--stdin", "--unsynced"], { stdin: [consumerResp("s1", "ID1", 500, 500, 400, 400), consumerResp("s2", "ID2", 490, 490, 380, 380), consumerResp("s3", "ID3", 510, 520, 420, 440)].join("\n") });
    expect(c.code).toBe(0);
    for (const s of ["490 (-2%)", "380 (-5%)", "510 (+2%)", "520 (+4%)", "420 (+5%)", "440 (+10%)"]) expect(c.stdout).toContain(s);
    const cz = await runCli(["server", "consumer-check", "--stdin", "--unsynced"], { stdin: [consumerResp("s1", "ID1", 500, 500, 400, 400), consumerResp("s2", "ID2", 500, 500, 0, 0)].join("\n") });
    expect(cz.stdout).toContain("0 (-100%)");
    const bad = await runCli(["server", "stream-check", "--stdin"], { stdin: "not json" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(cliError(/^invalid JSON on stdin/));
  });
});

describe("--archive with responses captured from this server", () => {
  it("an archive of the real VARZ, CONNZ, JSZ and HEALTHZ answers reads back as the live commands show them", async () => {
    const { writeAuditArchive } = await import("../helpers/audit-archive.js");
    const nc = await connect({ servers: srv.url, user: "app", pass: "pass", name: "archived-client" });
    const line = async (ep: string, ...flags: string[]) => JSON.parse((await runCli(["server", "request", ep, "1", ...flags, "-s", srv.url, ...SYS])).stdout.trim().split("\n")[0]!) as { server: Record<string, string>; data: unknown };
    const [vz, cz, jz, hz] = [await line("variables"), await line("connections", "--filter-account", "APP"), await line("jetstream"), await line("jetstream-health")];
    const tags = (t: string, extra: Record<string, string> = {}) => ({ cluster: "unclustered", server: "s1", artifact_type: t, ...extra });
    const archive = writeAuditArchive([{ tags: tags("variables"), value: vz }, { tags: tags("account_connections", { account: "APP" }), value: cz },
      { tags: tags("jetstream_info"), value: jz }, { tags: tags("health"), value: hz }]);
    await nc.close();
    const r = await runCli(["server", "report", "connections", "--archive", archive]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ \d+\s+│ archived-client\s+│ s1\s+│\s+│ 127\.0\.0\.1\s+│ APP/);
    const info = await runCli(["server", "info", "s1", "--archive", archive]);
    expect(info.stdout).toMatch(/^Server information for s1 \(N[A-Z0-9]{55}\)/);
    expect((await runCli(["server", "report", "health", "--archive", archive])).stdout).toMatch(/│ s1\s+│\s+│\s+│ ok \(200\)/);
    expect((await runCli(["server", "report", "jetstream", "--archive", archive])).code).toBe(0);
  });
});
