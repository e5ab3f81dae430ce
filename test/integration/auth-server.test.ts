import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { decode } from "@nats-io/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { startCli } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { authSandbox } from "../helpers/auth-store.js";

const claims = (token: string) => decode(token.trim()) as unknown as { iss: string; sub: string; name: string; exp?: number; nats: Record<string, unknown> };

type Sandbox = ReturnType<typeof authSandbox>;

/** The account JWTs of an operator in the store, by name. */
function accountJwts(sb: Sandbox, op: string): Record<string, string> {
  const dir = path.join(sb.nsc, "stores", op, "accounts");
  return Object.fromEntries(readdirSync(dir).map((a) => [a, readFileSync(path.join(dir, a, `${a}.jwt`), "utf8").trim()]));
}

/** nats-server operator-mode config from what natsx wrote: the operator JWT file and a MEMORY resolver preloading every account. */
function memoryResolverConfig(sb: Sandbox, op: string): string {
  const opJwt = path.join(sb.nsc, "stores", op, `${op}.jwt`);
  const sys = claims(readFileSync(opJwt, "utf8")).nats.system_account as string;
  const preload = Object.values(accountJwts(sb, op)).map((t) => `  ${claims(t).sub}: ${t}`).join("\n");
  return `operator: "${opJwt}"\nsystem_account: ${sys}\nresolver: MEMORY\nresolver_preload: {\n${preload}\n}\n`;
}

const servers: NatsServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

/** Subscribes with the CLI until one message arrives, publishes one with the CLI, and returns the subscriber's result. */
async function roundTrip(sb: Sandbox, server: NatsServer, subCreds: string, pubCreds: string, subSubject: string, pubSubject: string, body: string) {
  const sub = startCli(["sub", subSubject, "--count", "1", "-s", server.url, "--creds", sb.file(subCreds)], { env: { HOME: sb.home }, cwd: sb.home });
  await sub.waitFor(/Subscribing on/, { stream: "err" });
  const pub = await sb.run(["pub", pubSubject, body, "-s", server.url, "--creds", sb.file(pubCreds)]);
  expect(pub.code).toBe(0);
  return sub.result;
}

