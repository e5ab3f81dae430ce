import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { createUser as createNkeyUser } from "@nats-io/nkeys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli, tempHome, type CliResult, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { makeNkeyUser, makeOperator, tokenConfig, userPassConfig, type NkeyUser, type OperatorSetup } from "../helpers/auth.js";

// Every credential form × a successful and a failed login × every output path: nothing the user keeps secret may
// appear on stdout or stderr — not the password, token, seed or JWT, not the base64 of an embedded (data:) one.

const PASSWORD = "pw-Scan-7Yq2";
const WRONG_PASSWORD = "pw-Wrong-5Kd8";
const TOKEN = "tok-Scan-Qm41";
const WRONG_TOKEN = "tok-Wrong-Zx93";

let userPass: NatsServer, token: NatsServer, nkey: NatsServer, operator: NatsServer;
let nk: NkeyUser, op: OperatorSetup;
let otherSeed: string;
let files: string;
let secrets: string[];

const b64 = (s: string) => Buffer.from(s).toString("base64");
const dataUri = (s: string) => `data:;base64,${b64(s)}`;

beforeAll(async () => {
  nk = makeNkeyUser();
  op = await makeOperator();
  otherSeed = new TextDecoder().decode(createNkeyUser().getSeed());
  [userPass, token, nkey, operator] = await Promise.all([
    startNatsServer({ config: userPassConfig("bob", PASSWORD) }),
    startNatsServer({ config: tokenConfig(TOKEN) }),
    startNatsServer({ config: nk.config }),
    startNatsServer({ config: op.config }),
  ]);
  files = tempHome();
  writeFileSync(path.join(files, "other.nk"), `${otherSeed}\n`);
  writeFileSync(path.join(files, "alice.jwt"), op.userJwt);
  writeFileSync(path.join(files, "alice.seed"), op.userSeed);
  writeFileSync(path.join(files, "mallory.jwt"), op.strangerJwt);
  writeFileSync(path.join(files, "mallory.seed"), op.strangerSeed);
  const raw = [PASSWORD, WRONG_PASSWORD, TOKEN, WRONG_TOKEN, nk.seed, otherSeed, op.userSeed, op.userJwt, op.strangerSeed, op.strangerJwt];
  // the signature alone, and a slice of every base64 form a data: URI would carry
  const parts = [op.userJwt, op.strangerJwt].map((j) => j.split(".")[2]!);
  const embedded = [op.creds, op.strangerCreds, nk.seed, otherSeed, `${nk.seed}\n`, `${otherSeed}\n`, op.userJwt, op.userSeed, op.strangerJwt, op.strangerSeed]
    .map((t) => b64(t).slice(8, 40));
  secrets = [...raw, ...parts, ...embedded];
});
afterAll(async () => {
  await Promise.all([userPass, token, nkey, operator].map((s) => s?.stop()));
  nk?.cleanup();
  op?.cleanup();
});

/** One way of logging in: global flags, NATS_* variables, and the context "t" it runs with. */
interface Login {
  server: () => NatsServer;
  args?: () => string[];
  env?: () => Record<string, string>;
  /** Settings of context "t" besides its url (saved as a file). */
  context?: () => Record<string, string>;
  /** Flags for `nats context add t --embed …` (the context is made by the CLI itself). */
  embed?: () => string[];
}

/** A credential form: a login that works, one that the server refuses, and what the failure names it as. */
interface Form { name: string; ok: Login; bad: Login; shownAs: string }

const url = (s: () => NatsServer, cred: string) => s().url.replace("nats://", `nats://${cred}@`);

