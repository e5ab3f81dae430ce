import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { decode } from "@nats-io/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliError, startCli } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { authSandbox } from "../helpers/auth-store.js";

const claims = (token: string) => decode(token.trim()) as unknown as { iss: string; sub: string; name: string; nats: Record<string, unknown> };

// One operator, three accounts and a nats-server 2.9 with a FULL resolver that only knows the system account:
// everything else reaches the server through `nats auth account push`.
const sb = authSandbox();
let server: NatsServer;
let jwtDir: string;
const pub = (acct: string) => claims(sb.jwt("OP", "accounts", acct, `${acct}.jwt`)).sub;
const creds = (f: string) => ["--creds", sb.file(f), "-s", server.url];
const run = (...args: string[]) => sb.run(args);

beforeAll(async () => {
  for (const args of [
    ["auth", "operator", "add", "OP"],
    ["auth", "account", "add", "A", "--defaults"],
    ["auth", "account", "add", "B", "--defaults"],
    ["auth", "user", "add", "admin", "SYSTEM", "--defaults", "--credential", "admin.creds"],
    ["auth", "user", "add", "a1", "A", "--defaults", "--credential", "a1.creds"],
    ["auth", "user", "add", "a2", "A", "--defaults", "--credential", "a2.creds"],
    ["auth", "user", "add", "b1", "B", "--defaults", "--credential", "b1.creds"],
  ]) {
    const r = await sb.run(args);
    if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  }
  const dir = sb.file("srv");
  jwtDir = path.join(dir, "jwt");
  const sys = pub("SYSTEM");
  const config = `operator: "${path.join(sb.nsc, "stores", "OP", "OP.jwt")}"
system_account: ${sys}
resolver: { type: full, dir: "${jwtDir}", allow_delete: false, interval: "2m", timeout: "1.9s" }
resolver_preload: { ${sys}: ${sb.jwt("OP", "accounts", "SYSTEM", "SYSTEM.jwt").trim()} }
`;
  server = await startNatsServer({ config, name: "resolver-1" });
});
afterAll(async () => { await server?.stop(); });

/** One message through the CLI: `sub` (until one arrives) with one user, `pub` with another; returns the sub's stdout. */
async function crossing(subCreds: string, subSubject: string, pubCreds: string, pubSubject: string, body: string): Promise<string> {
  const sub = startCli(["sub", subSubject, "--count", "1", ...creds(subCreds)], { env: { HOME: sb.home }, cwd: sb.home });
  await sub.waitFor(/Subscribing on/, { stream: "err" });
  const p = await run("pub", pubSubject, body, ...creds(pubCreds));
  expect(p.code).toBe(0);
  const r = await sub.result;
  expect(r.code).toBe(0);
  return r.stdout;
}

