import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { runCli, spawnCli, startCli } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let env: Record<string, string>;
let n = 0;
/** A unique name per test (streams, buckets, subjects). */
const uniq = (p = "S") => `${p}${++n}`;
const nats = (args: string[], o: Parameters<typeof runCli>[1] = {}) => runCli(args, { ...o, env: { ...env, ...o.env } });

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  env = { NATS_URL: server.url };
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** A stream over `<prefix>.>` holding the given messages, in order. */
async function streamWith(prefix: string, msgs: { subject: string; data: string | Uint8Array; headers?: Record<string, string> }[]): Promise<string> {
  const name = uniq("ST");
  await jsm.streams.add({ name, subjects: [`${prefix}.>`] });
  const js = jetstream(nc);
  for (const m of msgs) {
    const h = m.headers ? headers() : undefined;
    for (const [k, v] of Object.entries(m.headers ?? {})) h!.set(k, v);
    await js.publish(m.subject, m.data, { headers: h });
  }
  return name;
}

describe("--jq on every command with --json", () => {
  it("filters a one-shot document, prints strings raw, and implies --json", async () => {
    const p = uniq("jq");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: "1" }, { subject: `${p}.b`, data: "2" }]);
    let r = await nats(["stream", "info", s, "--jq", ".config.name, .state.messages, .config.subjects"]);
    expect(r).toEqual({ code: 0, stdout: `${s}\n2\n["${p}.>"]\n`, stderr: "" });
    r = await nats(["stream", "ls", "--jq", `.[] | select(. == "${s}")`]);
    expect(r).toEqual({ code: 0, stdout: `${s}\n`, stderr: "" });
  });

  it("runs per record on NDJSON streams (sub --json), in order", async () => {
    const p = uniq("jq");
    const s = await streamWith(p, [1, 2, 3].map((i) => ({ subject: `${p}.o${i}`, data: JSON.stringify({ total: i * 60 }) })));
    const r = await nats(["sub", "--stream", s, "--all", "-T", "--jq", "(.data | fromjson | .total) as $t | \"\\(.subject) \\($t)\""]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${p}.o1 60\n${p}.o2 120\n${p}.o3 180\n`);
    // a live core subscription: each record is filtered as it arrives
    const sub = startCli(["sub", `${p}.live`, "--jq", ".data", "--count", "2"], { env });
    await sub.waitFor("Subscribing on", { stream: "err" });
    nc.publish(`${p}.live`, "first");
    await sub.waitFor("first\n");
    nc.publish(`${p}.live`, "second");
    expect(await sub.result).toMatchObject({ code: 0, stdout: "first\nsecond\n" });
  });

  it("a bad filter is exit 2 with jq's message before anything runs; a filter failing on a record is exit 1 after the rest", async () => {
    let r = await nats(["stream", "ls", "--jq", ".[] |"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "nats: error: invalid --jq filter: jq: error: syntax error, unexpected end of file at <top-level>, line 1, column 5 — see the jq manual, https://jqlang.org/manual/\n" });
    // no connection is tried for a bad filter
    r = await runCli(["stream", "ls", "--jq", "nosuch(1)", "-s", "nats://127.0.0.1:1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nosuch/1 is not defined");
    const p = uniq("jq");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: '{"n":1}' }, { subject: `${p}.b`, data: "text" }, { subject: `${p}.c`, data: '{"n":3}' }]);
    r = await nats(["sub", "--stream", s, "--all", "-T", "--jq", ".data | fromjson | .n"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("1\n3\n");
    expect(r.stderr).toContain("jq: error (at record 2): Invalid literal at EOF at line 1, column 4 (while parsing 'text')\n");
    expect(r.stderr).toMatch(/nats: error: the --jq filter failed on 1 record \(jq's errors are above\)\n$/);
  });

  it("works through the real bin (jq-wasm loaded from node_modules next to the bundle)", async () => {
    const p = uniq("jq");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: "x" }]);
    const r = await spawnCli(["stream", "info", s, "--jq", ".state.messages"], { env });
    expect(r).toEqual({ code: 0, stdout: "1\n", stderr: "" });
  });
});
