import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { cliError, runCli, spawnCli, startCli } from "../helpers/run-cli.js";
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
    expect(r).toEqual({ code: 2, stdout: "", stderr: cliError("invalid --jq filter: jq: error: syntax error, unexpected end of file at <top-level>, line 1, column 5 — see the jq manual, https://jqlang.org/manual/\n") });
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
    expect(r.stderr).toMatch(cliError(/the --jq filter failed on 1 record \(jq's errors are above\)\n$/));
  });

  it("works through the real bin (jq-wasm loaded from node_modules next to the bundle)", async () => {
    const p = uniq("jq");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: "x" }]);
    const r = await spawnCli(["stream", "info", s, "--jq", ".state.messages"], { env });
    expect(r).toEqual({ code: 0, stdout: "1\n", stderr: "" });
  });
});

describe("--format: one line per message from a template", () => {
  it("sub: message fields, a header, base64/hex of a binary body, template functions, tabs", async () => {
    const p = uniq("fmt");
    const sub = startCli(["sub", `${p}.>`, "--count", "2", "--format", '{{Count}} {{.Subject}} {{.Reply}} {{.Size}} {{.Header "Trace-Id"}}\\t{{.Data}}|{{.Base64}}|{{.Hex}}'], { env });
    await sub.waitFor("Subscribing on", { stream: "err" });
    const h = headers();
    h.set("Trace-Id", "t-1");
    nc.publish(`${p}.a`, "hi", { headers: h, reply: "rep.x" });
    nc.publish(`${p}.b`, new Uint8Array([0, 255, 10]));
    const r = await sub.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`1 ${p}.a rep.x 2 t-1\thi|aGk=|6869\n2 ${p}.b  3 \t\u0000\ufffd\n|AP8K|00ff0a\n`);
  });

  it("stream get, stream view (no terminal: every message, no pages), JetStream sub: Seq, Stream and the stored Time", async () => {
    const p = uniq("fmt");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: "one" }, { subject: `${p}.b`, data: "two", headers: { K: "v" } }]);
    const stored = await jsm.streams.getMessage(s, { seq: 2 });
    let r = await nats(["stream", "get", s, "2", "--format", '{{.Stream}}#{{.Seq}} {{.Subject}} {{.Header "K"}} {{.Data}} {{.Time}}']);
    expect(r).toEqual({ code: 0, stdout: `${s}#2 ${p}.b v two ${stored!.time.toISOString()}\n`, stderr: "" });
    r = await nats(["stream", "view", s, "--format", "{{.Seq}}:{{.Data}}"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("1:one\n2:two\n");
    r = await nats(["sub", "--stream", s, "--all", "-T", "--format", "{{.Stream}} {{.Seq}} {{.Time}}"]);
    expect(r.stdout.split("\n")[1]).toBe(`${s} 2 ${stored!.time.toISOString()}`);
  });

  it("kv get, kv watch and object ls have their own fields", async () => {
    const b = uniq("FMT");
    expect((await nats(["kv", "add", b])).code).toBe(0);
    await nats(["kv", "put", b, "app.color", "blue"]);
    await nats(["kv", "put", b, "app.size", "10"]);
    let r = await nats(["kv", "get", b, "app.color", "--format", "{{.Bucket}} {{.Key}}={{.Data}} r{{.Revision}} {{.Operation}}"]);
    expect(r).toEqual({ code: 0, stdout: `${b} app.color=blue r1 PUT\n`, stderr: "" });
    const w = startCli(["kv", "watch", b, "--format", "{{.Operation}} {{.Key}}={{.Data}}"], { env });
    await w.waitFor("PUT app.size=10\n");
    await nats(["kv", "del", b, "app.color", "-f"]);
    await w.waitFor("DEL app.color=\n");
    w.abort();
    expect((await w.result).stdout).toBe("PUT app.color=blue\nPUT app.size=10\nDEL app.color=\n");
    const o = uniq("OBJ");
    expect((await nats(["obj", "add", o])).code).toBe(0);
    expect((await nats(["obj", "put", o, "-", "--name", "a.txt"], { stdin: "hello" })).code).toBe(0);
    r = await nats(["obj", "ls", o, "--format", "{{.Name}} {{.Size}} {{.Chunks}} {{.Digest}}"]);
    expect(r).toEqual({ code: 0, stdout: "a.txt 5 1 SHA-256=LPJNul-wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\n", stderr: "" });
  });

  it("a bad template is exit 2 naming it, before connecting", async () => {
    const r = await runCli(["sub", "x", "--format", "{{.Nope}}", "-s", "nats://127.0.0.1:1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^invalid --format template "\{\{\.Nope\}\}": function "Nope" not defined — fields: \{\{\.Subject\}\}/));
  });
});