const FORMS: Form[] = [
  { name: "creds file", shownAs: "(using credentials /",
    ok: { server: () => operator, args: () => ["--creds", op.credsFile] },
    bad: { server: () => operator, args: () => ["--creds", op.strangerCredsFile] } },
  { name: "creds data: URI", shownAs: "(using credentials embedded data (from --creds))",
    ok: { server: () => operator, args: () => ["--creds", dataUri(op.creds)] },
    bad: { server: () => operator, args: () => ["--creds", dataUri(op.strangerCreds)] } },
  { name: "NATS_CREDS data:", shownAs: "(using credentials embedded data (from env NATS_CREDS))",
    ok: { server: () => operator, env: () => ({ NATS_CREDS: dataUri(op.creds) }) },
    bad: { server: () => operator, env: () => ({ NATS_CREDS: dataUri(op.strangerCreds) }) } },
  { name: "creds env://", shownAs: "(using credentials env://SCAN_CREDS (from --creds))",
    ok: { server: () => operator, args: () => ["--creds", "env://SCAN_CREDS"], env: () => ({ SCAN_CREDS: op.creds }) },
    bad: { server: () => operator, args: () => ["--creds", "env://SCAN_CREDS"], env: () => ({ SCAN_CREDS: op.strangerCreds }) } },
  { name: "--nkey file", shownAs: "(using nkey /",
    ok: { server: () => nkey, args: () => ["--nkey", nk.seedFile] },
    bad: { server: () => nkey, args: () => ["--nkey", path.join(files, "other.nk")] } },
  { name: "--nkey data:", shownAs: "(using nkey embedded data (from --nkey))",
    ok: { server: () => nkey, args: () => ["--nkey", dataUri(nk.seed)] },
    bad: { server: () => nkey, args: () => ["--nkey", dataUri(otherSeed)] } },
  { name: "--jwt/--seed literal", shownAs: "(using user JWT and seed (from --jwt))",
    ok: { server: () => operator, args: () => ["--jwt", op.userJwt, "--seed", op.userSeed] },
    bad: { server: () => operator, args: () => ["--jwt", op.strangerJwt, "--seed", op.strangerSeed] } },
  { name: "--jwt/--seed data:", shownAs: "(using user JWT and seed (from --jwt))",
    ok: { server: () => operator, args: () => ["--jwt", dataUri(op.userJwt), "--seed", dataUri(op.userSeed)] },
    bad: { server: () => operator, args: () => ["--jwt", dataUri(op.strangerJwt), "--seed", dataUri(op.strangerSeed)] } },
  { name: "NATS_JWT/NATS_SEED", shownAs: "(using user JWT and seed (from env NATS_JWT))",
    ok: { server: () => operator, env: () => ({ NATS_JWT: op.userJwt, NATS_SEED: op.userSeed }) },
    bad: { server: () => operator, env: () => ({ NATS_JWT: op.strangerJwt, NATS_SEED: op.strangerSeed }) } },
  { name: "--user/--password", shownAs: "(using user/password (from --user))",
    ok: { server: () => userPass, args: () => ["--user", "bob", "--password", PASSWORD] },
    bad: { server: () => userPass, args: () => ["--user", "bob", "--password", WRONG_PASSWORD] } },
  { name: "NATS_USER/NATS_PASSWORD", shownAs: "(using user/password (from env NATS_USER))",
    ok: { server: () => userPass, env: () => ({ NATS_USER: "bob", NATS_PASSWORD: PASSWORD }) },
    bad: { server: () => userPass, env: () => ({ NATS_USER: "bob", NATS_PASSWORD: WRONG_PASSWORD }) } },
  { name: "URL user-info (--server)", shownAs: "nats://xxxxx@127.0.0.1:",
    ok: { server: () => userPass, args: () => ["-s", url(() => userPass, `bob:${PASSWORD}`)] },
    bad: { server: () => userPass, args: () => ["-s", url(() => userPass, `bob:${WRONG_PASSWORD}`)] } },
  { name: "URL user-info (NATS_URL)", shownAs: "nats://xxxxx@127.0.0.1:",
    ok: { server: () => userPass, env: () => ({ NATS_URL: url(() => userPass, `bob:${PASSWORD}`) }) },
    bad: { server: () => userPass, env: () => ({ NATS_URL: url(() => userPass, `bob:${WRONG_PASSWORD}`) }) } },
  { name: "context password", shownAs: "(using user/password (from context t))",
    ok: { server: () => userPass, context: () => ({ user: "bob", password: PASSWORD }) },
    bad: { server: () => userPass, context: () => ({ user: "bob", password: WRONG_PASSWORD }) } },
  { name: "--token", shownAs: "(using token (from --token))",
    ok: { server: () => token, args: () => ["--token", TOKEN] },
    bad: { server: () => token, args: () => ["--token", WRONG_TOKEN] } },
  { name: "NATS_TOKEN", shownAs: "(using token (from env NATS_TOKEN))",
    ok: { server: () => token, env: () => ({ NATS_TOKEN: TOKEN }) },
    bad: { server: () => token, env: () => ({ NATS_TOKEN: WRONG_TOKEN }) } },
  { name: "token URL", shownAs: "nats://xxxxx@127.0.0.1:",
    ok: { server: () => token, args: () => ["-s", url(() => token, TOKEN)] },
    bad: { server: () => token, args: () => ["-s", url(() => token, WRONG_TOKEN)] } },
  { name: "context --embed creds", shownAs: "(using credentials embedded data (from context t))",
    ok: { server: () => operator, embed: () => ["--creds", op.credsFile] },
    bad: { server: () => operator, embed: () => ["--creds", op.strangerCredsFile] } },
  { name: "context --embed nkey", shownAs: "(using nkey embedded data (from context t))",
    ok: { server: () => nkey, embed: () => ["--nkey", nk.seedFile] },
    bad: { server: () => nkey, embed: () => ["--nkey", path.join(files, "other.nk")] } },
  { name: "context --embed JWT and seed", shownAs: "(using user JWT and seed (from context t))",
    ok: { server: () => operator, embed: () => ["--jwt", path.join(files, "alice.jwt"), "--seed", path.join(files, "alice.seed")] },
    bad: { server: () => operator, embed: () => ["--jwt", path.join(files, "mallory.jwt"), "--seed", path.join(files, "mallory.seed")] } },
];

