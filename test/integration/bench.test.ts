import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { cliError, runCli, spawnCliBackground, startCli, withoutControls } from "../helpers/run-cli.js";
import { serverAtLeast, startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";

// Every bench mode against a real server, each figure checked against the server's own counters (/varz message
// and byte counts, stream and consumer state), plus the refusals and one-line errors of bad input.

let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer({ monitor: true, jetstream: true });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

interface Varz { in_msgs: number; out_msgs: number; in_bytes: number; out_bytes: number }
const varz = async () => (await (await fetch(`${server.monitorUrl}/varz`)).json()) as Varz;
let seq = 0;
const uniq = (p: string) => `${p}${++seq}x${Date.now() % 100000}`;
const bench = (...args: string[]) => runCli(["bench", "-s", server.url, ...args]);
const LOG = /^\d\d:\d\d:\d\d /m;

interface Lat { count: number; min: number; avg: number; max: number; stddev: number; p50: number; p90: number; p99: number; p99_9: number; p99_99: number }
interface Doc {
  mode: string;
  settings: Record<string, unknown>;
  clients: { id: string; msgs: number; bytes: number; latency_us: Lat | null; e2e_latency_us: Lat | null; agent?: string }[];
  aggregate: { clients: number; msgs: number; bytes: number; msgs_per_sec: number; bytes_per_sec: number; duration_s: number; rates: unknown; latency_us: Lat | null; e2e_latency_us: Lat | null };
  target: { msgs_per_sec: number; achieved_msgs_per_sec: number; reached: boolean } | null;
  interrupted: boolean;
  warnings: string[];
  agents?: string[];
}
const doc = (stdout: string) => JSON.parse(stdout) as Doc;

/** Latency figures that hang together: ordered percentiles inside [min, max], a mean inside too. */
function saneLatency(l: Lat | null, count: number): void {
  expect(l).not.toBeNull();
  expect(l!.count).toBe(count);
  expect(l!.min).toBeGreaterThan(0);
  const ordered = [l!.min, l!.p50, l!.p90, l!.p99, l!.p99_9, l!.p99_99, l!.max];
  expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
  expect(l!.avg).toBeGreaterThanOrEqual(l!.min);
  expect(l!.avg).toBeLessThanOrEqual(l!.max);
  expect(l!.stddev).toBeLessThanOrEqual(l!.max - l!.min);
}

/** The server's counter moved by the run's `n` messages, give or take the few API calls around them (stream info, consumer create). */
function served(before: Varz, after: Varz, counter: "in_msgs" | "out_msgs", n: number): void {
  const moved = after[counter] - before[counter];
  expect(moved, counter).toBeGreaterThanOrEqual(n);
  expect(moved, counter).toBeLessThan(n + 20);
}

async function interest(subject: string, n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const subsz = (await (await fetch(`${server.monitorUrl}/subsz?subs=1`)).json()) as { subscriptions_list?: { subject: string }[] };
    if ((subsz.subscriptions_list ?? []).filter((s) => s.subject === subject).length >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${n} subscriptions on ${subject}`);
}

describe("bench pub and sub", () => {
  it("bench pub: the server counts every message and byte the report and --json claim", async () => {
    const before = await varz();
    const r = await bench("pub", uniq("b.pub."), "--msgs", "200000", "--size", "16", "--json");
    expect(r.code).toBe(0);
    const after = await varz();
    const d = doc(r.stdout);
    expect(after.in_msgs - before.in_msgs).toBe(200_000);
    expect(after.in_bytes - before.in_bytes).toBe(200_000 * 16);
    expect(d.aggregate.msgs).toBe(200_000);
    expect(d.aggregate.bytes).toBe(200_000 * 16);
    expect(d.aggregate.msgs_per_sec).toBeCloseTo(200_000 / d.aggregate.duration_s, 0);
    expect(d.settings).toMatchObject({ mode: "pub", msgs: 200_000, size: 16, clients: 1 });
    expect(r.stderr).toMatch(/Starting Core NATS publisher benchmark \[clients=1, msg-size=16 B, msgs=200,000, multi-subject=false, multi-subject-max=100,000, multi-subject-randomize=false, sleep=0s, subject=b\.pub\./);
  });

  it("bench pub --clients 2 runs on two threads and aggregates natscli's way (and --csv)", async () => {
    const dir = scratchDir("natsx-bench-");
    const before = await varz();
    const r = await bench("pub", uniq("b.pub2."), "--msgs", "100001", "--size", "32", "--clients", "2", "--csv", path.join(dir, "p.csv"));
    expect(r.code).toBe(0);
    expect((await varz()).in_msgs - before.in_msgs).toBe(100_001);
    expect(r.stdout).toMatch(/^\n {2}\[1\] [\d,]+ msgs\/sec ~ .*\/sec \(50,001 msgs\)\n {2}\[2\] [\d,]+ msgs\/sec ~ .*\/sec \(50,000 msgs\)\n\n NATS Core NATS publisher aggregated stats: [\d,]+ msgs\/sec ~ .*\/sec\n message rates min [\d,]+ \| avg [\d,]+ \| max [\d,]+ \| stddev [\d,]+ msgs\nSaved metric data in csv file /);
    const csv = readFileSync(path.join(dir, "p.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("#RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs");
    expect(csv.slice(1).map((l) => l.split(",").slice(1, 4))).toEqual([["P0", "50001", String(50001 * 32)], ["P1", "50000", String(50000 * 32)]]);
  });

  it("bench sub counts what the server delivered and prints the end-to-end latency of natsx publishers (--histogram)", async () => {
    const s = uniq("b.sub.");
    const dir = scratchDir("natsx-bench-");
    const hist = path.join(dir, "e2e.hgrm");
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--msgs", "50000", "--json", "--histogram", hist]);
    await interest(s, 1);
    const before = await varz();
    const p = await bench("pub", s, "--msgs", "50000", "--size", "100", "--throughput", "50000");
    expect(p.code).toBe(0);
    const r = await sub.result;
    expect(r.code).toBe(0);
    const after = await varz();
    expect(after.out_msgs - before.out_msgs).toBe(50_000);
    const d = doc(r.stdout);
    expect(d.aggregate.msgs).toBe(50_000);
    // bytes received, from the messages (natscli #1441 used --size)
    expect(d.aggregate.bytes).toBe(50_000 * 100);
    saneLatency(d.aggregate.e2e_latency_us, 50_000);
    expect(d.aggregate.latency_us).toBeNull();
    const h = readFileSync(hist, "utf8");
    expect(h).toMatch(/^\s+Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
    expect(h).toMatch(/#\[Mean\s+=\s+[\d.]+, StdDeviation\s+=\s+[\d.]+\]/);
    expect(h).toMatch(/#\[Max\s+=\s+[\d.]+, Total count\s+=\s+50000\]/);
  });

  it("bench sub's text report has natscli's line and the end-to-end line", async () => {
    const s = uniq("b.subt.");
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--msgs", "20000"]);
    await interest(s, 1);
    expect((await bench("pub", s, "--msgs", "20000", "--size", "16")).code).toBe(0);
    const r = await sub.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\nNATS Core NATS subscriber stats: [\d,]+ msgs\/sec ~ .*\/sec\nend-to-end latency min [\d,.]+us \| avg [\d,.]+us \| max [\d,.]+us \| stddev [\d,.]+us \| P50 [\d,.]+us \| P90 [\d,.]+us \| P99 [\d,.]+us \| P99\.9: [\d,.]+us \| P99\.99: [\d,.]+us\n$/);
    expect(r.stderr).toMatch(/Starting Core NATS subscriber benchmark \[clients=1, msg-size=128 B, msgs=20,000, multi-subject=false, subject=b\.subt\./);
  });

  it("multi-subject publishing lands on SUBJECT.<n> and a --multisubject subscriber gets it all", async () => {
    const s = uniq("b.multi");
    const seen = new Set<string>();
    const spy = nc.subscribe(`${s}.*`, { callback: (_e, m) => { seen.add(m.subject); } });
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--multisubject", "--msgs", "3000", "--json"]);
    await interest(`${s}.*`, 2);
    const p = await bench("pub", s, "--multisubject", "--multisubjectmax", "100", "--msgs", "3000", "--size", "8", "-H", "k:v");
    expect(p.code).toBe(0);
    expect(doc((await sub.result).stdout).aggregate.msgs).toBe(3000);
    await nc.flush();
    spy.unsubscribe();
    expect(seen.size).toBe(100);
    expect(seen.has(`${s}.000`) && seen.has(`${s}.099`)).toBe(true);
  });

  it("bytes are what crossed the wire, headers included, as the server counts them (in_bytes, out_bytes)", async () => {
    const s = uniq("b.hdr.");
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--msgs", "5000", "--json"]);
    await interest(s, 1);
    const before = await varz();
    const p = await bench("pub", s, "--msgs", "5000", "--size", "40", "-H", "Trace:abc", "--json");
    expect(p.code).toBe(0);
    const r = await sub.result;
    expect(r.code).toBe(0);
    const after = await varz();
    const sent = doc(p.stdout).aggregate.bytes;
    // each message carries its header block besides the 40 payload bytes
    expect(sent).toBeGreaterThan(5000 * 40);
    expect(sent).toBe(after.in_bytes - before.in_bytes);
    expect(doc(r.stdout).aggregate.bytes).toBe(after.out_bytes - before.out_bytes);
  });

  it("--payload FILE sends the file's bytes as each message", async () => {
    const s = uniq("b.payload.");
    const f = path.join(scratchDir("natsx-bench-"), "body.json");
    writeFileSync(f, '{"hello":"world"}');
    const got: string[] = [];
    const spy = nc.subscribe(s, { callback: (_e, m) => { got.push(m.string()); } });
    await nc.flush();
    const r = await bench("pub", s, "--msgs", "10", "--payload", f, "--json");
    expect(r.code).toBe(0);
    await nc.flush();
    spy.unsubscribe();
    expect(got).toEqual(Array(10).fill('{"hello":"world"}'));
    expect(doc(r.stdout).aggregate.bytes).toBe(170);
  });

  it("the old form `bench SUBJECT --pub N --sub M` runs both, as the docs type it", async () => {
    const s = uniq("b.old.");
    const before = await varz();
    const r = await runCli(["bench", s, "--pub", "1", "--sub", "2", "--msgs", "20000", "--size", "16", "-s", server.url]);
    expect(r.code).toBe(0);
    const after = await varz();
    expect(after.in_msgs - before.in_msgs).toBe(20_000);
    expect(after.out_msgs - before.out_msgs).toBe(40_000);
    expect(r.stderr).toContain(`Starting Core NATS pub/sub benchmark [subject=${s}, multisubject=false, multisubjectmax=100000, msgs=20,000, msgsize=16 B, pubs=1, subs=2, pubsleep=0s, subsleep=0s]`);
    expect(r.stdout).toMatch(/^\nNATS Pub\/Sub stats: [\d,]+ msgs\/sec ~ .*\/sec\n Pub stats: [\d,]+ msgs\/sec ~ .*\/sec\n Sub stats: [\d,]+ msgs\/sec ~ .*\/sec\n {2}\[1\] .*\(20,000 msgs\)\n {2}\[2\] .*\(20,000 msgs\)\n {2}min [\d,]+ \| avg [\d,]+ \| max [\d,]+ \| stddev [\d,]+ msgs\n {2}end-to-end latency min /);
  });

  it("the old form without publishers or subscribers, and an unknown mode, are one-line usage errors", async () => {
    const r = await runCli(["bench", "foo", "-s", server.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${cliError('"foo" is not a bench mode, and the old form needs publishers or subscribers — add --pub 1 and/or --sub 1, or the modes are `nats bench pub|sub|service|js|kv|agent` (see `nats bench --help`)')}\n`);
    const js = await runCli(["bench", "foo", "--js", "--pub", "1", "--sub", "1", "-s", server.url]);
    expect(js.code).toBe(2);
    expect(js.stderr).toBe(`${cliError("--js with both --pub and --sub: natsx runs the old form's JetStream publishers and consumers one kind of client at a time — run `nats bench foo --js --pub 1` to publish, then `nats bench foo --js --sub 1` to consume")}\n`);
  });

  it("the old form's --js, --kv and --request/--reply run the modes that replaced them (counts from the server)", async () => {
    const s = uniq("b.oldjs.");
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete("benchstream").catch(() => undefined);
    // --js --pub: asynchronous publishers into the default stream, defined with SUBJECT as its subject
    const p = await runCli(["bench", s, "--js", "--pub", "2", "--msgs", "600", "--size", "16", "--pubbatch", "50", "-s", server.url]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain("The old form runs as `nats bench js pub async`");
    expect(p.stderr).toContain("batch=50, clients=2,");
    const si = await jsm.streams.info("benchstream");
    expect(si.config.subjects).toEqual([s]);
    expect(si.state.messages).toBe(600);
    // --js --sub: ordered consumers; with --pull, a durable consumer shared by fetching clients
    const o = await runCli(["bench", s, "--js", "--sub", "1", "--msgs", "600", "--json", "-s", server.url]);
    expect(o.code, o.stderr).toBe(0);
    expect(doc(o.stdout)).toMatchObject({ mode: "js-ordered", aggregate: { msgs: 600 } });
    const f = await runCli(["bench", s, "--js", "--sub", "2", "--pull", "--consumerbatch", "100", "--msgs", "600", "--json", "-s", server.url]);
    expect(f.code, f.stderr).toBe(0);
    expect(doc(f.stdout)).toMatchObject({ mode: "js-fetch", aggregate: { clients: 2, msgs: 600 } });
    expect((await jsm.consumers.info("benchstream", "nats-bench")).ack_floor.stream_seq).toBe(600);
    await jsm.streams.delete("benchstream");
    // --kv: putters, then getters
    const kp = await runCli(["bench", s, "--kv", "--pub", "1", "--msgs", "50", "--purge", "-s", server.url]);
    expect(kp.code, kp.stderr).toBe(0);
    expect((await jsm.streams.info("KV_benchbucket")).state.messages).toBe(50);
    const kg = await runCli(["bench", s, "--kv", "--sub", "1", "--msgs", "50", "--json", "-s", server.url]);
    expect(kg.code, kg.stderr).toBe(0);
    expect(doc(kg.stdout)).toMatchObject({ mode: "kv-get", aggregate: { msgs: 50 } });
    // --reply serves, --request asks
    const reply = startCli(["bench", s, "--sub", "1", "--reply", "-s", server.url]);
    await interest(s, 1);
    const before = await varz();
    const rq = await runCli(["bench", s, "--pub", "1", "--request", "--msgs", "100", "--json", "-s", server.url]);
    const after = await varz();
    reply.abort();
    expect((await reply.result).code).toBe(0);
    expect(rq.code, rq.stderr).toBe(0);
    expect(doc(rq.stdout)).toMatchObject({ mode: "request", aggregate: { msgs: 100 } });
    served(before, after, "in_msgs", 200);
  });

  it("fixed rate: --throughput × --duration messages, paced, latency from the intended send time", async () => {
    const s = uniq("b.rate.");
    const before = await varz();
    const r = await bench("pub", s, "--throughput", "2000", "--duration", "1s", "--size", "16", "--json");
    expect(r.code).toBe(0);
    expect((await varz()).in_msgs - before.in_msgs).toBe(2000);
    const d = doc(r.stdout);
    expect(d.aggregate.msgs).toBe(2000);
    // 2,000 at 2,000/s: the last goes out ~1 s after the first
    expect(d.aggregate.duration_s).toBeGreaterThan(0.9);
    expect(d.target).toMatchObject({ msgs_per_sec: 2000, reached: true });
  });

  it("a target rate that is not reached is said so, and the latencies carry the backlog", async () => {
    const s = uniq("b.slow.");
    const serve = startCli(["bench", "service", "serve", "-s", server.url, s, "--sleep", "2ms"]);
    await interest(s, 1);
    const r = await bench("service", "request", s, "--msgs", "200", "--throughput", "5000", "--json");
    serve.abort();
    expect((await serve.result).code).toBe(0);
    expect(r.code).toBe(0);
    const d = doc(r.stdout);
    expect(d.target).toMatchObject({ msgs_per_sec: 5000, reached: false });
    expect(r.stderr).toMatch(/WARNING: the target rate of 5,000 msgs\/sec was not reached: [\d,]+ msgs\/sec achieved/);
    // each request takes ≥ 2 ms and they are due every 0.2 ms: the last one is due ~40 ms after the start but
    // answered ~400 ms after it, and the measurement shows that wait (no coordinated omission)
    expect(d.aggregate.latency_us!.max).toBeGreaterThan(300_000);
    expect(d.aggregate.latency_us!.min).toBeGreaterThanOrEqual(2000);
  });

  it("Ctrl-C stops every client and still reports what was measured (exit 130)", async () => {
    const s = uniq("b.int.");
    const sub = startCli(["bench", "sub", "-s", server.url, s, "--msgs", "100000000", "--clients", "2"]);
    await interest(s, 2);
    expect((await bench("pub", s, "--msgs", "10000", "--size", "16")).code).toBe(0);
    await sub.waitFor(/x/, { timeoutMs: 200 }).catch(() => undefined);
    sub.abort();
    const r = await sub.result;
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/ {2}\[1\] [\d,]+ msgs\/sec .*\(10,000 msgs\)\n {2}\[2\] [\d,]+ msgs\/sec .*\(10,000 msgs\)/);
    expect(r.stderr).toContain("Interrupted: the report covers the 20,000 messages measured so far");
  });
});

