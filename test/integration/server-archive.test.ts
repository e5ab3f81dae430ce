import { describe, expect, it } from "vitest";
import { runCli, cliError } from "../helpers/run-cli.js";
import { natscliTestArchive, writeAuditArchive } from "../helpers/audit-archive.js";
import { scratchDir } from "../helpers/scratch.js";
import * as path from "node:path";
import { writeFileSync } from "node:fs";

// natscli's "… archive command" cases (nats/tests/server_command_test.go) over its own createTestArchive; no server runs.
describe("--archive FILE on server info|list|report|request", () => {
  const archive = natscliTestArchive();

  it("report connections, accounts, cpu and mem read the captured connections and variables", async () => {
    const r = await runCli(["server", "report", "connections", "--archive", archive]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ CID\s+│ Name\s+│ Server\s+│ Cluster\s+│ IP/);
    expect(r.stdout).toMatch(/│ 1\s+│ client-1\s+│ s1\s+│ TEST\s+│ 127\.0\.0\.1\s+│ users/);
    expect(r.stdout).toMatch(/│ 2\s+│ client-2\s+│ s1/);
    const a = JSON.parse((await runCli(["server", "report", "accounts", "--json", "--archive", archive])).stdout);
    expect(a).toMatchObject([{ account: "users", connections: 2, in_msgs: 15, server: [{ name: "s1" }] }]);
    expect(JSON.parse((await runCli(["server", "report", "cpu", "--json", "--archive", archive])).stdout)).toEqual({ s1: 1.5 });
    expect((await runCli(["server", "report", "mem", "--archive", archive])).stdout).toMatch(/s1: █+ \(128\.0 MiB\)/);
  });

  it("report gateways, health, jetstream, leafnodes and routes show their tables for s1", async () => {
    const gw = await runCli(["server", "report", "gateways", "--archive", archive]);
    expect(gw.stdout).toMatch(/│ Server\s+│ Name\s+│ Port\s+│ Kind/);
    expect(gw.stdout).toMatch(/│ s1\s+│ TEST/);
    const h = await runCli(["server", "report", "health", "--archive", archive]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/│ s1\s+│ TEST\s+│\s+│ ok \(200\)/);
    const js = await runCli(["server", "report", "jetstream", "--archive", archive]);
    expect(js.code).toBe(0);
    expect(js.stdout).toMatch(/│ s1\s+│ TEST\s+│ 1\s+│ 1\s+│ 10\s+│/);
    expect((await runCli(["server", "report", "leafnodes", "--archive", archive])).stdout).toMatch(/│ Server\s+│ Name\s+│ Account\s+│ Address\s+│ RTT/);
    expect((await runCli(["server", "report", "routes", "--archive", archive])).stdout).toMatch(/│ Server\s+│ Cluster\s+│ Name\s+│ Account\s+│ Address/);
  });

  it("options the archive cannot answer are refused, as natscli refuses --account on report jetstream", async () => {
    const r = await runCli(["server", "report", "jetstream", "--account=foo", "--archive", archive]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(cliError(/^--account cannot be used with --archive/));
    const c = await runCli(["server", "report", "connections", "--subject", "x", "--archive", archive]);
    expect(c.code).toBe(2);
  });

  it("server info and list read the captured variables; request prints the captured responses as lines", async () => {
    const i = await runCli(["server", "info", "--archive", archive]);
    expect(i.code).toBe(0);
    expect(i.stdout).toMatch(/^Server information for s1 \(NABC1234567890/);
    expect(i.stdout).toMatch(/Connections: 5/);
    const none = await runCli(["server", "info", "s9", "--archive", archive]);
    expect(none.code).toBe(7);
    const l = await runCli(["server", "list", "--archive", archive]);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/│ s1\s+│ TEST\s+│ localhost\s+│ 2\.11\.0\s+│ yes\s+│ 5\s+│ 42\s+│/);
    for (const [ep, check] of [["variables", (d: any) => d.connections === 5], ["connections", (d: any) => d.connections.length === 2], ["subscriptions", (d: any) => d.num_subscriptions === 42],
      ["jetstream", (d: any) => d.streams === 1], ["jetstream-health", (d: any) => d.status === "ok"], ["accounts", (d: any) => d.system_account === "SYS"], ["routes", () => true], ["gateways", () => true], ["leafnodes", () => true]] as const) {
      const r = await runCli(["server", "request", ep, "--archive", archive]);
      expect(r.code, ep).toBe(0);
      const line = JSON.parse(r.stdout.trim());
      expect(line.server.name).toBe("s1");
      expect((check as (d: unknown) => boolean)(line.data), ep).toBe(true);
    }
    const flag = await runCli(["server", "request", "jetstream", "--accounts", "--archive", archive]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--accounts cannot be used with --archive/);
  });

  it("report downgrade, stream-check and consumer-check read the captured account JSZ", async () => {
    const d = await runCli(["server", "report", "downgrade", "0", "--json", "--archive", archive]);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual({ streams: [{ account: "users", name: "ORDERS", api_level: 1 }] });
    const all = await runCli(["server", "report", "downgrade", "0", "--all", "--archive", archive]);
    expect(all.stdout).toMatch(/│ users\s+│ ORDERS\*\s+│ SHIP\s+│ 0/);
    const s = await runCli(["server", "stream-check", "--archive", archive]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/Servers: 1\nStreams: 1\n/);
    expect(s.stdout).toMatch(/│ ORDERS\s+│\s+│ users\s+│ users\s+│ s1\*\s+│ 10\s+│ 512/);
    const c = await runCli(["server", "consumer-check", "--archive", archive]);
    expect(c.stdout).toMatch(/Consumers: 1\n/);
    expect(c.stdout).toMatch(/│ SHIP\s+│ ORDERS\s+│/);
  });

  it("a file that is not an audit archive is one clear line", async () => {
    const dir = scratchDir("natsx-archive-bad-");
    const junk = path.join(dir, "junk.zip");
    writeFileSync(junk, "not a zip");
    const r = await runCli(["server", "report", "health", "--archive", junk]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/is not a ZIP archive/);
    const missing = await runCli(["server", "list", "--archive", path.join(dir, "nope.zip")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the archive .*nope\.zip: no such file/);
    const empty = writeAuditArchive([]);
    const e = await runCli(["server", "report", "routes", "--archive", empty]);
    expect(e.code).toBe(7);
    expect(e.stderr).toMatch(/no captured routes data/);
  });
});