function noSecrets(r: CliResult, what: string): void {
  const text = r.stdout + r.stderr;
  for (const s of secrets) expect(text, `${what} shows a secret`).not.toContain(s);
  expect(text, `${what} shows a data: URI`).not.toMatch(/data:[^\s]*,/);
  // "-----BEGIN" in base64, wherever a .creds document would start
  expect(text, `${what} shows an embedded .creds`).not.toContain("LS0tLS1CRUdJTi");
}

/** A HOME with context "t" for the login (made by `context add --embed` when the form embeds), and the env to run with. */
async function prepare(login: Login): Promise<{ env: Record<string, string>; args: string[] }> {
  const home = tempHome();
  const env = { HOME: home, ...(login.env?.() ?? {}) };
  if (login.embed) {
    const r = await runCli(["context", "add", "t", "--server", login.server().url, ...login.embed(), "--embed"], { env: { HOME: home } });
    expect(r.code, r.stderr).toBe(0);
    noSecrets(r, "context add --embed");
  } else {
    const dir = path.join(home, ".config", "nats", "context");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "t.json"), JSON.stringify({ url: login.server().url, ...(login.context?.() ?? {}) }));
  }
  return { env, args: login.args?.() ?? [] };
}

/** An output path: how to run it, and what a successful and a refused login look like there. */
interface Mode {
  name: string;
  run(args: string[], env: Record<string, string>): Promise<CliResult>;
  ok(r: CliResult): void;
  bad(r: CliResult, form: Form): void;
}

const authFailedLine = (r: CliResult, form: Form) => {
  expect(r.stderr, form.name).toMatch(cliError(/^authentication failed /));
  expect(r.stderr, form.name).toContain(form.shownAs);
};

const MODES: Mode[] = [
  { name: "plain",
    run: (args, env) => runCli(["--context", "t", "pub", ...args, "scan.x", "hi"], { env }),
    ok: (r) => { expect(r.stderr).toContain('Published 2 bytes to "scan.x"'); expect(r.code).toBe(0); },
    bad: (r, form) => { expect(r.code).toBe(4); authFailedLine(r, form); expect(r.stderr.trim().split("\n")).toHaveLength(1); } },
  { name: "--json",
    run: (args, env) => runCli(["--context", "t", "rtt", "1", "--json", ...args], { env }),
    ok: (r) => { expect(r.code, r.stderr).toBe(0); expect(JSON.parse(r.stdout)[0].results[0].error).toBeUndefined(); },
    bad: (r, form) => {
      expect(r.code).toBe(3);
      const error = JSON.parse(r.stdout)[0].results[0].error as string;
      expect(error, form.name).toMatch(/^authentication failed /);
      expect(error, form.name).toContain(form.shownAs);
    } },
  { name: "--trace",
    run: (args, env) => runCli(["--context", "t", "pub", "--trace", ...args, "scan.x", "hi"], { env }),
    ok: (r) => { expect(r.stderr).toContain(">>> Connected to nats://"); expect(r.code).toBe(0); },
    bad: (r, form) => { expect(r.code).toBe(4); authFailedLine(r, form); } },
  { name: "NATS_DEBUG=1",
    run: (args, env) => runCli(["--context", "t", "pub", ...args, "scan.x", "hi"], { env: { ...env, NATS_DEBUG: "1" } }),
    ok: (r) => { expect(r.code).toBe(0); },
    bad: (r, form) => { expect(r.code).toBe(4); authFailedLine(r, form); expect(r.stderr, "a stack trace follows").toMatch(/\n\s+at /); } },
  { name: "context info --connect --json",
    run: (args, env) => runCli(["context", "info", "t", "--connect", "--json", ...args], { env }),
    ok: (r) => { expect(r.code, r.stderr).toBe(0); expect(JSON.parse(r.stdout).connection).toBe("OK"); },
    bad: (r, form) => {
      expect(r.code).toBe(4);
      const conn = JSON.parse(r.stdout).connection as string;
      expect(conn, form.name).toMatch(/^authentication failed /);
      expect(conn, form.name).toContain(form.shownAs);
    } },
  { name: "context validate --connect",
    run: (args, env) => runCli(["context", "validate", "t", "--connect", ...args], { env }),
    ok: (r) => { expect(r.code, r.stderr).toBe(0); expect(r.stdout).toMatch(/Connection: OK/); },
    bad: (r, form) => {
      expect(r.code).toBe(1);
      expect(r.stdout, form.name).toMatch(/Connection: authentication failed /);
      expect(r.stdout.replace(/\s+/g, " "), form.name).toContain(form.shownAs);
    } },
];

