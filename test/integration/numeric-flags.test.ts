import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { runCli, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// Every numeric flag goes through one validation (src/util/flags.ts, sizes in util/size.ts, waits in
// util/duration.ts): a bad number is a usage error naming the flag, and nothing is sent or created.

let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  const r = await runCli(["stream", "add", "NUM", "--subjects", "num.>", "--defaults", "-s", server.url]);
  expect(r.code, r.stderr).toBe(0);
  expect((await runCli(["consumer", "add", "NUM", "C", "--pull", "--defaults", "-s", server.url])).code).toBe(0);
  expect((await runCli(["kv", "add", "NUMKV", "-s", server.url])).code).toBe(0);
  expect((await runCli(["object", "add", "NUMOB", "-s", server.url])).code).toBe(0);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** [argv, the flag the error names, the value it quotes] */
const BAD: [string[], string, string][] = [
  [["pub", "num.a", "x", "--count", "-5"], "--count", "-5"],
  [["pub", "num.a", "x", "--count", "0"], "--count", "0"],
  [["pub", "num.a", "x", "--count", "1.5"], "--count", "1.5"],
  [["pub", "num.a", "x", "--count", "1e3"], "--count", "1e3"],
  [["pub", "num.a", "x", "--count", "99999999999999999999"], "--count", "99999999999999999999"],
  [["pub", "num.a", "x", "--count", "ten"], "--count", "ten"],
  [["pub", "num.a", "x", "--count", "2", "--sleep", "-1s"], "--sleep", "-1s"],
  [["pub", "num.a", "x", "--count", "2", "--sleep", "30d"], "--sleep", "30d"],
  [["pub", "num.a", "x", "--timeout", "30d"], "--timeout", "30d"],
  [["req", "num.a", "x", "--count", "-1"], "--count", "-1"],
  [["req", "num.a", "x", "--replies", "0.5"], "--replies", "0.5"],
  [["sub", "num.a", "--count", "-1"], "--count", "-1"],
  [["sub", "num.a", "--report-subjects", "--report-top", "0"], "--report-top", "0"],
  [["sub", "num.a", "--wait", "40d"], "--wait", "40d"],
  [["sub", "--stream", "NUM", "--start-sequence", "0"], "--start-sequence", "0"],
  [["reply", "num.a", "x", "--count", "1.5"], "--count", "1.5"],
  [["stream", "add", "NUM2", "--subjects", "num2", "--defaults", "--replicas", "0"], "--replicas", "0"],
  [["stream", "add", "NUM2", "--subjects", "num2", "--defaults", "--max-msgs", "-5"], "--max-msgs", "-5"],
  [["stream", "add", "NUM2", "--subjects", "num2", "--defaults", "--max-bytes", "-5"], "--max-bytes", "-5"],
  [["stream", "add", "NUM2", "--subjects", "num2", "--defaults", "--max-msg-size", "1e3"], "--max-msg-size", "1e3"],
  [["stream", "add", "NUM2", "--subjects", "num2", "--defaults", "--max-consumers", "2.5"], "--max-consumers", "2.5"],
  [["stream", "get", "NUM", "1.5"], "sequence", "1.5"],
  [["stream", "rmm", "NUM", "-1", "-f"], "sequence", "-1"],
  [["stream", "purge", "NUM", "-f", "--seq", "0"], "--seq", "0"],
  [["consumer", "add", "NUM", "C2", "--pull", "--defaults", "--max-deliver", "-5"], "--max-deliver", "-5"],
  [["consumer", "add", "NUM", "C2", "--pull", "--defaults", "--sample", "101"], "--sample", "101"],
  [["consumer", "add", "NUM", "C2", "--pull", "--defaults", "--replicas", "9"], "--replicas", "9"],
  [["consumer", "next", "NUM", "C", "--count", "0"], "--count", "0"],
  [["kv", "add", "NUMKV2", "--history", "0"], "--history", "0"],
  [["kv", "add", "NUMKV2", "--replicas", "6"], "--replicas", "6"],
  [["kv", "add", "NUMKV2", "--max-value-size", "3GB"], "--max-value-size", "3GB"],
  [["kv", "get", "NUMKV", "k", "--revision", "0"], "--revision", "0"],
  [["object", "put", "NUMOB", "-", "--name", "n", "--chunk-size", "0"], "--chunk-size", "0"],
  [["object", "add", "NUMOB2", "--replicas", "1.0"], "--replicas", "1.0"],
  [["bench", "pub", "num.b", "--clients", "0"], "--clients", "0"],
  [["bench", "pub", "num.b", "--msgs", "1e3"], "--msgs", "1e3"],
  [["bench", "pub", "num.b", "--size", "-1"], "--size", "-1"],
  [["server", "status", "--expect-servers", "0"], "--expect-servers", "0"],
  [["server", "check", "jetstream", "--mem-warn", "-5"], "--mem-warn", "-5"],
  [["server", "run", "--port", "70000"], "--port", "70000"],
  [["rtt", "-3"], "iterations", "-3"],
];

describe("numeric flags", () => {
  it("a bad number is one usage line naming the flag; nothing is published or created", async () => {
    const msgs: Msg[] = [];
    const sub = nc.subscribe("num.>", { callback: (_e, m) => { msgs.push(m); } });
    await nc.flush();
    for (const [args, flag, value] of BAD) {
      const r = await runCli([...args, "-s", server.url], { stdin: "data" });
      const what = args.join(" ");
      expect(r.stderr, what).toMatch(cliError(new RegExp(`^invalid ${flag} "${value.replace(/[.+]/g, "\\$&")}": `)));
      expect(r.stderr.trim().split("\n"), what).toHaveLength(1);
      expect(r.stdout, what).toBe("");
      expect(r.code, what).toBe(2);
    }
    await nc.flush();
    sub.unsubscribe();
    expect(msgs.map((m) => m.subject)).toEqual([]);
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const n of jsm.streams.names()) names.push(n);
    expect(names.sort()).toEqual(["KV_NUMKV", "NUM", "OBJ_NUMOB"]);
    const consumers: string[] = [];
    for await (const c of jsm.consumers.list("NUM")) consumers.push(c.name);
    expect(consumers).toEqual(["C"]);
    expect((await jsm.streams.info("NUM")).state.messages).toBe(0);
  });

  it("the limits' -1 still means unlimited, and good numbers work", async () => {
    const r = await runCli(["stream", "add", "NUM3", "--subjects", "num3", "--defaults", "--max-msgs", "-1", "--max-bytes", "-1", "--max-msgs-per-subject", "+5", "-s", server.url]);
    expect(r.code, r.stderr).toBe(0);
    const cfg = (await (await jetstreamManager(nc)).streams.info("NUM3")).config;
    expect([cfg.max_msgs, cfg.max_bytes, cfg.max_msgs_per_subject]).toEqual([-1, -1, 5]);
    const p = await runCli(["pub", "num3", "x", "--count", "3", "-s", server.url]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain("Published 1 bytes to \"num3\"");
  });
});