describe("--where: keep the records a jq filter holds for", () => {
  it("sub (core and JetStream): over the --json record with data parsed when it is JSON; --count counts what is shown", async () => {
    const p = uniq("wh");
    const orders = [
      { subject: `${p}.eu`, data: '{"total":120}' },
      { subject: `${p}.us`, data: '{"total":500}' },
      { subject: `${p}.eu`, data: '{"total":20}' },
      { subject: `${p}.eu`, data: "not json" },
      { subject: `${p}.eu`, data: '{"total":101}' },
    ];
    const s = await streamWith(p, orders);
    const filter = `.subject == "${p}.eu" and .data.total > 100`;
    let r = await nats(["sub", "--stream", s, "--all", "-T", "--where", filter, "--format", "{{.Seq}}"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("1\n5\n");
    // the text body made the filter fail: reported once, skipped
    expect(r.stderr).toContain('--where filter failed on a record, which is skipped: Cannot index string with string ("total")');
    r = await nats(["sub", "--stream", s, "--all", "-T", "--where", `.data.total? > 100`, "--count", "2", "--json"]);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).sequence)).toEqual([1, 2]);
    const live = startCli(["sub", `${p}.live.>`, "--where", '.headers.Prio[0] == "high"', "--count", "1", "--format", "{{.Data}}"], { env });
    await live.waitFor("Subscribing on", { stream: "err" });
    const h = headers();
    h.set("Prio", "high");
    nc.publish(`${p}.live.1`, "low");
    nc.publish(`${p}.live.2`, "high one", { headers: h });
    expect(await live.result).toMatchObject({ code: 0, stdout: "high one\n" });
  });

  it("stream view, kv watch and kv ls", async () => {
    const p = uniq("wh");
    const s = await streamWith(p, [{ subject: `${p}.a`, data: '{"n":1}' }, { subject: `${p}.b`, data: '{"n":2}' }]);
    let r = await nats(["stream", "view", s, "--where", ".data.n == 2", "--raw"]);
    expect(r.stdout).toBe('{"n":2}\n');
    const b = uniq("WH");
    await nats(["kv", "add", b]);
    await nats(["kv", "put", b, "f.one", '{"enabled":true}']);
    await nats(["kv", "put", b, "f.two", '{"enabled":false}']);
    await nats(["kv", "put", b, "f.three", '{"enabled":true}']);
    r = await nats(["kv", "ls", b, "--where", ".value.enabled"]);
    expect(r).toEqual({ code: 0, stdout: "f.one\nf.three\n", stderr: "" });
    r = await nats(["kv", "ls", "--where", `.bucket == "${b}"`, "--names"]);
    expect(r.stdout).toBe(`${b}\n`);
    const w = startCli(["kv", "watch", b, "--where", ".value.enabled == false", "--format", "{{.Key}}"], { env });
    await w.waitFor("f.two\n");
    await nats(["kv", "put", b, "f.one", '{"enabled":false}']);
    await w.waitFor("f.one\n");
    w.abort();
    expect((await w.result).stdout).toBe("f.two\nf.one\n");
  });
});

