import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { decode } from "@nats-io/jwt";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli, tempHome, cliError } from "../helpers/run-cli.js";
import { authSandbox } from "../helpers/auth-store.js";

const claims = (token: string) => decode(token.trim()) as unknown as { iss: string; sub: string; name: string; nats: Record<string, unknown> };

describe("auth operator", () => {
  it("add writes an nsc store natscli reads: .nsc, self-signed operator JWT, SYSTEM account, signing key, 0600 seeds", async () => {
    const sb = authSandbox();
    const r = await sb.run(["auth", "operator", "add", "DEMO"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const op = claims(sb.jwt("DEMO", "DEMO.jwt"));
    const sys = claims(sb.jwt("DEMO", "accounts", "SYSTEM", "SYSTEM.jwt"));
    const sk = (op.nats.signing_keys as string[])[0]!;
    expect(op).toMatchObject({ name: "DEMO", iss: op.sub, nats: { type: "operator", version: 2, system_account: sys.sub } });
    expect(sys).toMatchObject({ name: "SYSTEM", iss: op.sub, nats: { type: "account", version: 2, limits: { conn: -1, subs: -1, payload: -1 } } });
    expect(JSON.parse(readFileSync(path.join(sb.nsc, "stores", "DEMO", ".nsc"), "utf8"))).toEqual({ managed: false, name: "DEMO", kind: "operator", version: "1" });
    expect(r.stdout).toBe(`Operator DEMO (${op.sub})

Configuration:

            Name: DEMO
         Subject: ${op.sub}
        Accounts: 1
  System Account: SYSTEM (${sys.sub})
    Signing Keys: ${sk}
`);
    for (const pub of [op.sub, sys.sub, sk]) {
      const f = path.join(sb.nsc, "keys", "keys", pub[0]!, pub.slice(1, 3), `${pub}.nk`);
      expect(readFileSync(f, "utf8")).toMatch(new RegExp(`^S${pub[0]}[A-Z2-7]{56}$`));
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    expect(statSync(path.join(sb.nsc, "stores", "DEMO", "DEMO.jwt")).mode & 0o777).toBe(0o600);

    const again = await sb.run(["auth", "operator", "add", "DEMO"]);
    expect(again).toEqual({ code: 8, stdout: "", stderr: cliError("operator DEMO already exist\n") });
    const bad = await sb.run(["auth", "operator", "add", "../evil"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(cliError(/^invalid operator name "\.\.\/evil"/));
  });

  it("ls, info --json (seeds masked), select, and refusing to guess between operators without a terminal", async () => {
    const sb = authSandbox();
    expect((await sb.run(["auth", "op", "ls"])).stdout).toBe("No Operators found\n");
    await sb.run(["auth", "operator", "add", "A"]);
    await sb.run(["auth", "operator", "add", "B", "--no-signing-key"]);
    expect(await sb.run(["auth", "op", "ls", "--names"])).toEqual({ code: 0, stdout: "A\nB\n", stderr: "" });
    const table = await sb.run(["auth", "op", "ls"]);
    expect(table.stdout).toMatch(/Name │ Subject +│ Accounts │ Account Server │ Signing Keys/);
    expect(table.stdout).toMatch(/│ B +│ O[A-Z2-7]{55} │ 1 +│ +│ 0 +│/);

    const noPick = await sb.run(["auth", "operator", "info"]);
    expect(noPick.code).toBe(2);
    expect(noPick.stderr).toContain("cannot pick an Operator without a terminal and no operator name supplied");
    const unknown = await sb.run(["auth", "operator", "info", "C"]);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(cliError(/^unknown operator: C/));

    expect(await sb.run(["auth", "operator", "select", "B"])).toEqual({ code: 0, stdout: 'Selected operator "B" as default\n', stderr: "" });
    expect(JSON.parse(readFileSync(sb.file(".config", "nats", "cli", "config.json"), "utf8"))).toEqual({ select_operator: "B" });
    const info = await sb.run(["auth", "operator", "info", "--json"]);
    expect(info.code).toBe(0);
    const doc = JSON.parse(info.stdout);
    expect(doc).toMatchObject({ name: "B", key: { key: expect.stringMatching(/^\*+$/) }, signingKeys: [], accounts: [{ name: "SYSTEM", key: { key: expect.stringMatching(/^\*+$/) }, users: [] }] });
    expect(claims(doc.token).name).toBe("B");
    for (const seed of sb.seeds()) expect(info.stdout).not.toContain(seed);
  });

  it("edit changes tags, service URLs and the account server, and re-signs the JWT", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "E", "--tags", "Prod", "--tags", "eu"]);
    const r = await sb.run(["auth", "operator", "edit", "E", "--tags", "west", "--no-tags", "prod", "--service", "nats://a:4222", "--service", "nats://b:4222", "--account-server", "https://jwt.example.net/jwt/v1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {12}Tags: eu\n {18}west\n  Service URL\(s\): nats:\/\/a:4222, nats:\/\/b:4222\n  Account Server: https:\/\/jwt\.example\.net\/jwt\/v1\n/);
    expect(claims(sb.jwt("E", "E.jwt")).nats).toMatchObject({ tags: ["eu", "west"], operator_service_urls: ["nats://a:4222", "nats://b:4222"], account_server_url: "https://jwt.example.net/jwt/v1" });
    const bad = await sb.run(["auth", "operator", "edit", "E", "--service", "not a url"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(cliError('invalid --service "not a url": expected a URL such as nats://host:4222 or https://host/jwt/v1\n'));
  });

  it("keys add, ls and rm (refused without -f and no terminal; with -f the seed is deleted too)", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "K", "--no-signing-key"]);
    const add = await sb.run(["auth", "operator", "keys", "add", "K"]);
    expect(add.code).toBe(0);
    const key = add.stdout.trim();
    expect(key).toMatch(/^O[A-Z2-7]{55}$/);
    expect(await sb.run(["auth", "op", "sk", "ls", "K"])).toEqual({ code: 0, stdout: `${key}\n`, stderr: "" });
    const seedFile = path.join(sb.nsc, "keys", "keys", "O", key.slice(1, 3), `${key}.nk`);
    expect(existsSync(seedFile)).toBe(true);
    const refused = await sb.run(["auth", "op", "keys", "rm", "K", key]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass -f/--force to confirm");
    expect(claims(sb.jwt("K", "K.jwt")).nats.signing_keys).toEqual([key]);
    expect(await sb.run(["auth", "op", "keys", "rm", "K", key, "-f"])).toEqual({ code: 0, stdout: "Signing key removed\n", stderr: "" });
    expect(claims(sb.jwt("K", "K.jwt")).nats.signing_keys).toBeUndefined();
    expect(existsSync(seedFile)).toBe(false);
    expect((await sb.run(["auth", "op", "keys", "rm", "K", key, "-f"])).code).toBe(7);
  });

  it("backup (encrypted with a curve key) and restore recreate the operator with its accounts and seeds", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "BK"]);
    expect((await sb.run(["auth", "nkey", "gen", "curve", "--output", "bk.xk"])).code).toBe(0);
    const b = await sb.run(["auth", "operator", "backup", "BK", "bk.enc", "--key", "bk.xk"]);
    expect(b).toEqual({ code: 0, stdout: "Wrote backup for BK to bk.enc\n", stderr: "" });
    expect(statSync(sb.file("bk.enc")).mode & 0o777).toBe(0o600);
    expect(readFileSync(sb.file("bk.enc"), "utf8")).toMatch(/^[A-Za-z0-9+/=]+$/);

    const plain = await sb.run(["auth", "operator", "backup", "BK", "bk.json"]);
    expect(plain.stderr).toContain("WARNING: The output file is unencrypted and contains secrets");
    const doc = JSON.parse(readFileSync(sb.file("bk.json"), "utf8"));
    expect(doc.accounts[0].key.key).toMatch(/^SA/);

    const other = authSandbox();
    copyFileSync(sb.file("bk.enc"), other.file("bk.enc"));
    copyFileSync(sb.file("bk.xk"), other.file("bk.xk"));
    const noKey = await other.run(["auth", "operator", "restore", "BK", "bk.enc"]);
    expect(noKey.code).toBe(2);
    const r = await other.run(["auth", "operator", "restore", "BK", "bk.enc", "--key", "bk.xk"]);
    expect(r.code).toBe(0);
    expect(other.jwt("BK", "BK.jwt").trim()).toBe(sb.jwt("BK", "BK.jwt").trim());
    expect(other.jwt("BK", "accounts", "SYSTEM", "SYSTEM.jwt").trim()).toBe(sb.jwt("BK", "accounts", "SYSTEM", "SYSTEM.jwt").trim());
    expect(other.seeds().sort()).toEqual(sb.seeds().sort());
  });

  it("import takes an operator JWT with all its seeds", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "operator", "add", "IMP"]);
    const token = sb.jwt("IMP", "IMP.jwt");
    const c = claims(token);
    const other = authSandbox();
    writeFileSync(other.file("op.jwt"), token);
    const keyFile = (pub: string) => path.join(sb.nsc, "keys", "keys", pub[0]!, pub.slice(1, 3), `${pub}.nk`);
    copyFileSync(keyFile(c.sub), other.file("op.nk"));
    const short = await other.run(["auth", "operator", "import", "op.jwt", "op.nk"]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(cliError(/^not all keys are provided: missing the seed for O/));
    copyFileSync(keyFile((c.nats.signing_keys as string[])[0]!), other.file("sk.nk"));
    const r = await other.run(["auth", "operator", "import", "op.jwt", "op.nk", "sk.nk"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Operator IMP (${c.sub})`);
    expect((await other.run(["auth", "operator", "keys", "add", "IMP"])).code).toBe(0);
  });
});

describe("auth nkey", () => {
  it("gen, show, sign, verify: a seed only goes where it was asked to", async () => {
    const sb = authSandbox();
    const gen = await sb.run(["auth", "nkey", "gen", "user", "--output", "u.nk"]);
    expect(gen).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(statSync(sb.file("u.nk")).mode & 0o777).toBe(0o600);
    const seed = readFileSync(sb.file("u.nk"), "utf8").trim();
    expect(seed).toMatch(/^SU[A-Z2-7]{56}$/);
    const show = await sb.run(["auth", "nkey", "show", "u.nk"]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^U[A-Z2-7]{55}\n$/);
    const toStdout = await sb.run(["auth", "nk", "gen", "account", "--public"]);
    expect(toStdout.stdout).toMatch(/^SA[A-Z2-7]{56}\nA[A-Z2-7]{55}\n$/);
    const entropy = await sb.run(["auth", "nkey", "gen", "operator", "--entropy", "/dev/urandom"]);
    expect(entropy.stdout).toMatch(/^SO[A-Z2-7]{56}\n$/);

    writeFileSync(sb.file("data.txt"), "important data\n");
    const sign = await sb.run(["auth", "nkey", "sign", "data.txt", "u.nk"]);
    expect(sign.code).toBe(0);
    expect(sign.stdout).toMatch(/^[A-Za-z0-9_-]{86}\n$/);
    writeFileSync(sb.file("data.sig"), sign.stdout);
    writeFileSync(sb.file("u.pub"), show.stdout);
    expect(await sb.run(["auth", "nkey", "verify", "data.txt", "data.sig", "u.pub"])).toEqual({ code: 0, stdout: "Verified OK\n", stderr: "" });
    writeFileSync(sb.file("data.txt"), "tampered\n");
    const bad = await sb.run(["auth", "nkey", "verify", "data.txt", "data.sig", "u.pub"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(cliError(/^the signature in data\.sig does not match data\.txt/));
    const badType = await sb.run(["auth", "nkey", "gen", "banana"]);
    expect(badType.code).toBe(2);
    const missing = await sb.run(["auth", "nkey", "show", "nope.nk"]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: cliError("key file nope.nk does not exist\n") });
    for (const r of [show, sign, bad]) expect(r.stdout + r.stderr).not.toContain(seed);
  });

  it("seal and unseal between two curve keys (base64 and raw)", async () => {
    const sb = authSandbox();
    await sb.run(["auth", "nkey", "gen", "curve", "--output", "alice.xk"]);
    await sb.run(["auth", "nkey", "gen", "x25519", "--output", "bob.xk"]);
    const alice = (await sb.run(["auth", "nkey", "show", "alice.xk"])).stdout.trim();
    const bob = (await sb.run(["auth", "nkey", "show", "bob.xk"])).stdout.trim();
    expect(alice).toMatch(/^X/);
    writeFileSync(sb.file("secret.txt"), "the plans");
    expect((await sb.run(["auth", "nkey", "seal", "secret.txt", "alice.xk", bob, "--output", "secret.enc"])).code).toBe(0);
    expect(readFileSync(sb.file("secret.enc"), "utf8")).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(await sb.run(["auth", "nkey", "unseal", "secret.enc", "bob.xk", alice])).toEqual({ code: 0, stdout: "the plans\n", stderr: "" });
    const wrong = await sb.run(["auth", "nkey", "unseal", "secret.enc", "alice.xk", alice]);
    expect(wrong.code).toBe(1);
    expect((await sb.run(["auth", "nkey", "seal", "secret.txt", "alice.xk", bob, "--no-b64", "--output", "raw.enc"])).code).toBe(0);
    expect((await sb.run(["auth", "nkey", "open", "raw.enc", "bob.xk", alice, "--no-b64", "--output", "out.txt"])).code).toBe(0);
    expect(readFileSync(sb.file("out.txt"), "utf8")).toBe("the plans");
    const notCurve = await sb.run(["auth", "nkey", "seal", "secret.txt", "alice.xk", "UABC"]);
    expect(notCurve.code).toBe(2);
  });
});

describe("auth in the built bin", () => {
  it("signs with the bundled @nats-io/jwt and reads a YAML mappings file with yaml from node_modules", async () => {
    const sb = authSandbox();
    const env = { HOME: sb.home };
    expect((await spawnCli(["auth", "operator", "add", "BIN"], { env, cwd: sb.home })).code).toBe(0);
    expect((await spawnCli(["auth", "account", "add", "A", "--defaults"], { env, cwd: sb.home })).code).toBe(0);
    writeFileSync(sb.file("m.yaml"), "test.a:\n  - subject: test.b\n    weight: 100\n    cluster: test_cluster\n");
    const r = await spawnCli(["auth", "account", "mappings", "add", "A", "--config", "m.yaml"], { env, cwd: sb.home });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ +Source: test\.a\n +Target: test\.b\n +Weight: 100\n +Cluster: test_cluster\n/);
    expect(claims(sb.jwt("BIN", "accounts", "A", "A.jwt")).nats.mappings).toEqual({ "test.a": [{ subject: "test.b", weight: 100, cluster: "test_cluster" }] });
  });
});

describe("auth help", () => {
  it("every auth command's --help shows an example", async () => {
    const { buildProgram } = await import("../../src/program.js");
    const { ALL_COMMANDS } = await import("../../src/commands/loaders.js");
    const { findInvocation } = await import("../../src/commands/registry.js");
    const { testDeps } = await import("../helpers/run-cli.js");
    const program = await buildProgram(testDeps(), findInvocation(["auth"]), ALL_COMMANDS);
    const auth = program.commands.find((c) => c.name() === "auth")!;
    const leaves: string[][] = [];
    const walk = (c: typeof auth, p: string[]) => {
      if (c.commands.length === 0) leaves.push(p);
      for (const s of c.commands) walk(s, [...p, s.name()]);
    };
    walk(auth, ["auth"]);
    expect(leaves.length).toBeGreaterThanOrEqual(16);
    mkdirSync(tempHome(), { recursive: true });
    for (const leaf of leaves) {
      const r = await runCli([...leaf, "--help"]);
      expect(r.code, leaf.join(" ")).toBe(0);
      expect(r.stdout, leaf.join(" ")).toMatch(/\nExamples:\n {2}nats auth /);
    }
  });
});