describe("bench service", () => {
  it("request against serve: every request answered, per-request latency, counts on both sides", async () => {
    const s = uniq("b.svc.");
    const serve = startCli(["bench", "service", "serve", "-s", server.url, s, "--clients", "2", "--json"]);
    await interest(s, 2);
    const before = await varz();
    const r = await bench("service", "request", s, "--msgs", "3000", "--clients", "2", "--size", "64", "--json");
    const after = await varz();
    serve.abort();
    const sr = await serve.result;
    expect(r.code).toBe(0);
    expect(sr.code).toBe(0);
    const d = doc(r.stdout);
    expect(d.aggregate.msgs).toBe(3000);
    expect(d.aggregate.bytes).toBe(3000 * 64);
    saneLatency(d.aggregate.latency_us, 3000);
    // requests in, replies in (each reply is a message the server receives from the service)
    expect(after.in_msgs - before.in_msgs).toBe(6000);
    expect(doc(sr.stdout).aggregate.msgs).toBe(3000);
  });
});

describe("bench js and kv", () => {
  const streamCount = async (name: string) => (await (await jetstreamManager(nc)).streams.info(name)).state.messages;

  it("js pub sync and async store exactly --msgs messages (--create, --purge)", async () => {
    const st = uniq("BS");
    const subj = uniq("b.js.");
    const r = await bench("js", "pub", "sync", subj, "--stream", st, "--create", "--msgs", "500", "--size", "32", "--json");
    expect(r.code).toBe(0);
    expect(await streamCount(st)).toBe(500);
    saneLatency(doc(r.stdout).aggregate.latency_us, 500);
    expect(r.stderr).toContain(`Using stream: ${st}`);
    const a = await bench("js", "pub", "async", subj, "--stream", st, "--create", "--purge", "--msgs", "5000", "--batch", "100", "--clients", "2", "--json");
    expect(a.code).toBe(0);
    expect(a.stderr).toContain("Purging the stream");
    expect(await streamCount(st)).toBe(5000);
    const d = doc(a.stdout);
    expect(d.aggregate.msgs).toBe(5000);
    saneLatency(d.aggregate.latency_us, 5000);
  });

  it("js ordered, consume and fetch receive the stream's messages (consumer state agrees)", async () => {
    const st = uniq("BC");
    const subj = uniq("b.jc.");
    expect((await bench("js", "pub", "async", subj, "--stream", st, "--create", "--msgs", "4000")).code).toBe(0);
    let before = await varz();
    const o = await bench("js", "ordered", "--stream", st, "--msgs", "4000", "--size", "64", "--json");
    expect(o.code).toBe(0);
    expect(doc(o.stdout).aggregate.msgs).toBe(4000);
    // the server delivered the stream's 4,000 messages (plus a few API replies): what the report counted
    served(before, await varz(), "out_msgs", 4000);
    const f = await bench("js", "fetch", "--stream", st, "--msgs", "2000", "--batch", "250", "--json");
    expect(f.code).toBe(0);
    const fd = doc(f.stdout);
    expect(fd.aggregate.msgs).toBe(2000);
    saneLatency(fd.aggregate.latency_us, 8);
    const jsm = await jetstreamManager(nc);
    // the fetches took and acknowledged exactly the first 2,000
    expect((await jsm.consumers.info(st, "nats-bench")).ack_floor.stream_seq).toBe(2000);
    const c = await bench("js", "consume", "--stream", st, "--msgs", "2000", "--clients", "2", "--json");
    expect(c.code).toBe(0);
    expect(doc(c.stdout).aggregate.msgs).toBe(2000);
    const ci = await jsm.consumers.info(st, "nats-bench");
    // and the callback clients the other 2,000: every message delivered, acknowledged up to the end of their share
    expect(ci.delivered.stream_seq).toBe(4000);
    expect(ci.ack_floor.stream_seq + ci.num_ack_pending).toBeGreaterThanOrEqual(4000);
    // no client pulled past its share: nothing went to a client that had stopped, to come back after the ack wait
    expect(ci.num_redelivered).toBe(0);
  });

  it("natscli's older `js pub SUBJECT [--batch N]` (its cheat sheet's form) publishes asynchronously, synchronously with --batch 1", async () => {
    const st = uniq("BM");
    const subj = uniq("b.jm.");
    const a = await bench("js", "pub", subj, "--stream", st, "--create", "--batch", "100", "--msgs", "300", "--json");
    expect(a.code, a.stderr).toBe(0);
    expect(doc(a.stdout).mode).toBe("js-pub-async");
    expect(await streamCount(st)).toBe(300);
    const s = await bench("js", "pub", subj, "--stream", st, "--purge", "--batch=1", "--clients=3", "--msgs", "30", "--json");
    expect(s.code, s.stderr).toBe(0);
    expect(doc(s.stdout)).toMatchObject({ mode: "js-pub-sync", aggregate: { clients: 3, msgs: 30 } });
    expect(await streamCount(st)).toBe(30);
    const typo = await bench("js", "pub", "asnyc", subj);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(`${cliError("too many arguments. Expected 1 argument but got 2. (`nats bench js pub SUBJECT`) — the publishing modes are `nats bench js pub sync|async|atomic|fast SUBJECT`")}\n`);
  });

  it("js consume --doubleack: every ack confirmed by the server (ack floor), each a latency sample", async () => {
    const st = uniq("BD");
    expect((await bench("js", "pub", "async", uniq("b.jd."), "--stream", st, "--create", "--msgs", "300")).code).toBe(0);
    const c = await bench("js", "consume", "--stream", st, "--msgs", "300", "--doubleack", "--json");
    expect(c.code, c.stderr).toBe(0);
    saneLatency(doc(c.stdout).aggregate.latency_us, 300);
    const ci = await (await jetstreamManager(nc)).consumers.info(st, "nats-bench");
    expect(ci.ack_floor.stream_seq).toBe(300);
    expect(ci.num_ack_pending).toBe(0);
  });

  it("js get sync reads back by sequence; kv put stores the keys and kv get finds them", async () => {
    const st = uniq("BG");
    const subj = uniq("b.jg.");
    expect((await bench("js", "pub", "async", subj, "--stream", st, "--create", "--msgs", "300")).code).toBe(0);
    let before = await varz();
    const g = await bench("js", "get", "sync", "--stream", st, "--msgs", "300", "--json");
    expect(g.code).toBe(0);
    expect(doc(g.stdout).aggregate.msgs).toBe(300);
    // a request in and a reply out per get (and a few API calls around them)
    served(before, await varz(), "in_msgs", 300);
    served(before, await varz(), "out_msgs", 300);
    saneLatency(doc(g.stdout).aggregate.latency_us, 300);
    const p = await bench("kv", "put", "--msgs", "400", "--size", "20", "--clients", "2", "--purge", "--json");
    expect(p.code).toBe(0);
    expect(await streamCount("KV_benchbucket")).toBe(400);
    saneLatency(doc(p.stdout).aggregate.latency_us, 400);
    before = await varz();
    const k = await bench("kv", "get", "--msgs", "400", "--json");
    expect(k.code).toBe(0);
    served(before, await varz(), "out_msgs", 400);
    const kd = doc(k.stdout);
    expect(kd.aggregate.msgs).toBe(400);
    expect(kd.aggregate.bytes).toBe(400 * 20);
    expect(k.stderr).not.toContain("got no value");
  });

  it("natscli's group flags are taken before the mode too (`bench js --stream S ordered`, `bench kv --bucket B get`)", async () => {
    const st = uniq("BF");
    const subj = uniq("b.jf.");
    expect((await bench("js", "--stream", st, "--msgs", "60", "pub", "--clients", "2", "sync", subj, "--create", "--json")).code).toBe(0);
    expect(await streamCount(st)).toBe(60);
    const o = await bench("js", "--stream", st, "--msgs", "60", "--size", "16", "ordered", "--json");
    expect(o.code, o.stderr).toBe(0);
    expect(doc(o.stdout).settings).toMatchObject({ stream: st, msgs: 60 });
    expect(doc(o.stdout).aggregate.msgs).toBe(60);
    // after the mode, the mode's own flag wins over the group's
    const g = await bench("js", "--msgs", "5", "get", "sync", "--stream", st, "--msgs", "7", "--json");
    expect(g.code, g.stderr).toBe(0);
    expect(doc(g.stdout).aggregate.msgs).toBe(7);
    expect((await bench("kv", "put", "--bucket", "benchbucket", "--msgs", "10")).code).toBe(0);
    const k = await bench("kv", "--bucket", "benchbucket", "--clients", "2", "get", "--msgs", "10", "--json");
    expect(k.code, k.stderr).toBe(0);
    expect(doc(k.stdout).aggregate).toMatchObject({ clients: 2, msgs: 10 });
  });

  it.skipIf(serverAtLeast("2.12.0"))("modes the server is too old for are refused with the version line (atomic batch needs 2.12, fast batch 2.14, batch direct get 2.11)", async () => {
    for (const [args, line] of [
      [["js", "pub", "batch", "b.x"], "Atomic batch publishing requires NATS Server 2.12.0 or newer, the server is"],
      [["js", "pub", "fast", "b.x"], "Fast batch publishing requires NATS Server 2.14.0 or newer, the server is"],
      [["js", "get", "batch"], "Batched direct get requires NATS Server 2.11.0 or newer, the server is"],
    ] as const) {
      const r = await bench(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(cliError(new RegExp(line.replace(/\./g, "\\."))));
      expect(r.stdout).toBe("");
    }
  });

  it("bad input is one line and a non-zero exit", async () => {
    const cases: [string[], number, string][] = [
      [["pub", "x", "--msgs", "0"], 2, "number of messages should be greater than 0 — give --msgs 1 or more"],
      [["pub", "x", "--duration", "5s"], 2, "--duration requires --throughput to be set — give the target rate, e.g. --throughput 10000 --duration 30s"],
      [["pub", "x", "--size", "garbage"], 2, 'invalid --size "garbage": expected a size like 512, 10KB, 256MB or 1GB'],
      [["js", "pub", "sync", "b.nope", "--stream", "NOPE"], 7, 'stream "NOPE" not found — create it with --create, or with `nats stream add`'],
      [["js", "consume", "--stream", "NOPE2"], 7, 'stream "NOPE2" not found — `nats stream ls` lists them'],
      [["pub", "x", "--histogram", "h.hgrm"], 2, "--histogram: a publisher waits for nothing, so it records no latency — `nats bench sub` records the end-to-end latency of what it receives"],
    ];
    for (const [args, code, line] of cases) {
      const r = await bench(...args);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stderr.split("\n").filter((l) => !LOG.test(l) && l !== ""), args.join(" ")).toEqual([cliError(line)]);
    }
  });
});