describe("secret scan: every credential form, good and refused logins", () => {
  for (const mode of MODES) {
    it(`${mode.name}: names each credential, shows none`, async () => {
      for (const form of FORMS) {
        for (const good of [true, false]) {
          const { env, args } = await prepare(good ? form.ok : form.bad);
          const r = await mode.run(args, env);
          const what = `${mode.name}, ${form.name}, ${good ? "good" : "refused"} login`;
          noSecrets(r, what);
          try {
            if (good) mode.ok(r); else mode.bad(r, form);
          } catch (e) {
            throw new Error(`${what}: ${(e as Error).message}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
          }
        }
      }
    });
  }

  it("through the real bin with NATS_DEBUG=1: the stack trace holds no secret either", async () => {
    const runs: { what: string; r: Promise<CliResult> }[] = [];
    for (const form of FORMS) {
      const { env, args } = await prepare(form.bad);
      runs.push({ what: form.name, r: spawnCli(["--context", "t", "pub", ...args, "scan.x", "hi"], { env: { ...env, NATS_DEBUG: "1" } }) });
      // a few at a time: two cores
      if (runs.length % 4 === 0) await Promise.all(runs.map((x) => x.r));
    }
    for (const { what, r } of runs) {
      const res = await r;
      noSecrets(res, `bin NATS_DEBUG=1, ${what}`);
      expect(res.code, `${what}: ${res.stderr}`).toBe(4);
      expect(res.stderr, what).toMatch(/\n\s+at /);
    }
  });
});

describe("credentials given where they do not belong are not echoed", () => {
  it("a seed or JWT passed as a file path, a .creds document pasted into --creds", async () => {
    const runs = await Promise.all([
      runCli(["pub", "-s", nkey.url, "--nkey", nk.seed, "x", "y"]),
      runCli(["pub", "-s", operator.url, "--creds", op.userJwt, "x", "y"]),
      runCli(["pub", "-s", operator.url, "--creds", op.creds, "x", "y"]),
      runCli(["pub", "-s", operator.url, "--jwt", op.userJwt, "--seed", "SUnot-a-seed", "x", "y"]),
      runCli(["pub", "-s", nkey.url, "--nkey", `data:;base64,${b64(`not a seed ${nk.seed.slice(0, 20)}`)}`, "x", "y"]),
      runCli(["pub", "-s", nkey.url, "--nkey", "env://SCAN_SEED", "x", "y"], { env: { SCAN_SEED: `garbage ${PASSWORD}` } }),
    ]);
    for (const [i, r] of runs.entries()) {
      noSecrets(r, `run ${i}`);
      expect(r.stderr, `run ${i}`).not.toContain(nk.seed.slice(0, 20));
      expect(r.code, `run ${i}: ${r.stderr}`).not.toBe(0);
    }
    expect(runs[0]!.stderr).toMatch(cliError(/^nkey file \*+ \(from --nkey\) does not exist/));
    expect(runs[4]!.stderr).toContain("nkey embedded data (from --nkey) does not hold an nkey seed");
    expect(runs[5]!.stderr).toContain("nkey env://SCAN_SEED (from --nkey) does not hold an nkey seed");
    // natscli saves such a context (and marks the file as unreadable): so do we, without echoing the seed
    const saved = await runCli(["context", "add", "t2", "--server", nkey.url, "--nkey", nk.seed]);
    noSecrets(saved, "context add --nkey SEED");
    expect(saved.stdout).toMatch(/NKey: \*+ \(ERROR\)/);
  });
});
