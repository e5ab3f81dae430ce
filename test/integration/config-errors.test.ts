import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome, type CliResult, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { makeOperator, type OperatorSetup } from "../helpers/auth.js";
import { contextFileError } from "../../src/context/store.js";
import { fileProblem } from "../../src/context/credentials.js";

// A broken context or credential says which context or flag, which file, and the fix, in one line; exit 2.

let operator: NatsServer;
let op: OperatorSetup;

beforeAll(async () => {
  op = await makeOperator();
  operator = await startNatsServer({ config: op.config });
});
afterAll(async () => {
  await operator?.stop();
  op?.cleanup();
});

/** A HOME whose context directory holds `dir.json` as a directory, a `bad.json` that is not JSON, and `good`. */
function brokenHome(): { home: string; ctxDir: string } {
  const home = tempHome();
  const ctxDir = path.join(home, ".config", "nats", "context");
  mkdirSync(path.join(ctxDir, "dir.json"), { recursive: true });
  writeFileSync(path.join(ctxDir, "bad.json"), '{ "url": "nats://127.0.0.1:1", "password": "pw-Hidden-42",');
  writeFileSync(path.join(ctxDir, "good.json"), JSON.stringify({ url: "nats://127.0.0.1:1" }));
  return { home, ctxDir };
}

function usageLine(r: CliResult, text: string): void {
  expect(r.stderr, r.stderr).toContain(cliError(`${text}`));
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/EISDIR|illegal operation|nkeys:/);
  expect(r.code, r.stderr).toBe(2);
}

describe("context files", () => {
  it("a context file that is a directory: names the context, where it was chosen, the file and the fix", async () => {
    const { home, ctxDir } = brokenHome();
    const file = path.join(ctxDir, "dir.json");
    const fix = " is a directory, not a context file — move the directory away, or use another context name";
    usageLine(await runCli(["--context", "dir", "pub", "x", "y"], { env: { HOME: home } }), `context "dir" (from --context): ${file}${fix}`);
    usageLine(await runCli(["pub", "x", "y"], { env: { HOME: home, NATS_CONTEXT: "dir" } }), `context "dir" (from NATS_CONTEXT): ${file}${fix}`);
    usageLine(await runCli(["context", "info", "dir"], { env: { HOME: home } }), `context "dir": ${file}${fix}`);
    writeFileSync(path.join(home, ".config", "nats", "context.txt"), "dir");
    usageLine(await runCli(["pub", "x", "y"], { env: { HOME: home } }), `the selected context "dir": ${file}${fix}`);
  });

  it("selecting a broken context leaves the selection alone", async () => {
    const { home } = brokenHome();
    expect((await runCli(["context", "select", "good"], { env: { HOME: home } })).code).toBe(0);
    const r = await runCli(["context", "select", "dir"], { env: { HOME: home } });
    usageLine(r, 'context "dir": ');
    expect(readFileSync(path.join(home, ".config", "nats", "context.txt"), "utf8").trim()).toBe("good");
  });

  it("a context that is not valid JSON: exit 2, where the error is, never the content", async () => {
    const { home, ctxDir } = brokenHome();
    const r = await runCli(["--context", "bad", "pub", "x", "y"], { env: { HOME: home } });
    usageLine(r, `context "bad" (from --context): ${path.join(ctxDir, "bad.json")} is not valid JSON (line 1, column `);
    expect(r.stderr).toContain("— fix it with `nats context edit bad`, or remove it with `nats context rm bad`");
    expect(r.stderr).not.toContain("pw-Hidden-42");
  });

  it("an unreadable context file says so and how to fix it", () => {
    // root reads any file, so the case is built from the error code the read gives other users
    const e = contextFileError("EACCES", "/h/.config/nats/context/p.json", 'context "p" (from --context)');
    expect([e.message, e.hint, e.exitCode]).toEqual(['context "p" (from --context): /h/.config/nats/context/p.json cannot be read (permission denied)', "give your user read access: chmod u+r /h/.config/nats/context/p.json", 2]);
    expect(fileProblem("EACCES", "/k/u.creds", "--creds")).toEqual(["cannot be read (permission denied)", "give your user read access: chmod u+r /k/u.creds"]);
  });
});

describe("credentials", () => {
  it("--jwt notajwt --seed notaseed: exit 2 naming the flag and the fix, before connecting", async () => {
    const r = await runCli(["pub", "-s", operator.url, "--jwt", "notajwt", "--seed", "notaseed", "x", "y"]);
    usageLine(r, "user JWT (from --jwt) is not a JWT — give the user's JWT (eyJ…) itself, or file://PATH, env://NAME or data:");
    const r2 = await runCli(["pub", "-s", operator.url, "--jwt", op.userJwt, "--seed", "notaseed", "x", "y"]);
    usageLine(r2, "user seed (from --seed) is not a valid nkey seed (invalid encoded key)");
    expect(r2.stderr).not.toContain(op.userJwt);
    const r3 = await runCli(["pub", "-s", operator.url, "x", "y"], { env: { NATS_JWT: op.userJwt, NATS_SEED: "env://MY_SEED", MY_SEED: "SUnot-a-seed" } });
    usageLine(r3, "user seed env://MY_SEED (from env NATS_SEED) is not a valid nkey seed");
  });

  it("a JWT given as a path says to use file://", async () => {
    const dir = tempHome();
    const jwtFile = path.join(dir, "alice.jwt");
    writeFileSync(jwtFile, op.userJwt);
    const r = await runCli(["pub", "-s", operator.url, "--jwt", jwtFile, "--seed", op.userSeed, "x", "y"]);
    usageLine(r, `user JWT (from --jwt) is not a JWT — that is a file: give it as file://${jwtFile}`);
    const ok = await runCli(["pub", "-s", operator.url, "--jwt", `file://${jwtFile}`, "--seed", op.userSeed, "x", "y"]);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("a .creds file with a broken seed or JWT, a directory given as a file", async () => {
    const dir = tempHome();
    const badSeed = path.join(dir, "badseed.creds");
    writeFileSync(badSeed, op.creds.replace(op.userSeed, `${op.userSeed.slice(0, -4)}AAAA`));
    usageLine(await runCli(["pub", "-s", operator.url, "--creds", badSeed, "x", "y"]),
      `credentials ${badSeed} (from --creds) holds a seed that is not a valid nkey seed (invalid checksum) — get a fresh one from whoever issued it`);
    const badJwt = path.join(dir, "badjwt.creds");
    writeFileSync(badJwt, op.creds.replace(op.userJwt, "eyJnot-a-jwt"));
    usageLine(await runCli(["pub", "-s", operator.url, "--creds", badJwt, "x", "y"], { env: { NATS_CREDS: "" } }),
      `credentials ${badJwt} (from --creds) holds a user JWT that is not a JWT`);
    usageLine(await runCli(["pub", "-s", operator.url, "x", "y"], { env: { NATS_CREDS: dir } }),
      `credentials file ${dir} (from env NATS_CREDS) is a directory — name the file itself, not its directory (set by env NATS_CREDS)`);
    usageLine(await runCli(["pub", "-s", operator.url, "--tlsca", dir, "x", "y"]),
      `TLS CA file ${dir} (from --tlsca) is a directory`);
    usageLine(await runCli(["pub", "-s", operator.url, "--tlsca", path.join(dir, "nope.pem"), "x", "y"]),
      `TLS CA file ${path.join(dir, "nope.pem")} (from --tlsca) does not exist — fix the path set by --tlsca`);
  });
});