describe("bench output", () => {
  it("--plot writes an SVG chart of the latency curve and the rate", async () => {
    const s = uniq("b.plot.");
    const f = path.join(scratchDir("natsx-bench-"), "run.svg");
    const serve = startCli(["bench", "service", "serve", "-s", server.url, s]);
    await interest(s, 1);
    const r = await bench("service", "request", s, "--msgs", "500", "--plot", f);
    serve.abort();
    await serve.result;
    expect(r.code).toBe(0);
    const svg = readFileSync(f, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Latency by percentile");
    expect(svg).toContain("Message rate over time");
    expect(svg).toContain("99.9%");
  });

  it("a bar per client on a terminal, none in a pipe", async () => {
    const s = uniq("b.tty.");
    const tty = await runCli(["bench", "pub", "-s", server.url, s, "--msgs", "50000", "--clients", "2"], { tty: { err: true } });
    expect(tty.code).toBe(0);
    const shown = withoutControls(tty.stderr);
    expect(shown).toMatch(/Publishing \[1\] \[=+\] 100% 25,000\/25,000/);
    expect(shown).toMatch(/Publishing \[2\] \[=+\] 100% 25,000\/25,000/);
    // more clients than a terminal shows comfortably: one bar for all of them
    const crowd = await runCli(["bench", "pub", "-s", server.url, s, "--msgs", "9000", "--clients", "9"], { tty: { err: true } });
    expect(crowd.code).toBe(0);
    expect(withoutControls(crowd.stderr)).toMatch(/Publishing \[9 clients\] \[=+\] 100% 9,000\/9,000/);
    expect(withoutControls(crowd.stderr)).not.toContain("Publishing [1]");
    const piped = await bench("pub", s, "--msgs", "50000", "--clients", "2");
    expect(piped.stderr).not.toContain("Publishing [");
    expect(piped.stderr).not.toContain("\x1b[");
  });
});

describe("bench agents", () => {
  it("--agents N hands each agent its share, starts them together and aggregates (same report, same --json)", async () => {
    const prefix = uniq("natsx.benchtest");
    const agents = [1, 2].map((i) => spawnCliBackground(["bench", "agent", "-s", server.url, "--name", `agent${i}`, "--control-subject", prefix], { timeoutMs: 60_000 }));
    try {
      for (const a of agents) await a.waitFor("Waiting for work on", { stream: "err" });
      const s = uniq("b.agents.");
      // the server's count of the benchmark's own messages (the agents' control traffic goes to other subjects)
      let counted = 0;
      const spy = nc.subscribe(s, { callback: () => { counted++; } });
      await nc.flush();
      const r = await bench("pub", s, "--agents", "2", "--clients", "4", "--msgs", "100000", "--size", "16", "--control-subject", prefix, "--json");
      expect(r.code, r.stderr).toBe(0);
      await nc.flush();
      spy.unsubscribe();
      expect(counted).toBe(100_000);
      const d = doc(r.stdout);
      expect(d.aggregate).toMatchObject({ clients: 4, msgs: 100_000, bytes: 1_600_000 });
      expect(d.clients.map((c) => [c.id, c.msgs])).toEqual([["P0", 25000], ["P1", 25000], ["P2", 25000], ["P3", 25000]]);
      // two clients on each agent, in contiguous shares
      expect(d.clients[0]!.agent).toBe(d.clients[1]!.agent);
      expect(d.clients[2]!.agent).toBe(d.clients[3]!.agent);
      expect(new Set(d.clients.map((c) => c.agent))).toEqual(new Set(["agent1", "agent2"]));
      const t = await bench("pub", s, "--agents", "2", "--clients", "2", "--msgs", "1000", "--control-subject", prefix);
      expect(t.code).toBe(0);
      expect(t.stdout).toMatch(/\n NATS Core NATS publisher aggregated stats: [\d,]+ msgs\/sec/);
      expect(t.stderr).toMatch(/Agent agent[12] \(.*, \d+ cores\) runs client 1: 500 messages/);
      const few = await bench("pub", s, "--agents", "3", "--clients", "3", "--msgs", "10", "--control-subject", prefix);
      expect(few.code).toBe(6);
      expect(few.stderr).toContain(cliError(`only 2 of 3 agents answered on "${prefix}.hello"`));
      for (const a of agents) a.kill("SIGINT");
      for (const a of agents) {
        const r = await a.result;
        expect(r.code).toBe(0);
        expect(r.stderr).toMatch(/Stopping after 2 runs/);
      }
    } finally {
      for (const a of agents) a.kill("SIGINT");
    }
  });
});

describe("bench help", () => {
  it("every bench command's help shows an example", async () => {
    const commands = [[], ["pub"], ["sub"], ["service"], ["service", "request"], ["service", "serve"], ["js"], ["js", "pub"], ["js", "pub", "sync"], ["js", "pub", "async"], ["js", "pub", "atomic"], ["js", "pub", "fast"], ["js", "ordered"], ["js", "consume"], ["js", "fetch"], ["js", "get"], ["js", "get", "sync"], ["js", "get", "batch"], ["kv"], ["kv", "put"], ["kv", "get"], ["agent"]];
    for (const c of commands) {
      const r = await runCli(["bench", ...c, "--help"]);
      expect(r.code, c.join(" ")).toBe(0);
      expect(r.stdout, c.join(" ")).toMatch(/\nExamples:\n {2}nats bench /);
    }
  });
});

it("the worker bundle exists after a build (clients on threads)", () => {
  expect(existsSync(path.resolve(__dirname, "../../dist/bench-worker.cjs"))).toBe(true);
});
