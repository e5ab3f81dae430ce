import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli, tempHome, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// What is missing is named, with the command that lists what exists (exit 7); a mistyped command names the one
// it most likely meant (exit 2). One line each.

let server: NatsServer;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  for (const args of [["stream", "add", "S1", "--subjects", "s1", "--defaults"], ["kv", "add", "B1"], ["object", "add", "O1"]]) {
    const r = await runCli([...args, "-s", server.url]);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await server?.stop();
});

describe("not found: named, with the command that lists them (exit 7)", () => {
  const cases: [string[], string][] = [
    [["stream", "info", "NOPE"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["stream", "rm", "NOPE", "-f"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["stream", "purge", "NOPE", "-f"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["stream", "get", "S1", "99"], 'message 99 not found in stream "S1" — `nats stream info S1` shows its first and last sequence and subjects'],
    [["consumer", "info", "S1", "NOPE"], 'consumer "NOPE" not found in stream "S1" — `nats consumer ls S1` lists them'],
    [["consumer", "rm", "S1", "NOPE", "-f"], 'consumer "NOPE" not found in stream "S1" — `nats consumer ls S1` lists them'],
    [["consumer", "next", "S1", "NOPE"], 'consumer "NOPE" not found in stream "S1" — `nats consumer ls S1` lists them'],
    [["consumer", "info", "NOPE", "C"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["consumer", "add", "NOPE", "C", "--pull", "--defaults"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["sub", "--stream", "NOPE"], 'stream "NOPE" not found — `nats stream ls` lists them'],
    [["kv", "get", "NOPE", "k"], 'Key-Value bucket "NOPE" not found — `nats kv ls` lists them'],
    [["kv", "get", "B1", "nokey"], 'key "nokey" not found in bucket "B1" — `nats kv ls B1` lists them'],
    [["kv", "history", "B1", "nokey"], 'key "nokey" not found in bucket "B1" — `nats kv ls B1` lists them'],
    [["object", "info", "NOPE"], 'Object Store bucket "NOPE" not found — `nats object ls` lists them'],
    [["object", "get", "O1", "nofile"], 'object "nofile" not found in bucket "O1" — `nats object ls O1` lists them'],
    [["object", "rm", "O1", "nofile", "-f"], 'object "nofile" not found in bucket "O1" — `nats object ls O1` lists them'],
    [["context", "info", "nope"], 'context "nope" not found — `nats context ls` lists them'],
    [["--context", "nope", "pub", "x", "y"], 'context "nope" (from --context) not found — `nats context ls` lists them, or use --no-context'],
  ];
  it("streams, consumers, messages, buckets, keys, objects and contexts", async () => {
    const home = tempHome();
    for (const [args, text] of cases) {
      const r = await runCli([...args, "-s", server.url], { env: { HOME: home } });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(" ")).toEqual({ code: 7, stdout: "", stderr: cliError(`${text}\n`) });
    }
  });
});

describe("unknown commands, sub-commands and flags: the nearest one (exit 2)", () => {
  const cases: [string[], string][] = [
    [["strem", "ls"], "unknown command 'strem' — did you mean `nats stream`?"],
    [["publsh", "x", "y"], "unknown command 'publsh' — did you mean `nats publish`?"],
    [["foo"], "unknown command 'foo' — `nats --help` lists the commands"],
    [["stream", "lss"], "unknown stream command 'lss' — did you mean `nats stream ls`?"],
    [["kv", "gett", "b", "k"], "unknown kv command 'gett' — did you mean `nats kv get`?"],
    [["server", "pnig"], "unknown server command 'pnig' — did you mean `nats server ping`?"],
    [["pub", "x", "y", "--cont", "3"], "unknown option '--cont' — did you mean --count?"],
  ];
  it("in process", async () => {
    for (const [args, text] of cases) {
      const r = await runCli(args);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(" ")).toEqual({ code: 2, stdout: "", stderr: cliError(`${text}\n`) });
    }
  });
  it("through the real bin", async () => {
    const r = await spawnCli(["strem", "ls"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: cliError("unknown command 'strem' — did you mean `nats stream`?\n") });
  });
});
