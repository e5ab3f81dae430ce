import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli } from "../helpers/run-cli.js";

// natscli's nats/tests/server_command_test.go runs these with --user=sys --password=pass on one JetStream server.
const ACCOUNTS = `
server_name: s1
accounts {
  SYS { users: [{user: sys, password: pass}] }
  APP { jetstream: enabled, users: [{user: app, password: pass}] }
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
    expect(r.stderr).toMatch(/^nats: error: server check server needs --name NAME/);
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
