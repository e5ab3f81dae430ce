import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome, testDeps, type CliResult, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { makeNkeyUser, makeOperator, tokenConfig, userPassConfig, WEBSOCKET_CONFIG, type NkeyUser, type OperatorSetup } from "../helpers/auth.js";
import { makePki, tlsConfig, type TestPki } from "../helpers/tls.js";
import { buildConnectPlan, withPlan } from "../../src/context/connect.js";
import { layerSettings } from "../../src/context/resolve.js";

const PASSWORD = "pw-Zq81xLk";
const TOKEN = "tok-Hh72mMv0";
let userPass: NatsServer, token: NatsServer, nkey: NatsServer, operator: NatsServer, tls: NatsServer, mtls: NatsServer;
let nk: NkeyUser, op: OperatorSetup, pki: TestPki;
let secrets: string[];

beforeAll(async () => {
  nk = makeNkeyUser();
  op = await makeOperator();
  pki = makePki();
  [userPass, token, nkey, operator, tls, mtls] = await Promise.all([
    startNatsServer({ config: userPassConfig("bob", PASSWORD) }),
    startNatsServer({ config: tokenConfig(TOKEN) + WEBSOCKET_CONFIG }),
    startNatsServer({ config: nk.config }),
    startNatsServer({ config: op.config }),
    startNatsServer({ config: tlsConfig(pki) }),
    startNatsServer({ config: tlsConfig(pki, { verify: true }) }),
  ]);
  secrets = [PASSWORD, TOKEN, nk.seed, op.userSeed, op.userJwt, op.userJwt.split(".")[2]!];
});
afterAll(async () => {
  await Promise.all([userPass, token, nkey, operator, tls, mtls].map((s) => s?.stop()));
  nk?.cleanup(); op?.cleanup(); pki?.cleanup();
});

/** Publishes through the CLI and checks it worked and printed no secret. */
async function pubOk(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await runCli(["pub", ...args, "auth.test", "hi"], { env });
  expect(r.stderr, `nats pub ${args.join(" ")}`).toMatch(/Published 2 bytes to "auth.test"/);
  expect(r.code).toBe(0);
  noSecrets(r);
  return r;
}

function noSecrets(r: CliResult): void {
  for (const s of secrets) expect(r.stdout + r.stderr).not.toContain(s);
}

/** Saves a context file the way natscli would, then returns the env that uses it. */
function contextEnv(settings: Record<string, unknown>): Record<string, string> {
  const home = tempHome();
  const dir = path.join(home, ".config", "nats", "context");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "t.json"), JSON.stringify(settings));
  return { HOME: home, NATS_CONTEXT: "t" };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

describe("user and password", () => {
  it("connects with flags, env, context and URL user-info", async () => {
    await pubOk(["-s", userPass.url, "--user", "bob", "--password", PASSWORD]);
    await pubOk(["-s", userPass.url], { NATS_USER: "bob", NATS_PASSWORD: PASSWORD });
    await pubOk([], contextEnv({ url: userPass.url, user: "bob", password: PASSWORD }));
    await pubOk(["-s", userPass.url.replace("nats://", `nats://bob:${PASSWORD}@`)]);
    await pubOk([], { ...contextEnv({ url: userPass.url, user: "bob", password: "env://MY_PW" }), MY_PW: PASSWORD });
  });
});

describe("token", () => {
  it("connects with --token, NATS_TOKEN, --user alone, token@ URLs and a context", async () => {
    await pubOk(["-s", token.url, "--token", TOKEN]);
    await pubOk(["-s", token.url], { NATS_TOKEN: TOKEN });
    await pubOk(["-s", token.url, "--user", TOKEN]);
    await pubOk(["-s", token.url.replace("nats://", `nats://${TOKEN}@`)]);
    await pubOk([], contextEnv({ url: token.url, token: TOKEN }));
  });

  it("connects over websocket", async () => {
    await pubOk(["-s", token.wsUrl!, "--token", TOKEN]);
    await pubOk([], contextEnv({ url: token.wsUrl!, token: TOKEN }));
  });
});