describe("assertions on req and service request: their own exit codes and one line each", () => {
  it("--expect-data, --expect-header, --expect-jq, --fail-on-service-error", async () => {
    const p = uniq("as");
    const sub = nc.subscribe(`${p}.>`, {
      callback: (_e, m) => {
        const h = headers();
        h.set("X-Ver", "1.2");
        if (m.subject.endsWith(".err")) { h.set("Nats-Service-Error", "boom"); h.set("Nats-Service-Error-Code", "500"); }
        m.respond(JSON.stringify({ ok: true, n: 7 }), { headers: h });
      },
    });
    await nc.flush();
    let r = await nats(["req", `${p}.a`, "x", "--raw", "--expect-data", '"ok":true', "--expect-header", "X-Ver=^1\\.", "--expect-jq", ".data.n == 7", "--fail-on-service-error"]);
    expect(r).toEqual({ code: 0, stdout: '{"ok":true,"n":7}\n', stderr: "" });
    r = await nats(["req", `${p}.a`, "x", "--raw", "--expect-data", "^nope"]);
    expect(r).toEqual({ code: 20, stdout: '{"ok":true,"n":7}\n', stderr: cliError('expected the body to match /^nope/ (--expect-data), the reply is "{\\"ok\\":true,\\"n\\":7}"\n') });
    r = await nats(["req", `${p}.a`, "x", "--raw", "--expect-header", "X-Trace"]);
    expect(r).toMatchObject({ code: 21, stderr: cliError('expected header "X-Trace" (--expect-header X-Trace), the reply has only "X-Ver"\n') });
    r = await nats(["req", `${p}.a`, "x", "--raw", "--expect-header", "X-Ver=^2"]);
    expect(r).toMatchObject({ code: 21, stderr: cliError('expected header "X-Ver" to match /^2/ (--expect-header), the reply has "1.2"\n') });
    r = await nats(["req", `${p}.a`, "x", "--raw", "--expect-jq", ".data.n > 10"]);
    expect(r).toMatchObject({ code: 22, stderr: cliError('expected ".data.n > 10" (--expect-jq) to be true, it is false for the reply, whose data is "{\\"ok\\":true,\\"n\\":7}"\n') });
    r = await nats(["req", `${p}.err`, "x", "--raw", "--fail-on-service-error"]);
    expect(r).toMatchObject({ code: 23, stderr: cliError('expected no service error (--fail-on-service-error), the reply has Nats-Service-Error "boom" with Nats-Service-Error-Code 500\n') });
    // without the flag a service error is an ordinary reply for req
    expect((await nats(["req", `${p}.err`, "x", "--raw"])).code).toBe(0);
    sub.unsubscribe();
  });

  it("--repeat N prints latency figures; --max-latency fails with exit 24 naming how many were slower", async () => {
    const p = uniq("as");
    let n = 0;
    const sub = nc.subscribe(`${p}.slow`, { callback: (_e, m) => { const i = ++n; setTimeout(() => m.respond("ok"), i === 3 ? 400 : 0); } });
    await nc.flush();
    // the slow reply takes 400 ms, the others none: 250 ms leaves room for a loaded machine
    let r = await nats(["req", `${p}.slow`, "x", "--raw", "--repeat", "5", "--max-latency", "250ms"]);
    expect(r.code).toBe(24);
    expect(r.stdout).toBe("ok\n".repeat(5));
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d 5 replies: min \S+ avg \S+ p50 \S+ p90 \S+ p99 \S+ max [4-9]\d\d\.?\d*ms\n/);
    expect(r.stderr).toMatch(cliError(/expected every reply within 250ms \(--max-latency\), 1 of 5 took longer \(slowest [4-9]\d\d\.?\d*ms\)\n$/m));
    r = await nats(["req", `${p}.slow`, "x", "--raw", "--repeat", "3", "--max-latency", "5s"]);
    expect(r.code).toBe(0);
    expect((await nats(["req", `${p}.slow`, "x", "--repeat", "2", "--count", "3"])).code).toBe(2);
    sub.unsubscribe();
  });

  it("service request: the same flags against a real micro service", async () => {
    const { Svcm } = await import("@nats-io/services");
    const svc = await new Svcm(nc).add({ name: uniq("svc"), version: "1.0.0" });
    svc.addEndpoint("status", (err, m) => {
      if (err) return;
      if (m.string() === "fail") m.respondError(503, "down");
      else m.respond(JSON.stringify({ state: "ok" }));
    });
    const name = svc.info().name;
    let r = await nats(["service", "request", name, "status", "x", "--raw", "--expect-jq", '.data.state == "ok"', "--repeat", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"state":"ok"}\n'.repeat(3));
    expect(r.stderr).toMatch(/3 replies: min /);
    r = await nats(["service", "request", name, "status", "fail", "--raw", "--fail-on-service-error"]);
    expect(r).toMatchObject({ code: 23, stderr: cliError('expected no service error (--fail-on-service-error), the reply has Nats-Service-Error "down" with Nats-Service-Error-Code 503\n') });
    r = await nats(["service", "request", name, "status", "x", "--raw", "--expect-data", "^bad"]);
    expect(r.code).toBe(20);
    await svc.stop();
  });
});