async function push(account: string): Promise<void> {
  const r = await run("auth", "account", "push", account, ...creds("admin.creds"));
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

describe("auth account push and query against a full resolver (nats-server 2.9)", () => {
  it("an account the server does not know is refused; after push its users connect and the resolver holds its JWT", async () => {
    const before = await run("pub", "x", "y", ...creds("a1.creds"));
    expect(before.code).toBe(4);
    const r = await run("auth", "account", "push", "A", ...creds("admin.creds"));
    expect(r).toEqual({ code: 0, stderr: "", stdout: `Updating account A (${pub("A")}) on 1 server(s)\n\n✓ Update completed on resolver-1\n\nSuccess 1 Failed 0 Expected 1\n` });
    expect(readFileSync(path.join(jwtDir, `${pub("A")}.jwt`), "utf8").trim()).toBe(sb.jwt("OP", "accounts", "A", "A.jwt").trim());
    expect((await run("pub", "x", "y", ...creds("a1.creds"))).code).toBe(0);
    await push("B");
  });

  it("query pulls the account from the resolver, shows it and saves the JWT", async () => {
    const r = await run("auth", "account", "query", "A", "a.jwt", ...creds("admin.creds"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Account A \\(${pub("A")}\\)\\n\\nConfiguration:\\n\\n +Name: A\\n`));
    expect(r.stdout).not.toContain("Operator:");
    expect(readFileSync(sb.file("a.jwt"), "utf8")).toBe(sb.jwt("OP", "accounts", "A", "A.jwt").trim());
    const byKey = await run("auth", "account", "query", pub("B"), ...creds("admin.creds"));
    expect(byKey.stdout).toContain(`Account B (${pub("B")})`);
  });

  it("push by a user outside the system account fails: it needs the system account; --show prints the JWT first", async () => {
    const r = await run("auth", "account", "push", "A", "--show", ...creds("a1.creds"));
    expect(r.code).toBe(6);
    expect(r.stdout.startsWith(`Account JWT for A\n\n${sb.jwt("OP", "accounts", "A", "A.jwt").trim()}\n\n`)).toBe(true);
    expect(r.stderr).toBe(cliError("this command needs the system account: connect as a system user (e.g. --context nats_development_system) — `nats server run` starts a local server with one\n"));
  });

  it("a stream exported by A and imported by B carries a message across accounts", async () => {
    const exp = await run("auth", "account", "exports", "add", "events", "events.>", "A");
    expect(exp.code).toBe(0);
    expect(exp.stdout).toBe(`Export info for events exporting events.>

Configuration:

                    Name: events
                    Kind: Stream
                 Subject: events.>
     Activation Required: false
  Account Token Position: 0
              Advertised: false

Revocations:

 No revocations found
`);
    const imp = await run("auth", "account", "imports", "add", "events", "events.>", "B", "--source", "A", "--local", "upstream.>");
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain(`             From Account: A (${pub("A")})\n            Local Subject: upstream.>\n                     Kind: Stream\n           Remote Subject: events.>\n`);
    expect((await run("auth", "account", "exports", "ls", "A")).stdout).toMatch(/│ events │ Stream │ events\.> +│ false +│ false +│ 0 +│ 0 +│/);
    expect((await run("auth", "account", "imports", "ls", "B")).stdout).toMatch(/│ events │ Stream │ A +│ upstream\.> +│ events\.> +│ false +│ false +│/);
    expect(JSON.parse((await run("auth", "account", "imports", "info", "upstream.>", "B", "--json")).stdout)).toEqual({ name: "events", subject: "events.>", account: pub("A"), local_subject: "upstream.>", type: "stream" });
    await push("A");
    await push("B");
    expect(await crossing("b1.creds", "upstream.order", "a1.creds", "events.order", "crossed")).toMatch(/Received on "upstream\.order"\n.*crossed\n/s);
    // removals are refused without a terminal and -f
    expect((await run("auth", "account", "exports", "rm", "events.>", "A")).code).toBe(2);
    expect((await run("auth", "account", "imports", "rm", "upstream.>", "B")).code).toBe(2);
    expect(claims(sb.jwt("OP", "accounts", "B", "B.jwt")).nats.imports).toHaveLength(1);
    expect((await run("auth", "account", "imports", "rm", "upstream.>", "B", "-f")).stdout).toBe(`Removing stream Import for local Subject "upstream.>" imported from Account "${pub("A")}"\n`);
    expect(claims(sb.jwt("OP", "accounts", "B", "B.jwt")).nats.imports).toBeUndefined();
  });

  it("a user issued by a scoped signing key connects with exactly the key's permissions", async () => {
    const sk = await run("auth", "account", "keys", "add", "A", "ops", "--pub-allow", "ops.>", "--sub-allow", "ops.>", "--sub-allow", "_INBOX.>", "--description", "operations");
    expect(sk.code).toBe(0);
    const key = /^Scoped Signing Key (A[A-Z2-7]{55})\n/.exec(sk.stdout)![1]!;
    expect(sk.stdout).toContain("\n  Publish:\n\n                Allow: ops.>\n");
    const u = await run("auth", "user", "add", "worker", "A", "--key", "ops", "--credential", "worker.creds");
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/\n {13}Scoped: true\n/);
    const uc = claims(sb.jwt("OP", "accounts", "A", "users", "worker.jwt"));
    expect(uc.iss).toBe(key);
    expect(uc.nats.issuer_account).toBe(pub("A"));
    expect((await run("auth", "account", "keys", "ls", "A")).stdout).toMatch(new RegExp(`│ ops +│ ${key} │ operations +│ -1 +│ 1 +│ 2 +│`));
    const limits = await run("auth", "user", "edit", "worker", "A", "--payload", "10");
    expect(limits.code).toBe(2);
    await push("A");
    expect((await run("pub", "ops.restart", "now", ...creds("worker.creds"))).code).toBe(0);
    const denied = await run("req", "billing.x", "y", "--timeout", "1s", ...creds("worker.creds"));
    expect(denied.code).toBe(9);
    expect((await run("auth", "account", "keys", "rm", "A", "--key", "ops")).code).toBe(2);
  });

  it("a subject mapping pushed with the account moves messages to the target subject", async () => {
    const add = await run("auth", "account", "mappings", "add", "A", "orders.in", "orders.v2", "100");
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/\n +Source: orders\.in\n +Target: orders\.v2\n +Weight: 100\n/);
    const ls = await run("auth", "account", "mappings", "ls", "A");
    expect(ls.stdout).toContain("Subject mappings for account A");
    expect(ls.stdout).toMatch(/Source Subject │ Target Subject │ Weight │ Cluster/);
    expect(ls.stdout).toMatch(/orders\.in +│ orders\.v2 +│ +100 │/);
    expect((await run("auth", "account", "mappings", "add", "A", "orders.in", "orders.v2")).code).toBe(8);
    expect((await run("auth", "account", "mappings", "add", "A", "orders.in", "orders.v3", "50")).code).toBe(2);
    await push("A");
    expect(await crossing("a2.creds", "orders.v2", "a1.creds", "orders.in", "mapped")).toMatch(/Received on "orders\.v2"\n.*mapped\n/s);
    writeFileSync(sb.file("m.yaml"), "test.a:\n  - subject: test.b\n    weight: 100\n    cluster: c1\n");
    const cfg = await run("auth", "account", "mappings", "add", "A", "--config", "m.yaml");
    expect(cfg.code).toBe(0);
    expect(cfg.stdout).toMatch(/\n +Cluster: c1\n/);
    expect(JSON.parse((await run("auth", "account", "mappings", "info", "A", "test.a", "--json")).stdout)).toEqual({ "test.a": [{ Subject: "test.b", Weight: 100, Cluster: "c1" }] });
    expect((await run("auth", "account", "mappings", "rm", "A", "test.a")).code).toBe(2);
    expect(await run("auth", "account", "mappings", "rm", "A", "test.a", "-f")).toEqual({ code: 0, stdout: "Deleted mapping {test.a}\n", stderr: "" });
  });

  it("user rm --revoke, once pushed, locks the revoked user out while others stay in", async () => {
    expect((await run("pub", "x", "y", ...creds("a1.creds"))).code).toBe(0);
    expect((await run("auth", "user", "rm", "a1", "A", "--revoke", "-f")).code).toBe(0);
    await push("A");
    const r = await run("pub", "x", "y", ...creds("a1.creds"));
    expect(r.code).toBe(4);
    expect((await run("pub", "x", "y", ...creds("a2.creds"))).code).toBe(0);
    expect(existsSync(path.join(jwtDir, `${pub("A")}.jwt`))).toBe(true);
  });
});