describe("nkey", () => {
  it("connects with a seed file by flag, env, context, env:// and data:", async () => {
    await pubOk(["-s", nkey.url, "--nkey", nk.seedFile]);
    await pubOk(["-s", nkey.url], { NATS_NKEY: nk.seedFile });
    await pubOk([], contextEnv({ url: nkey.url, nkey: nk.seedFile }));
    await pubOk(["-s", nkey.url, "--nkey", "env://MY_SEED"], { MY_SEED: nk.seed });
    await pubOk(["-s", nkey.url, "--nkey", `data:;base64,${b64(nk.seed)}`]);
  });
});

describe("operator mode creds", () => {
  it("connects with a .creds file by flag, env, context, file://, env:// and data:", async () => {
    await pubOk(["-s", operator.url, "--creds", op.credsFile]);
    await pubOk(["-s", operator.url], { NATS_CREDS: op.credsFile });
    await pubOk([], contextEnv({ url: operator.url, creds: op.credsFile }));
    await pubOk(["-s", operator.url, "--creds", `file://${op.credsFile}`]);
    await pubOk(["-s", operator.url, "--creds", "env://ALICE_CREDS"], { ALICE_CREDS: op.creds });
    await pubOk([], contextEnv({ url: operator.url, creds: `data:;base64,${b64(op.creds)}` }));
  });

  it("expands ~ and $VAR in a context's creds path", async () => {
    const env = contextEnv({ url: operator.url, creds: "$CREDS_DIR/alice.creds" });
    await pubOk([], { ...env, CREDS_DIR: op.dir });
    const home = env.HOME!;
    writeFileSync(path.join(home, "alice.creds"), op.creds);
    const dir = path.join(home, ".config", "nats", "context");
    writeFileSync(path.join(dir, "t.json"), JSON.stringify({ url: operator.url, creds: "~/alice.creds" }));
    await pubOk([], env);
  });

  it("connects with --jwt and --seed", async () => {
    await pubOk(["-s", operator.url, "--jwt", op.userJwt, "--seed", op.userSeed]);
    await pubOk(["-s", operator.url], { NATS_JWT: op.userJwt, NATS_SEED: op.userSeed });
  });
});

describe("TLS", () => {
  it("connects to a TLS server with --tlsca, NATS_CA or a context", async () => {
    await pubOk(["-s", tls.url, "--tlsca", pki.ca]);
    await pubOk(["-s", tls.url], { NATS_CA: pki.ca });
    await pubOk([], contextEnv({ url: tls.url, ca: pki.ca }));
  });

  it("connects with mutual TLS by flags, env and context", async () => {
    await pubOk(["-s", mtls.url, "--tlsca", pki.ca, "--tlscert", pki.clientCert, "--tlskey", pki.clientKey]);
    await pubOk(["-s", mtls.url], { NATS_CA: pki.ca, NATS_CERT: pki.clientCert, NATS_KEY: pki.clientKey });
    await pubOk([], contextEnv({ url: mtls.url, ca: pki.ca, cert: pki.clientCert, key: pki.clientKey }));
  });
});

/** Runs a failing command and checks the shared rules: one line, no stack, no secret, in time. */
async function fails(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const started = Date.now();
  const r = await runCli(args, { env });
  const elapsed = Date.now() - started;
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(cliError(/^/));
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // every failure must come back within the connect timeout (5s default, 2s where given) plus slack
  expect(elapsed).toBeLessThan(9000);
  noSecrets(r);
  return r;
}