describe("capture and replay: sub --json → pub --replay → stream export → stream import", () => {
  it("a binary body and headers survive unchanged, in order; --map rewrites subjects", async () => {
    const p = uniq("cap");
    const dir = (await import("../helpers/scratch.js")).scratchDir("natsx-cap-");
    const { writeFileSync, readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const binary = new Uint8Array([0, 255, 1, 0x7b, 0x7b, 10, 13, 0xc3]);
    const payload = path.join(dir, "payload.bin");
    writeFileSync(payload, binary);
    // capture
    const capture = startCli(["sub", `${p}.in.>`, "--json", "--count", "3"], { env });
    await capture.waitFor("Subscribing on", { stream: "err" });
    expect((await nats(["pub", `${p}.in.bin`, "--payload-file", payload, "-H", "K:v1", "-H", "K:v2"])).code).toBe(0);
    expect((await nats(["pub", `${p}.in.txt`, "héllo"])).code).toBe(0);
    expect((await nats(["pub", `${p}.in.empty`, ""])).code).toBe(0);
    const cap = await capture.result;
    expect(cap.code).toBe(0);
    const file = path.join(dir, "capture.ndjson");
    writeFileSync(file, cap.stdout);
    expect(cap.stdout.split("\n")[0]).toContain('"encoding":"base64"');
    // replay into a stream's subjects with --map
    const s = uniq("CAP");
    await jsm.streams.add({ name: s, subjects: [`${p}.stored.>`] });
    let r = await nats(["pub", "--replay", file, "--speed", "max", "--map", `${p}.in.*`, `${p}.stored.{{wildcard(1)}}`]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(/Replayed 3 messages \(\d+ B\) from /);
    const m1 = await jsm.streams.getMessage(s, { seq: 1 });
    expect(m1!.subject).toBe(`${p}.stored.bin`);
    expect(Buffer.from(m1!.data)).toEqual(Buffer.from(binary));
    expect(m1!.header.values("K")).toEqual(["v1", "v2"]);
    expect((await jsm.streams.getMessage(s, { seq: 2 }))!.string()).toBe("héllo");
    expect((await jsm.streams.getMessage(s, { seq: 3 }))!.data.length).toBe(0);
    // export, import into another stream, export again: the same messages
    const exported = path.join(dir, "export.ndjson");
    r = await nats(["stream", "export", s, exported]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`Exported 3 messages \\(\\d+ B\\) from stream ${s} to `));
    const s2 = uniq("CAP");
    await jsm.streams.add({ name: s2, subjects: [`${p}.copy.>`] });
    r = await nats(["stream", "import", s2, exported, "--map", `${p}.stored.>`, `${p}.copy.>`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Imported 3 messages \\(\\d+ B\\) into stream ${s2}`));
    const again = (await nats(["stream", "export", s2])).stdout.trim().split("\n").map((l) => JSON.parse(l));
    const first = readFileSync(exported, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const strip = (o: Record<string, unknown>) => ({ ...o, subject: String(o.subject).replace(/\.(stored|copy)\./, "."), stream: undefined, time: undefined });
    expect(again.map(strip)).toEqual(first.map(strip));
    expect(Buffer.from(again[0].data, "base64")).toEqual(Buffer.from(binary));
    // and a replay of the export reaches a live subscriber byte for byte
    const live = startCli(["sub", `${p}.live.>`, "--json", "--count", "3"], { env });
    await live.waitFor("Subscribing on", { stream: "err" });
    expect((await nats(["pub", "--replay", exported, "--map", `${p}.stored.>`, `${p}.live.>`])).code).toBe(0);
    const got = (await live.result).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(got.map((g) => [g.subject, g.headers, g.data, g.encoding])).toEqual([
      [`${p}.live.bin`, { K: ["v1", "v2"] }, Buffer.from(binary).toString("base64"), "base64"],
      [`${p}.live.txt`, undefined, "héllo", undefined],
      [`${p}.live.empty`, undefined, "", undefined],
    ]);
  });

  it("replays at the captured pace by default, scaled by --speed, or at --rate", async () => {
    const p = uniq("pace");
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const lines = [0, 400, 800].map((ms, i) => JSON.stringify({ count: i + 1, subject: `${p}.x`, data: `m${i}`, size: 2, received: new Date(t0 + ms).toISOString() })).join("\n");
    const timed = async (args: string[]) => {
      const times: number[] = [];
      const sub = nc.subscribe(`${p}.x`, { callback: () => { times.push(Date.now()); } });
      await nc.flush();
      const r = await nats(["pub", "--replay", "-", ...args], { stdin: lines });
      expect(r.code).toBe(0);
      await nc.flush();
      sub.unsubscribe();
      expect(times).toHaveLength(3);
      return times[2]! - times[0]!;
    };
    // lower bounds prove the waits; the upper ones (8× faster: ~100 ms of 800) leave room for a loaded machine
    expect(await timed([])).toBeGreaterThanOrEqual(750);
    const fast = await timed(["--speed", "8"]);
    expect(fast).toBeGreaterThanOrEqual(90);
    expect(fast).toBeLessThan(600);
    expect(await timed(["--rate", "4/s"])).toBeGreaterThanOrEqual(450);
    expect(await timed(["--speed", "max"])).toBeLessThan(600);
  });

  it("bad capture lines, ranges and mappings are usage errors naming what is wrong", async () => {
    let r = await nats(["pub", "--replay", "-"], { stdin: '{"subject":"a","data":"x"}\nnot json\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^stdin line 2 is not JSON/m));
    r = await nats(["pub", "--replay", "-", "--map", "a.*"]);
    expect(r.stderr).toBe(cliError("--map takes two values, SOURCE and DESTINATION — e.g. --map 'orders.*' 'replay.orders.{{wildcard(1)}}'\n"));
    r = await nats(["pub", "--replay", "-", "--map", "a.*", "b.$2"]);
    expect(r.stderr).toBe(cliError('invalid --map destination "b.$2": it refers to wildcard 2, the source "a.*" has 1\n'));
    r = await nats(["pub", "x", "--speed", "2"]);
    expect(r.stderr).toMatch(/--speed is for --replay/);
    r = await nats(["stream", "export", "X", "--since", "1h", "--start-sequence", "3"]);
    expect(r).toMatchObject({ code: 2, stderr: cliError("--start-sequence and --since cannot be used together — give one place to start\n") });
    const s = uniq("IMP");
    await jsm.streams.add({ name: s, subjects: [`${s}.>`] });
    r = await nats(["stream", "import", s, "-"], { stdin: '{"subject":"elsewhere.x","data":"x"}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`stdin line 1: stream ${s} does not capture subject "elsewhere.x"`);
  });
});

describe("KV as data: export, import, diff, and get with wildcards", () => {
  it("export → import round-trips binary values; diff exits 0 on equal and 1 on one changed key", async () => {
    const b = uniq("KVD");
    const b2 = uniq("KVD");
    const dir = (await import("../helpers/scratch.js")).scratchDir("natsx-kv-");
    const file = (await import("node:path")).join(dir, "cfg.ndjson");
    for (const x of [b, b2]) expect((await nats(["kv", "add", x])).code).toBe(0);
    await nats(["kv", "put", b, "app.color", "blue"]);
    await nats(["kv", "put", b, "app.bin"], { stdin: Buffer.from([0, 255, 1, 10]) });
    await nats(["kv", "put", b, "gone", "x"]);
    await nats(["kv", "del", b, "gone", "-f"]);
    let r = await nats(["kv", "export", b, file]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`Exported 3 entries from bucket ${b} to `));
    const lines = (await import("node:fs")).readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.key, l.operation, l.value, l.value_base64])).toEqual([
      ["app.bin", "PUT", undefined, "AP8BCg=="],
      ["app.color", "PUT", "blue", "Ymx1ZQ=="],
      ["gone", "DEL", undefined, undefined],
    ]);
    r = await nats(["kv", "import", b2, file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Imported 3 entries into bucket ${b2}`));
    const bin = await nats(["kv", "get", b2, "app.bin", "--raw"]);
    expect(Buffer.from(bin.stdout, "latin1").length).toBeGreaterThan(0);
    expect((await nats(["kv", "get", b2, "app.bin", "--json"])).stdout).toContain('"value_base64": "AP8BCg=="');
    // equal: exit 0, nothing on stdout
    r = await nats(["kv", "diff", b2, file]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`Bucket ${b2} matches `));
    // one changed key: exit 1, one line naming it
    await nats(["kv", "put", b2, "app.color", "red"]);
    r = await nats(["kv", "diff", b2, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('~ app.color: bucket "red", file "blue"\n');
    expect(r.stderr).toMatch(new RegExp(`Bucket ${b2} differs from .* in 1 key\\n$`));
    await nats(["kv", "put", b2, "extra", "1"]);
    r = await nats(["kv", "diff", b2, file, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { key: "app.color", change: "changed", bucket: "red", file: "blue" },
      { key: "extra", change: "added", bucket: "1" },
    ]);
  });

  it("kv get 'prefix.>' returns every matching live key as JSON, sorted", async () => {
    const b = uniq("KVG");
    await nats(["kv", "add", b]);
    await nats(["kv", "put", b, "app.b", "2"]);
    await nats(["kv", "put", b, "app.a", "1"]);
    await nats(["kv", "put", b, "other", "x"]);
    let r = await nats(["kv", "get", b, "app.>"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((e: { key: string; value: string }) => [e.key, e.value])).toEqual([["app.a", "1"], ["app.b", "2"]]);
    r = await nats(["kv", "get", b, "app.*", "--jq", "map({(.key): .value}) | add"]);
    expect(r).toEqual({ code: 0, stdout: '{"app.a":"1","app.b":"2"}\n', stderr: "" });
    r = await nats(["kv", "get", b, "app.>", "--raw"]);
    expect(r.code).toBe(2);
  });
});

describe("exec hooks", () => {
  /** A small shell script in a scratch dir: prints what it got, exits as the body asks. */
  async function hook(): Promise<string> {
    const { writeFileSync, chmodSync } = await import("node:fs");
    const path = await import("node:path");
    const dir = (await import("../helpers/scratch.js")).scratchDir("natsx-hook-");
    const file = path.join(dir, "hook.sh");
    writeFileSync(file, [
      "#!/bin/sh",
      "body=$(cat)",
      'echo "$NATS_SUBJECT|$NATS_REPLY|$NATS_HEADER_TRACE_ID|$NATS_SEQUENCE|$NATS_COUNT|$body"',
      'case "$body" in *fail*) exit 3;; *poison*) exit 65;; *slow*) sleep 5;; esac',
      "",
    ].join("\n"));
    chmodSync(file, 0o755);
    return file;
  }

  it("sub --exec: body on stdin, subject, reply and headers in NATS_* variables, stdout as output", async () => {
    const p = uniq("ex");
    const sh = await hook();
    const sub = startCli(["sub", `${p}.>`, "--exec", sh, "--count", "2"], { env });
    await sub.waitFor("Subscribing on", { stream: "err" });
    const h = headers();
    h.set("Trace-Id", "t-9");
    nc.publish(`${p}.a`, "hello", { headers: h, reply: "rep.1" });
    nc.publish(`${p}.b`, "world");
    const r = await sub.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${p}.a|rep.1|t-9||1|hello\n${p}.b||||2|world\n`);
    expect(r.stderr).toMatch(/--exec: 2 succeeded, 0 failed\n.*Received 2 messages\n$/);
  });

  it("sub --exec on a durable: exit 0 acks, 65 terminates, others nak (redelivered next run); --exec-timeout kills", async () => {
    const p = uniq("ex");
    const sh = await hook();
    const s = await streamWith(p, ["ok1", "fail", "poison", "ok2"].map((b) => ({ subject: `${p}.x`, data: b })));
    let r = await nats(["sub", `${p}.x`, "--durable", "W", "--exec", sh, "--count", "4"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${p}.x|||1|1|ok1\n${p}.x|||2|2|fail\n${p}.x|||3|3|poison\n${p}.x|||4|4|ok2\n`);
    expect(r.stderr).toContain(`--exec exited 3 for message 2 on "${p}.x" (stream ${s} sequence 2): nak'd, it will be redelivered`);
    expect(r.stderr).toContain(`--exec exited 65 for message 3 on "${p}.x" (stream ${s} sequence 3): terminated, it will not be redelivered`);
    expect(r.stderr).toContain("--exec: 2 succeeded, 1 failed, 1 exited 65");
    let ci = await jsm.consumers.info(s, "W");
    expect(ci.ack_floor.stream_seq).toBe(1);
    expect(ci.num_ack_pending).toBe(1);
    // the nak'd message comes back, and only it
    r = await nats(["sub", `${p}.x`, "--durable", "W", "--exec", "cat", "--count", "1"]);
    expect(r.stdout).toBe("fail");
    ci = await jsm.consumers.info(s, "W");
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.num_pending).toBe(0);
    // a command over --exec-timeout is killed and its message nak'd
    const js = jetstream(nc);
    await js.publish(`${p}.x`, "slow");
    r = await nats(["sub", `${p}.x`, "--durable", "W", "--exec", sh, "--exec-timeout", "200ms", "--count", "1"]);
    expect(r.stderr).toMatch(/--exec ran longer than 200ms and was killed for message 1 .*: nak'd/);
    expect((await jsm.consumers.info(s, "W")).num_ack_pending).toBe(1);
  });

  it("--parallel runs commands at once; a missing command and bad combinations are usage errors", async () => {
    const p = uniq("ex");
    const s = await streamWith(p, Array.from({ length: 4 }, (_, i) => ({ subject: `${p}.x`, data: String(i) })));
    // a barrier: each run marks itself and waits (at most 5 s) until all four are running, then prints how many it saw;
    // one after the other, the first would see only itself
    const dir = (await import("../helpers/scratch.js")).scratchDir("natsx-par-");
    const barrier = `sh -c 'cat >/dev/null; touch ${dir}/$NATS_COUNT; i=0; while [ $(ls ${dir} | wc -l) -lt 4 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; ls ${dir} | wc -l'`;
    const r = await nats(["sub", "--stream", s, "--all", "-T", "--exec", barrier, "--parallel", "4"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean).map((l) => l.trim())).toEqual(["4", "4", "4", "4"]);
    let bad = await nats(["sub", `${p}.x`, "--exec", "cat", "--json"]);
    expect(bad).toMatchObject({ code: 2, stderr: cliError("--exec cannot be used with --json — the command's stdout is the output; with --durable its exit code acknowledges\n") });
    bad = await nats(["sub", `${p}.x`, "--parallel", "2"]);
    expect(bad.stderr).toBe(cliError("--parallel is for --exec\n"));
    bad = await nats(["sub", "--stream", s, "--all", "-T", "--exec", "no-such-command-natsx"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--exec: no-such-command-natsx: command not found");
  });

  it("reply --exec answers with stdout; a failing command answers with a service error; --command gets the same variables", async () => {
    const p = uniq("rx");
    const up = startCli(["reply", `${p}.up`, "--exec", "tr a-z A-Z", "--count", "1"], { env });
    const failing = startCli(["reply", `${p}.fail`, "--exec", "sh -c 'echo partial; exit 4'", "--count", "1"], { env });
    const cmd = startCli(["reply", `${p}.cmd.*`, "--command", "sh -c 'echo {{2}} $NATS_SUBJECT $(cat)'", "--count", "1"], { env });
    for (const x of [up, failing, cmd]) await x.waitFor("Listening on", { stream: "err" });
    expect(await nats(["req", `${p}.up`, "hello", "--raw"])).toEqual({ code: 0, stdout: "HELLO\n", stderr: "" });
    const r = await nats(["req", `${p}.fail`, "x", "--raw", "--fail-on-service-error"]);
    expect(r).toEqual({ code: 23, stdout: "partial\n", stderr: cliError('expected no service error (--fail-on-service-error), the reply has Nats-Service-Error "exit status 4" with Nats-Service-Error-Code 500\n') });
    expect((await nats(["req", `${p}.cmd.tok`, "body", "--raw"])).stdout).toBe(`tok ${p}.cmd.tok body\n`);
    for (const x of [up, failing, cmd]) expect((await x.result).code).toBe(0);
  });
});
