import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError } from "../helpers/run-cli.js";
import { APP_USER, SYS_USER, systemAccounts } from "../helpers/accounts.js";
import { scratchDir } from "../helpers/scratch.js";
import { makePki, tlsConfig, type TestPki } from "../helpers/tls.js";

// natscli's nats/tests/account_command_test.go runs on one JetStream server with a system account.
const ACCOUNTS = `server_name: s1\n${systemAccounts("OTHER { jetstream: enabled, users: [{user: other, password: pass}] }")}`;
const SYS = SYS_USER;
const APP = APP_USER;
const OTHER = ["--user", "other", "--password", "pass"];

let srv: NatsServer;
let tlsSrv: NatsServer;
let pki: TestPki;
beforeAll(async () => {
  pki = makePki();
  [srv, tlsSrv] = await Promise.all([startNatsServer({ jetstream: true, config: ACCOUNTS }), startNatsServer({ config: tlsConfig(pki) })]);
}, 30_000);
afterAll(async () => { await Promise.all([srv?.stop(), tlsSrv?.stop()]); pki?.cleanup(); });

describe("account report connections|statistics", () => {
  it("report statistics: natscli's table of this account per server (any user, no system account)", async () => {
    const r = await runCli(["account", "report", "statistics", "-s", srv.url, ...APP]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server Statistics/);
    expect(r.stdout).toMatch(/│ Server\s+│ Cluster\s+│ Version\s+│ Tags\s+│ Connections\s+│ Subscriptions\s+│ Leafnodes\s+│ Sent Bytes/);
    expect(r.stdout).toMatch(/│ 127\.0\.0\.1\s+│\s+│ 2\.\d+\.\d+\s+│\s+│ 1\s+│/);
    const j = JSON.parse((await runCli(["account", "report", "stats", "--json", "-s", srv.url, ...SYS])).stdout);
    expect(j[0]).toMatchObject({ server: { name: "s1" }, stats: { acc: "SYS" } });
  });

  it("report connections lists only the asking account's connections, with natscli's columns", async () => {
    const nc = await connect({ servers: srv.url, user: "app", pass: "pass", name: "app-probe" });
    const other = await connect({ servers: srv.url, user: "other", pass: "pass", name: "other-probe" });
    const r = await runCli(["account", "report", "connections", "-s", srv.url, ...APP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ CID\s+│ Name\s+│ Server\s+│ Cluster\s+│ IP\s+│ Account/);
    expect(r.stdout).toMatch(/│ \d+\s+│ app-probe\s+│ s1\s+│\s+│ 127\.0\.0\.1\s+│ APP/);
    expect(r.stdout).not.toContain("other-probe");
    const j = JSON.parse((await runCli(["account", "report", "conns", "--json", "-s", srv.url, ...OTHER])).stdout) as { name?: string; account: string }[];
    expect(j.map((c) => c.name)).toContain("other-probe");
    expect(j.every((c) => c.account === "OTHER")).toBe(true);
    await Promise.all([nc.close(), other.close()]);
  });
});

describe("account backup DIR and restore DIR", () => {
  it("backs up every stream with its consumers, refuses without -f off a terminal, restores into another account", async () => {
    const nc = await connect({ servers: srv.url, user: "app", pass: "pass" });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
    await jsm.streams.add({ name: "EVENTS", subjects: ["events.>"] });
    await jsm.consumers.add("ORDERS", { durable_name: "SHIP", ack_policy: "explicit" as never });
    const js = jetstream(nc);
    for (let i = 0; i < 30; i++) await js.publish(`orders.${i}`, `order ${i}`);
    for (let i = 0; i < 7; i++) await js.publish("events.x", `event ${i}`);
    await nc.close();
    const dir = path.join(scratchDir("natsx-acct-backup-"), "bk");
    const refused = await runCli(["account", "backup", dir, "-s", srv.url, ...APP]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to back up every stream without confirmation: not running in a terminal/);
    expect(existsSync(dir)).toBe(false);
    const r = await runCli(["account", "backup", dir, "-f", "--check", "-s", srv.url, ...APP]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Performing backup of all streams to .*bk\n\n {4}Streams: 2\n {7}Size: [\d.]+ \w+\n {2}Consumers: 1\n/m);
    expect(r.stdout).toMatch(/Received 30 messages \([\d.]+ \w+\) and 1 consumer configurations for stream "ORDERS"/);
    expect(r.stdout).toMatch(/Received 7 messages \([\d.]+ \w+\) and 0 consumer configurations for stream "EVENTS"/);
    expect(readdirSync(dir).sort()).toEqual(["EVENTS", "ORDERS"]);
    // restoring over the existing streams is refused before anything is written
    const clash = await runCli(["account", "restore", dir, "-s", srv.url, ...APP]);
    expect(clash.code).toBe(8);
    expect(clash.stderr).toMatch(cliError(/^streams "EVENTS", "ORDERS" exist already/));
    const ok = await runCli(["account", "restore", dir, "-s", srv.url, ...OTHER]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Restoring backup of all 2 streams in directory ".*bk"\n\nRestored stream "EVENTS" with 7 messages in .*\nRestored stream "ORDERS" with 30 messages in /);
    const onc = await connect({ servers: srv.url, user: "other", pass: "pass" });
    const ojsm = await jetstreamManager(onc);
    expect((await ojsm.streams.info("ORDERS")).state.messages).toBe(30);
    expect((await ojsm.streams.info("EVENTS")).state.last_seq).toBe(7);
    expect((await ojsm.consumers.info("ORDERS", "SHIP")).config.ack_policy).toBe("explicit");
    expect(new TextDecoder().decode((await ojsm.streams.getMessage("ORDERS", { seq: 12 }))!.data)).toBe("order 11");
    await onc.close();
    const none = await runCli(["account", "backup", path.join(dir, "..", "none"), "-f", "-s", srv.url, ...SYS]);
    expect(none.code).not.toBe(0);
    const notDir = await runCli(["account", "restore", path.join(dir, "nope"), "-s", srv.url, ...APP]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toMatch(/is not a directory/);
  });
});

describe("account tls", () => {
  it("shows the server's chain from the client side, warns (exit 1) on certificates expiring within --expire-warn", async () => {
    const url = tlsSrv.url.replace("nats://", "tls://");
    const r = await runCli(["account", "tls", "--expire-warn", "1h", "-s", url, "--tlsca", pki.ca]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# TLS Verified Chains count: 1\n\n# chain: 1\n# chain=1 cert=1 isCA=false Subject="CN=server"\n#   Expiration: \S+\n#   SAN: DNS Names: \[localhost\]\n#   SAN: IP Addresses: \[127\.0\.0\.1\]\n#   Serial: \d+\n-----BEGIN CERTIFICATE-----\n/);
    expect(r.stdout).toMatch(/# chain=1 cert=2 isCA=true Subject="CN=natsx-test-ca"/);
    // the test certificates live 2 days: the default 1w warning flags them
    const soon = await runCli(["account", "tls", "--no-pem", "-s", url, "--tlsca", pki.ca]);
    expect(soon.code).toBe(1);
    expect(soon.stdout).toMatch(/# EXPIRING SOON: within 1w of /);
    expect(soon.stdout).not.toContain("BEGIN CERTIFICATE");
    expect(soon.stderr).toMatch(cliError(/^cert expiring soon chain=1 cert=1 /));
    const plain = await runCli(["account", "tls", "-s", srv.url, ...APP]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/the connection does not use TLS/);
  });
});