describe("bad inputs: one line, non-zero, no stack trace, no secret", () => {
  it("unknown context", async () => {
    const r = await fails(["pub", "--context", "nope", "x", "y"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('context "nope" (from --context) not found');
  });

  it("malformed context JSON", async () => {
    const env = contextEnv({});
    writeFileSync(path.join(env.HOME!, ".config", "nats", "context", "t.json"), `{ "url": "nats://x", "password": "${PASSWORD}",`);
    const r = await fails(["pub", "x", "y"], env);
    expect(r.stderr).toMatch(/context "t" \(from NATS_CONTEXT\): .*t\.json is not valid JSON/);
  });

  it("missing creds file", async () => {
    const r = await fails(["pub", "-s", operator.url, "--creds", "/no/such/user.creds", "x", "y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("credentials file /no/such/user.creds (from --creds) does not exist");
  });

  it("creds file with garbage", async () => {
    const f = path.join(tempHome(), "garbage.creds");
    writeFileSync(f, `this is not a creds file ${PASSWORD}\n`);
    const r = await fails(["pub", "-s", operator.url, "--creds", f, "x", "y"]);
    expect(r.stderr).toContain("is not a valid NATS credentials file");
  });

  it("nkey file with garbage", async () => {
    const f = path.join(tempHome(), "garbage.nk");
    writeFileSync(f, "SUnotaseed\n");
    const r = await fails(["pub", "-s", nkey.url, "--nkey", f, "x", "y"]);
    expect(r.stderr).toContain("does not hold an nkey seed");
  });

  it("creds of an unknown account: authentication failure naming the method", async () => {
    const r = await fails(["pub", "-s", operator.url, "--creds", op.strangerCredsFile, "x", "y"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("(using credentials");
  });

  it("unreachable server", async () => {
    const r = await fails(["pub", "-s", "nats://127.0.0.1:1", "x", "y"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("connection refused nats://127.0.0.1:1 (from --server)");
  });

  it("wrong password: exit 4, says which auth method and where it came from", async () => {
    const r = await fails(["pub", "-s", userPass.url, "--user", "bob", "--password", "not-the-pw-123", "x", "y"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("authentication failed");
    expect(r.stderr).toContain("user/password (from --user)");
    expect(r.stderr).not.toContain("not-the-pw-123");
    const r2 = await fails(["pub", "x", "y"], contextEnv({ url: userPass.url, user: "bob", password: "wrong-ctx-pw-9" }));
    expect(r2.code).toBe(4);
    expect(r2.stderr).toContain("user/password (from context t)");
    expect(r2.stderr).not.toContain("wrong-ctx-pw-9");
  });

  it("wrong token and no credentials", async () => {
    const r = await fails(["pub", "-s", token.url, "--token", "bad-token-55", "x", "y"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("token (from --token)");
    expect(r.stderr).not.toContain("bad-token-55");
    const r2 = await fails(["pub", "-s", token.url, "x", "y"]);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toContain("no credentials were given");
  });

  it("TLS server without --tlsca", async () => {
    const r = await fails(["pub", "-s", tls.url, "x", "y"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("not signed by a known CA");
    expect(r.stderr).toContain("--tlsca");
  });

  it("TLS server with the wrong CA", async () => {
    const r = await fails(["pub", "-s", tls.url, "--tlsca", pki.otherCa, "x", "y"]);
    expect(r.code).toBe(3);
  });

  it("mTLS server without a client certificate", async () => {
    const r = await fails(["pub", "-s", mtls.url, "--tlsca", pki.ca, "--timeout", "2s", "x", "y"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/timed out connecting to tls:\/\/127\.0\.0\.1:\d+ \(from --server\): the server may require a client certificate — pass --tlscert and --tlskey/);
  });

  it("missing TLS file", async () => {
    const r = await fails(["pub", "-s", tls.url, "--tlsca", "/no/ca.pem", "x", "y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("TLS CA file /no/ca.pem (from --tlsca) does not exist");
  });

  it("invalid URL", async () => {
    const r = await fails(["pub", "-s", `nats://bob:${PASSWORD}@:4222`, "x", "y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid server URL");
    const r2 = await fails(["pub", "-s", "nats://h:1,ws://h:2", "x", "y"]);
    expect(r2.stderr).toContain("cannot mix websocket");
  });

  it("invalid duration", async () => {
    const r = await fails(["pub", "--timeout", "10", "x", "y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('invalid --timeout "10": expected a duration like 500ms, 5s, 1m30s, 2h, 1d or 1w — add a unit, e.g. 10s\n'));
    const r2 = await fails(["pub", "x", "y"], { NATS_TIMEOUT: "soon" });
    expect(r2.stderr).toContain("invalid NATS_TIMEOUT");
  });

  it("unset env:// variable", async () => {
    const r = await fails(["pub", "-s", nkey.url, "--nkey", "env://NOT_SET_HERE", "x", "y"]);
    expect(r.stderr).toContain('env: variable "NOT_SET_HERE" is not set');
  });
});

describe("--trace", () => {
  it("logs the connection without any secret", async () => {
    const url = userPass.url.replace("nats://", `nats://bob:${PASSWORD}@`);
    const r = await runCli(["pub", "--trace", "-s", url, "t", "x"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/>>> Connected to nats:\/\/xxxxx@127\.0\.0\.1:\d+/);
    noSecrets(r);
    const r2 = await runCli(["pub", "--trace", "-s", operator.url, "--creds", op.credsFile, "t", "x"]);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toContain(">>> Connected");
    noSecrets(r2);
  });
});

describe("disconnects during a long-running command", () => {
  it("reports disconnect and reconnect on stderr while the body runs", async () => {
    const server = await startNatsServer();
    const port = server.port;
    const err = new PassThrough();
    let stderr = "";
    err.on("data", (d) => { stderr += String(d); });
    const home = tempHome();
    const deps = testDeps({ err }, { env: {}, configDir: path.join(home, "nats"), cwd: home, homeDir: home });
    const plan = await buildConnectPlan(layerSettings({ server: server.url, context: false }, {}, undefined, home), {});
    const waitFor = async (re: RegExp) => {
      const until = Date.now() + 15_000;
      while (!re.test(stderr)) {
        if (Date.now() > until) throw new Error(`no ${re} in: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    let restarted: NatsServer | undefined;
    try {
      await withPlan(deps, plan, async (nc) => {
        await server.kill();
        await waitFor(/>>> Disconnected from 127\.0\.0\.1:\d+, will attempt reconnect/);
        restarted = await startNatsServer({ args: ["-p", String(port)] });
        await waitFor(/>>> Reconnected to 127\.0\.0\.1:\d+/);
        await nc.flush();
      });
    } finally {
      await server.stop();
      await restarted?.stop();
    }
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d >>> Disconnected/m);
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d >>> Reconnected/m);
  });
});

describe("through the real bin (CommonJS bundle, lazy node:tls/dns, nkeys and tweetnacl, code cache)", () => {
  it("connects over TLS, mTLS, websocket, with creds and with an nkey", async () => {
    const { spawnCli } = await import("../helpers/run-cli.js");
    const runs = await Promise.all([
      spawnCli(["pub", "-s", tls.url, "--tlsca", pki.ca, "a", "b"]),
      spawnCli(["pub", "-s", mtls.url, "--tlsca", pki.ca, "--tlscert", pki.clientCert, "--tlskey", pki.clientKey, "a", "b"]),
      spawnCli(["pub", "-s", token.wsUrl!, "--token", TOKEN, "a", "b"]),
      spawnCli(["pub", "-s", operator.url, "--creds", op.credsFile, "a", "b"]),
      spawnCli(["pub", "-s", nkey.url, "--nkey", nk.seedFile, "a", "b"]),
      spawnCli(["pub", "-s", tls.url, "a", "b"]),
    ]);
    for (const r of runs.slice(0, 5)) {
      expect(r.stderr).toContain('Published 1 bytes to "a"');
      expect(r.code).toBe(0);
    }
    expect(runs[5]!.code).toBe(3);
    expect(runs[5]!.stderr).toContain("not signed by a known CA");
  });
});

describe("credential helpers that are not installed", () => {
  it("op:// and nsc:// say which tool is missing", async () => {
    const env = { PATH: "/nonexistent" };
    const r = await runCli(["pub", "-s", operator.url, "--creds", "op://vault/item/creds", "x", "y"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^credentials op:\/\/vault\/item\/creds \(1Password\) needs the `op` command, which is not installed or not on PATH\n$/));
    const r2 = await runCli(["pub", "-s", operator.url, "--creds", "nsc://O/A/U", "x", "y"], { env });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("needs the `nsc` command");
  });
});
