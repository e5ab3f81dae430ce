import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_PORT, serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { runCli, cliError } from "../helpers/run-cli.js";

const ACCOUNTS = `
accounts {
  APP { jetstream: { max_mem: 10MB, max_file: 20MB, max_streams: 5, max_consumers: 7 }, users: [{user: app, password: pass}] }
  NOJS { users: [{user: nojs, password: pass}] }
}
`;
let server: NatsServer;
beforeAll(async () => { server = await startNatsServer({ jetstream: true, config: ACCOUNTS }); });
afterAll(async () => { await server?.stop(); });

describe("account info", () => {
  it("shows the connection, and JetStream usage against the account's limits", async () => {
    const r = await runCli(["account", "info", "-s", server.url, "--user", "app", "--password", "pass"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Account Information\n/);
    expect(r.stdout).toMatch(/Connected Server Version: 2\.\d+\.\d+/);
    expect(r.stdout).toMatch(/Maximum Payload: 1\.0 MiB/);
    expect(r.stdout).toMatch(/Memory: 0 B of 10\.0 MiB/);
    expect(r.stdout).toMatch(/Storage: 0 B of 20\.0 MiB/);
    expect(r.stdout).toMatch(/Streams: 0 of 5/);
    expect(r.stdout).toMatch(/Consumers: 0 of 7/);
    expect(r.stdout).not.toContain("pass");
  });

  // 2.9 has no $SYS.REQ.USER.INFO: the command says so and still shows everything else.
  it.skipIf(serverAtLeast("2.10.0"))("degrades gracefully on servers without $SYS.REQ.USER.INFO", async () => {
    const r = await runCli(["account", "info", "-s", server.url, "--user", "app", "--password", "pass", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.user).toBeNull();
    expect(doc.user_info_unavailable).toMatch(/does not answer \$SYS\.REQ\.USER\.INFO \(needs nats-server 2\.10 or newer\)/);
    expect(doc.jetstream.limits.max_streams).toBe(5);
    const text = await runCli(["account", "info", "-s", server.url, "--user", "app", "--password", "pass"]);
    expect(text.stdout).toMatch(/User: app/);
    expect(text.stdout).toMatch(/User Info: not available: server 2\.9\.\d+ does not answer/);
  });

  it.skipIf(!serverAtLeast("2.10.0"))("shows the user and account from $SYS.REQ.USER.INFO (2.10+)", async () => {
    const r = await runCli(["account", "info", "-s", server.url, "--user", "app", "--password", "pass", "--json"]);
    expect(JSON.parse(r.stdout).user).toMatchObject({ user: "app", account: "APP" });
  });

  it("says why JetStream is not available to an account without it", async () => {
    const r = await runCli(["account", "info", "-s", server.url, "--user", "nojs", "--password", "pass"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/JetStream: not available: JetStream is not enabled for this account/);
  });
});

describe("rtt", () => {
  it("measures each resolved address of each URL", async () => {
    const port = new URL(server.url).port;
    const r = await runCli(["rtt", "3", "-s", `nats://localhost:${port},${server.url}`, "--user", "app", "--password", "pass"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`nats://localhost:${port}:\n\n`);
    expect(r.stdout).toMatch(new RegExp(`^ +nats://127\\.0\\.0\\.1:${port}: \\d+(\\.\\d+)?(µs|ms|s)$`, "m"));
    const j = await runCli(["rtt", "-s", server.url, "--user", "app", "--password", "pass", "--json"]);
    const doc = JSON.parse(j.stdout) as { url: string; results: { address: string; rtt: number; url: string }[] }[];
    expect(doc).toHaveLength(1);
    expect(doc[0]!.url).toBe(server.url);
    expect(doc[0]!.results[0]!.address).toBe(`127.0.0.1:${port}`);
    expect(doc[0]!.results[0]!.rtt).toBeGreaterThan(0);
    expect(Number.isInteger(doc[0]!.results[0]!.rtt)).toBe(true);
  });

  it("reports a failing address and keeps going; all failing exits 3", async () => {
    const dead = REFUSED_PORT;
    const r = await runCli(["rtt", "1", "-s", `${server.url},nats://127.0.0.1:${dead}`, "--user", "app", "--password", "pass", "--timeout", "1s"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`nats://127.0.0.1:${dead}: failed`);
    expect(r.stderr).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d Failed to compute rtt for nats://127\\.0\\.0\\.1:${dead}: connection refused`));
    const all = await runCli(["rtt", "1", "-s", `nats://127.0.0.1:${dead}`, "--timeout", "1s"]);
    expect(all.code).toBe(3);
    expect(all.stderr).toMatch(cliError(/could not compute the round trip to any server/));
  });

  it("rejects a bad iteration count", async () => {
    const r = await runCli(["rtt", "zero", "-s", server.url]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: cliError('invalid iterations "zero": expected a whole number of 1 or more\n') });
  });
});