describe("auth account and user, against nats-server in operator mode", () => {
  it("a user natsx created connects with the credential natsx wrote, and its permissions hold", async () => {
    const sb = authSandbox();
    expect((await sb.run(["auth", "operator", "add", "OP"])).code).toBe(0);
    const acct = await sb.run(["auth", "account", "add", "APP", "--operator", "OP", "--defaults"]);
    expect(acct.code).toBe(0);
    expect(acct.stdout).toMatch(/^Account APP \(A[A-Z2-7]{55}\)\n\nConfiguration:\n\n {19}Name: APP\n/);
    expect(acct.stdout).toMatch(/\n {9}System Account: false\n/);
    expect(acct.stdout).toMatch(/\n  Bearer Tokens Allowed: false\n/);
    const alice = await sb.run(["auth", "user", "add", "alice", "APP", "--defaults", "--credential", "alice.creds", "--pub-allow", "orders.>", "--sub-allow", "orders.>", "--sub-allow", "_INBOX.>"]);
    expect(alice.code).toBe(0);
    expect(alice.stdout).toMatch(/\n {16}Allow: orders\.>\n/);
    expect(alice.stdout).toContain("\n  Publish:\n\n                Allow: orders.>\n");
    expect(statSync(sb.file("alice.creds")).mode & 0o777).toBe(0o600);
    const creds = readFileSync(sb.file("alice.creds"), "utf8");
    const seed = /-----BEGIN USER NKEY SEED-----\n(SU[A-Z2-7]+)\n/.exec(creds)![1]!;
    for (const r of [acct, alice]) expect(r.stdout).not.toContain(seed);
    expect((await sb.run(["auth", "user", "add", "bob", "APP", "--defaults", "--credential", "bob.creds"])).code).toBe(0);

    const server = await startNatsServer({ config: memoryResolverConfig(sb, "OP") });
    servers.push(server);
    const got = await roundTrip(sb, server, "bob.creds", "alice.creds", "orders.new", "orders.new", "one order");
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/Received on "orders\.new"\n.*one order\n/s);

    // alice may not publish outside orders.>: the server says so
    const denied = await sb.run(["req", "payments.x", "y", "-s", server.url, "--creds", sb.file("alice.creds"), "--timeout", "1s"]);
    expect(denied.code).toBe(9);
    expect(denied.stderr).toMatch(/permission denied: publish to "payments\.x"/i);

    // a credential with --expire carries exp; the stored user does not
    const exp = await sb.run(["auth", "user", "credential", "short.creds", "bob", "APP", "--expire", "1h"]);
    expect(exp).toEqual({ code: 0, stdout: "Wrote credential for bob to short.creds\n", stderr: "" });
    const shortJwt = /-----BEGIN NATS USER JWT-----\n(\S+)\n/.exec(readFileSync(sb.file("short.creds"), "utf8"))![1]!;
    expect(claims(shortJwt).exp).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(claims(sb.jwt("OP", "accounts", "APP", "users", "bob.jwt")).exp).toBeUndefined();
    const again = await sb.run(["auth", "user", "credential", "short.creds", "bob", "APP"]);
    expect(again.code).toBe(8);
  });

  it("account add/edit set the limits natscli sets; user edit changes only what was given; ls and info", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "L"]);
    const add = await sb.run(["auth", "account", "add", "JS", "--jetstream", "--js-disk", "1GB", "--js-memory", "256MB", "--js-streams", "5", "--connections", "10", "--payload", "1MB", "--tags", "Team-A", "--defaults"]);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/\n {15}Maximum Streams: 5\n/);
    expect(add.stdout).toMatch(/\n {14}Max File Storage: 1\.0 GiB\n/);
    const js = claims(sb.jwt("L", "accounts", "JS", "JS.jwt"));
    expect(js.nats.limits).toMatchObject({ conn: 10, payload: 1048576, disk_storage: 1073741824, mem_storage: 268435456, streams: 5, consumer: -1, disallow_bearer: true });
    expect(js.nats.tags).toEqual(["team-a"]);
    const noJs = await sb.run(["auth", "account", "add", "NOQ", "--jetstream", "--defaults"]);
    expect(noJs.code).toBe(2);
    expect(noJs.stderr).toContain("JetStream requires maximum Disk and Memory usage set");

    const edit = await sb.run(["auth", "account", "edit", "JS", "--subscriptions", "100", "--bearer"]);
    expect(edit.code).toBe(0);
    expect(claims(sb.jwt("L", "accounts", "JS", "JS.jwt")).nats.limits).toMatchObject({ conn: 10, subs: 100, disk_storage: 1073741824, streams: 5 });
    expect(claims(sb.jwt("L", "accounts", "JS", "JS.jwt")).nats.limits).not.toHaveProperty("disallow_bearer", true);

    const ls = await sb.run(["auth", "account", "ls", "--names"]);
    expect(ls).toEqual({ code: 0, stdout: "JS\nSYSTEM\n", stderr: "" });
    const table = await sb.run(["auth", "account", "ls"]);
    expect(table.stdout).toMatch(/│ JS +│ A[A-Z2-7]{55} │ 0 +│ true +│ +│/);
    expect(table.stdout).toMatch(/│ SYSTEM +│ A[A-Z2-7]{55} │ 0 +│ +│ true +│/);
    expect((await sb.run(["auth", "account", "info", "NOPE"])).code).toBe(7);
    expect((await sb.run(["auth", "account", "info"])).code).toBe(2);

    await sb.run(["auth", "user", "add", "u1", "JS", "--defaults", "--subscriptions", "7", "--locale", "Europe/Malta"]);
    const e = await sb.run(["auth", "user", "edit", "u1", "JS", "--pub-deny", "secret.>"]);
    expect(e.code).toBe(0);
    // natscli's edit would reset the subscriptions and locale to the flag defaults; natsx keeps them
    expect(claims(sb.jwt("L", "accounts", "JS", "users", "u1.jwt")).nats).toMatchObject({ subs: 7, times_location: "Europe/Malta", pub: { deny: ["secret.>"] } });
    const users = await sb.run(["auth", "user", "ls", "JS"]);
    expect(users.stdout).toMatch(/│ u1 +│ U[A-Z2-7]{55} │ false +│ ✓ +│ +│ 7 +│/);
    const info = await sb.run(["auth", "user", "info", "u1", "JS", "--json"]);
    expect(JSON.parse(info.stdout)).toEqual({ name: "u1", key: { key: expect.stringMatching(/^\*+$/) }, token: expect.stringMatching(/^\*+$/) });
  });

  it("user rm is refused without a terminal, removes JWT and seed with -f, and --revoke records the revocation", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "R"]);
    await sb.run(["auth", "account", "add", "A", "--defaults"]);
    await sb.run(["auth", "user", "add", "gone", "A", "--defaults"]);
    const sub = claims(sb.jwt("R", "accounts", "A", "users", "gone.jwt")).sub;
    const seedFile = path.join(sb.nsc, "keys", "keys", "U", sub.slice(1, 3), `${sub}.nk`);
    expect(existsSync(seedFile)).toBe(true);
    const refused = await sb.run(["auth", "user", "rm", "gone", "A"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to remove user gone without confirmation");
    expect(await sb.run(["auth", "user", "rm", "gone", "A", "--revoke", "-f"])).toEqual({ code: 0, stdout: "Removed user gone\n", stderr: "" });
    expect(existsSync(path.join(sb.nsc, "stores", "R", "accounts", "A", "users", "gone.jwt"))).toBe(false);
    expect(existsSync(seedFile)).toBe(false);
    expect(Object.keys(claims(sb.jwt("R", "accounts", "A", "A.jwt")).nats.revocations as object)).toEqual([sub]);
    expect((await sb.run(["auth", "account", "info", "A"])).stdout).toMatch(/\n {12}Revocations: 1\n/);
    expect((await sb.run(["auth", "user", "info", "gone", "A"])).code).toBe(7);
  });
});
