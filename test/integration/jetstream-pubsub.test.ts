import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, type JetStreamManager } from "@nats-io/jetstream";
import { BIN, runCli, spawnCli, spawnCliBackground, startCli, cliError } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { scratchDir } from "../helpers/scratch.js";

// pub -J / sub in JetStream mode: the shell sequence through the real bin (no TTY), then details in-process.
let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const LOG = /^\d{2}:\d{2}:\d{2} /;

const bin = (args: string[], opts: { stdin?: string } = {}) => spawnCli([...args, "-s", server.url], opts);
const cli = (args: string[], opts: { stdin?: string } = {}) => runCli([...args, "-s", server.url], opts);
const lines = (s: string) => s.split("\n").filter((l) => l !== "");
/** stderr without the HH:MM:SS prefix. */
const logLines = (s: string) => lines(s).map((l) => l.replace(LOG, ""));

beforeAll(async () => {
  if (!existsSync(BIN) || !existsSync(new URL("../../dist/nats.cjs", import.meta.url))) throw new Error("dist/ is missing: run npm run build");
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("the issue's shell sequence through the real bin", () => {
  const N = 25;

  it("stream add, pub -J ×N, info, get, sub -T (exactly N, filter honoured), --since, --last-per-subject, --durable resume, purge, rm", async () => {
    const add = await bin(["stream", "add", "ORDERS", "--subjects", "orders.>", "--defaults"]);
    expect(add.code).toBe(0);

    const pub = await bin(["pub", "-J", "orders.new", "order {{Count}}", "--count", String(N)]);
    expect(pub.code).toBe(0);
    expect(pub.stdout).toBe(""); // no TTY: no progress bar
    const log = logLines(pub.stderr);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(new RegExp(`^Published ${N} messages \\(191 B\\) to "orders\\.new"$`));
    expect(log[1]).toBe(`Stored ${N} messages in Stream: ORDERS Last Sequence: ${N}`);

    // a small run prints natscli's two lines per message, once the ack is in
    const one = await bin(["pub", "--jetstream", "orders.new", "single"]);
    expect(one.code).toBe(0);
    expect(logLines(one.stderr)).toEqual(['Published 6 bytes to "orders.new"', `Stored in Stream: ORDERS Sequence: ${N + 1}`]);

    // another subject in the same stream, for the filter checks
    const old = await bin(["pub", "-J", "orders.old", "old {{Count}}", "--count", "3"]);
    expect(old.code).toBe(0);
    expect(logLines(old.stderr).filter((l) => l.startsWith("Stored in Stream: ORDERS Sequence: "))).toHaveLength(3);

    const info = await bin(["stream", "info", "ORDERS", "--json"]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).state).toMatchObject({ messages: N + 4, first_seq: 1, last_seq: N + 4 });

    const get = await bin(["stream", "get", "ORDERS", String(N + 1)]);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain("single");

    const all = await bin(["sub", "--stream", "ORDERS", "--all", "-T"]);
    expect(all.code).toBe(0);
    const heads = all.stdout.split("\n").filter((l) => l.includes("Received JetStream message"));
    expect(heads).toHaveLength(N + 4);
    expect(heads[0]).toMatch(/^\[#1\] Received JetStream message: stream: ORDERS seq: 1 \/ pending: 28 \/ subject: orders\.new \/ time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(heads.at(-1)).toMatch(new RegExp(`^\\[#${N + 4}\\] Received JetStream message: stream: ORDERS seq: ${N + 4} / pending: 0 / subject: orders\\.old / `));
    expect(logLines(all.stderr)).toEqual(["Subscribing to subject orders.> from first received message", `Received ${N + 4} messages`]);

    // the subject filter is honoured with --all (natscli #1504) …
    const onlyNew = await bin(["sub", "orders.new", "--all", "-T", "--json"]);
    expect(onlyNew.code).toBe(0);
    const recs = lines(onlyNew.stdout).map((l) => JSON.parse(l));
    expect(recs).toHaveLength(N + 1);
    expect(recs.every((r) => r.subject === "orders.new" && r.stream === "ORDERS")).toBe(true);
    expect(recs.map((r) => r.sequence)).toEqual(Array.from({ length: N + 1 }, (_, i) => i + 1));
    expect(recs[0]).toMatchObject({ count: 1, data: "order 1", consumer_sequence: 1, pending: N, redelivered: false });

    // … and with --since (natscli #1520)
    const since = await bin(["sub", "orders.old", "--since", "1h", "-T", "--raw"]);
    expect(since.code).toBe(0);
    expect(since.stdout).toBe("old 1\nold 2\nold 3\n");
    expect(since.stderr).toMatch(/Subscribing to subject orders\.old since 1h0m0s\n/);

    const lps = await bin(["sub", "--stream", "ORDERS", "--last-per-subject", "-T", "--raw"]);
    expect(lps.code).toBe(0);
    expect(lines(lps.stdout).sort()).toEqual(["old 3", "single"]);

    // a durable resumes where it left off
    const d1 = await bin(["sub", "orders.new", "--durable", "WORKER", "--all", "--count", "10", "--raw"]);
    expect(d1.code).toBe(0);
    expect(lines(d1.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => `order ${i + 1}`));
    const d2 = await bin(["sub", "orders.new", "--durable", "WORKER", "-T", "--raw"]);
    expect(d2.code).toBe(0);
    expect(lines(d2.stdout)).toEqual([...Array.from({ length: N - 10 }, (_, i) => `order ${i + 11}`), "single"]);
    expect(d2.stderr).toContain('Subscribing to JetStream Stream "ORDERS" using existing pull consumer "WORKER"');
    const d3 = await bin(["sub", "orders.new", "--durable", "WORKER", "-T", "--raw"]);
    expect(d3).toMatchObject({ code: 0, stdout: "" });
    const ci = await jsm.consumers.info("ORDERS", "WORKER");
    expect(ci).toMatchObject({ num_pending: 0, num_ack_pending: 0, num_redelivered: 0 });

    const purge = await bin(["stream", "purge", "ORDERS", "-f"]);
    expect(purge.code).toBe(0);
    expect((await jsm.streams.info("ORDERS")).state.messages).toBe(0);
    const empty = await bin(["sub", "--stream", "ORDERS", "--all", "-T"]);
    expect(empty).toMatchObject({ code: 0, stdout: "" });

    const rm = await bin(["stream", "rm", "ORDERS", "-f"]);
    expect(rm.code).toBe(0);
    expect(await jsm.streams.info("ORDERS").then(() => "exists", (e: Error) => e.name)).toBe("StreamNotFoundError");
  }, 60_000);

  it("pub -J to a subject no stream captures exits 7 with one line and stores nothing", async () => {
    const r = await bin(["pub", "-J", "nowhere.x", "lost"]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(cliError(/^no stream captures subject "nowhere\.x": the message was not stored — /));
  });

  it("sub in JetStream mode on a subject no stream holds exits 7", async () => {
    const r = await bin(["sub", "nowhere.y", "--all", "-T"]);
    expect(r).toMatchObject({ code: 7, stdout: "", stderr: cliError("no stream found with subject: nowhere.y — create one with `nats stream add`, or pass --stream\n") });
  });
});

describe("pub -J", () => {
  beforeAll(async () => {
    await jsm.streams.add({ name: "DEDUPE", subjects: ["dedupe.>"] });
    // discard new: publishes past 10 messages are refused, for the failure reporting
    await jsm.streams.add({ name: "LIMITED", subjects: ["lim.>"], max_msgs: 10, discard: "new" as never });
    await jsm.streams.add({ name: "LIMNL", subjects: ["limnl.>"], max_msgs: 10, discard: "new" as never });
  });

  it("--msg-id de-duplicates and reports duplicates as such", async () => {
    const r = await cli(["pub", "-J", "dedupe.fixed", "same body", "--msg-id", "order-1", "--count", "3"]);
    expect(r.code).toBe(0);
    expect(logLines(r.stderr)).toEqual([
      'Published 9 bytes to "dedupe.fixed"', "Stored in Stream: DEDUPE Sequence: 1",
      'Published 9 bytes to "dedupe.fixed"', "Stored in Stream: DEDUPE Sequence: 1 Duplicate: true",
      'Published 9 bytes to "dedupe.fixed"', "Stored in Stream: DEDUPE Sequence: 1 Duplicate: true",
    ]);
    const m = await jsm.streams.getMessage("DEDUPE", { seq: 1 });
    expect(m!.header.get("Nats-Msg-Id")).toBe("order-1");
  });

  it("a templated --msg-id gives one id per message; re-running the same ids stores nothing new", async () => {
    const first = await cli(["pub", "--msg-id", "batch-{{Count}}", "dedupe.batch", "b {{Count}}", "--count", "40", "-H", "K:v"]);
    expect(first.code).toBe(0);
    expect(logLines(first.stderr).at(-1)).toBe("Stored 40 messages in Stream: DEDUPE Last Sequence: 41");
    const again = await cli(["pub", "-J", "--msg-id", "batch-{{Count}}", "dedupe.batch", "b {{Count}}", "--count", "40"]);
    expect(again.code).toBe(0);
    expect(logLines(again.stderr).at(-1)).toBe("Stored 0 messages in Stream: DEDUPE Last Sequence: 41 Duplicates: 40");
    const si = await jsm.streams.info("DEDUPE", { subjects_filter: "dedupe.batch" });
    expect(si.state.subjects).toEqual({ "dedupe.batch": 40 });
    // each message kept its own id and the shared -H header
    const m = await jsm.streams.getMessage("DEDUPE", { seq: 41 });
    expect([m!.header.get("Nats-Msg-Id"), m!.header.get("K"), m!.string()]).toEqual(["batch-40", "v", "b 40"]);
  });

  it("with acks in flight, every failure is reported, the count of what was stored is right and the exit is non-zero", async () => {
    const r = await cli(["pub", "-J", "lim.x", "m {{Count}}", "--count", "30"]);
    expect(r.code).toBe(8); // maximum messages exceeded is a limit clash
    const log = logLines(r.stderr);
    const last = log.pop()!;
    // the first failure is the error line; the failures still in flight behind it are each logged
    expect(last).toBe(cliError("message 11 was not stored: maximum messages exceeded (error 10077); of 30 messages sent: 10 stored, 20 not stored, 0 unconfirmed; publishing stopped — to rerun without storing messages twice, publish with --msg-id TEMPLATE (e.g. --msg-id 'batch-7-{{Count}}'): the stream drops ids it stored within its duplicate window"));
    expect(log).toEqual(Array.from({ length: 19 }, (_, i) => `Could not publish message ${i + 12} to "lim.x": maximum messages exceeded (error 10077)`));
    const si = await jsm.streams.info("LIMITED");
    expect(si.state.messages).toBe(10);
    expect((await jsm.streams.getMessage("LIMITED", { seq: 10 }))!.string()).toBe("m 10");
  });

  it("--send-on newline logs each failed line, keeps going, and fails the run", async () => {
    const input = Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const r = await cli(["pub", "-J", "limnl.x", "--send-on", "newline", "-q"], { stdin: input });
    expect(r.code).toBe(8);
    const log = logLines(r.stderr);
    expect(log.slice(0, 4)).toEqual([11, 12, 13, 14].map((n) => `Could not publish message ${n} to "limnl.x": maximum messages exceeded (error 10077)`));
    expect(log[4]).toMatch(cliError(/^message 11 was not stored: maximum messages exceeded \(error 10077\); of 14 messages sent: 10 stored, 4 not stored, 0 unconfirmed — to rerun without storing messages twice, publish with --msg-id TEMPLATE/));
    expect(log).toHaveLength(5);
    expect((await jsm.streams.info("LIMNL")).state.messages).toBe(10);
  });

  it("stdin lines piped into pub -J are all stored, in order", async () => {
    await jsm.streams.add({ name: "PIPED", subjects: ["piped.>"] });
    const M = 2000;
    const input = Array.from({ length: M }, (_, i) => `p${i + 1}`).join("\n") + "\n";
    const r = await cli(["pub", "-J", "piped.x", "--send-on", "newline"], { stdin: input });
    expect(r.code).toBe(0);
    const log = logLines(r.stderr);
    expect(log[0]).toBe("Reading payload from STDIN");
    expect(log.slice(1, 3)).toEqual(['Published 2 bytes to "piped.x"', "Stored in Stream: PIPED Sequence: 1"]);
    expect(log).toContain('Published 3 bytes to "piped.x" (further messages are summarised at the end)');
    expect(log.at(-1)).toBe("Stored 2,000 messages in Stream: PIPED Last Sequence: 2,000");
    const si = await jsm.streams.info("PIPED");
    expect(si.state.messages).toBe(M);
    const sub = await cli(["sub", "--stream", "PIPED", "--all", "-T", "--raw"]);
    expect(sub.stdout).toBe(input);
  });

  it("--reply cannot be combined with -J; an empty --msg-id is refused", async () => {
    const a = await cli(["pub", "-J", "dedupe.x", "b", "--reply", "r"]);
    expect(a).toMatchObject({ code: 2, stderr: cliError("--reply cannot be used with --jetstream — the reply subject of a JetStream publish receives the PubAck\n") });
    const b = await cli(["pub", "dedupe.x", "b", "--msg-id", ""]);
    expect(b).toMatchObject({ code: 2, stderr: cliError("--msg-id cannot be empty\n") });
  });
});

describe("sub in JetStream mode", () => {
  beforeAll(async () => {
    await jsm.streams.add({ name: "EVENTS", subjects: ["ev.>"] });
    const js = jetstream(nc);
    for (let i = 1; i <= 6; i++) await js.publish(i % 3 === 0 ? "ev.b" : "ev.a", `e${i}`);
  });

  it("--dump names files by stream sequence; --translate gets {{Stream}} and {{Subject}}", async () => {
    const dir = scratchDir("natsx-dump-");
    const d = await cli(["sub", "ev.b", "--all", "-T", "--dump", dir]);
    expect(d.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["3.json", "6.json"]);
    expect(JSON.parse(readFileSync(path.join(dir, "6.json"), "utf8"))).toMatchObject({ Subject: "ev.b", Data: Buffer.from("e6").toString("base64") });
    const t = await cli(["sub", "--stream", "EVENTS", "--start-sequence", "5", "-T", "--raw", "--translate", "echo {{Stream}} {{Subject}}"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe("EVENTS ev.a\nEVENTS ev.b\n");
  });

  it("--last, --headers-only and --subjects-only", async () => {
    const last = await cli(["sub", "ev.a", "--last", "-T", "--raw"]);
    expect(last.stdout).toBe("e5\n");
    const ho = await cli(["sub", "ev.b", "--all", "-T", "--headers-only"]);
    expect(ho.stdout).toMatch(/^\[#1\] Received JetStream message: stream: EVENTS seq: 3 \/ pending: 1 \/ subject: ev\.b \/ time: [^\n]+\nNats-Msg-Size: 2\n\n\[#2\]/);
    expect(ho.stdout).not.toContain("e3");
    const so = await cli(["sub", "ev.b", "--all", "-T", "--subjects-only"]);
    expect(lines(so.stdout)).toHaveLength(2);
    expect(lines(so.stdout).every((l) => l.includes("Received JetStream message"))).toBe(true);
  });

  it("-t shows when the message was stored, not when it was received", async () => {
    const si = await jsm.streams.getMessage("EVENTS", { seq: 1 });
    const r = await cli(["sub", "--stream", "EVENTS", "--start-sequence", "1", "--count", "1", "-t"], );
    const stored = new Date(si!.time);
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const p2 = (n: number) => String(n).padStart(2, "0");
    const want = `${months[stored.getMonth()]} ${String(stored.getDate()).padStart(2, " ")} ${p2(stored.getHours())}:${p2(stored.getMinutes())}:${p2(stored.getSeconds())}.`;
    expect(r.stdout.startsWith(`[#1] @ ${want}`)).toBe(true);
  });

  it("-d prints the message's age in Go's duration format, to the sub-millisecond (natscli's check)", async () => {
    await jsm.streams.add({ name: "AGED", subjects: ["aged.>"] });
    await jetstream(nc).publish("aged.1", "aged");
    const r = await cli(["sub", "--stream", "AGED", "--last", "--count", "1", "-d"]);
    expect(r.code).toBe(0);
    // natscli's TestJetStreamSubscribe --delta-time pattern
    expect(r.stdout).toMatch(/^\[#1\] @ \d+\.\d{3,6}(ms|s|µs|ns) Received JetStream message: stream: AGED seq: 1 /);
    expect(r.stdout).toContain("aged");
  });

  it("--new waits for new messages; Ctrl-C ends it cleanly with the count", async () => {
    const run = startCli(["sub", "ev.a", "--new", "-s", server.url]);
    await run.waitFor("Subscribing to subject ev.a for new messages", { stream: "err" });
    const js = jetstream(nc);
    await js.publish("ev.b", "not for us");
    await js.publish("ev.a", "fresh");
    await run.waitFor("fresh");
    run.abort();
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[#1\] Received JetStream message: stream: EVENTS seq: 8 \/ pending: 0 \/ subject: ev\.a \/ [^\n]+\nfresh\n\n$/);
    expect(r.stderr).toMatch(/Received 1 message\n$/);
  });

  it("a durable interrupted with Ctrl-C leaves nothing unacknowledged, and the next run carries on", async () => {
    const run = spawnCliBackground(["sub", "--stream", "EVENTS", "--durable", "INT", "--all", "--raw", "-s", server.url]);
    await run.waitFor("fresh\n");
    run.kill("SIGINT");
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(["e1", "e2", "e3", "e4", "e5", "e6", "not for us", "fresh"]);
    const ci = await jsm.consumers.info("EVENTS", "INT");
    expect(ci).toMatchObject({ num_ack_pending: 0, num_pending: 0 });
    await jetstream(nc).publish("ev.a", "after");
    const next = await cli(["sub", "--stream", "EVENTS", "--durable", "INT", "-T", "--raw"]);
    expect(next.stdout).toBe("after\n");
  });

  it("a durable stopped in the middle of a backlog loses nothing: the next run gets the rest, none twice", async () => {
    await jsm.streams.add({ name: "BACKLOG", subjects: ["backlog.>"] });
    const M = 20_000;
    expect((await cli(["pub", "-J", "backlog.x", "b{{Count}}", "--count", String(M), "-q"])).code).toBe(0);
    const run = spawnCliBackground(["sub", "backlog.x", "--durable", "HALF", "--all", "--json", "-s", server.url]);
    await run.waitFor('"count":1,');
    run.kill("SIGINT");
    const first = await run.result;
    expect(first.code).toBe(0);
    const rest = await cli(["sub", "backlog.x", "--durable", "HALF", "-T", "--json"]);
    expect(rest.code).toBe(0);
    const a = lines(first.stdout).map((l) => JSON.parse(l));
    const b = lines(rest.stdout).map((l) => JSON.parse(l));
    const seqs = [...a, ...b].map((r) => r.sequence as number).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: M }, (_, i) => i + 1));
    // what the first run had pulled but not shown was nak'd: redelivered at once, not after the ack wait
    expect(b.filter((r) => r.redelivered).length).toBeLessThanOrEqual(64);
    expect(await jsm.consumers.info("BACKLOG", "HALF")).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
  });

  it("--wait and --count end a JetStream subscription", async () => {
    const w = await cli(["sub", "--stream", "EVENTS", "--all", "--wait", "300ms", "--raw"]);
    expect(w.code).toBe(0);
    expect(lines(w.stdout)).toHaveLength(9);
    expect(w.stderr).toMatch(/Received 9 messages \(no traffic for 300ms\)\n$/);
    const c = await cli(["sub", "ev.a", "--all", "--count", "2", "--raw"]);
    expect(c.stdout).toBe("e1\ne2\n");
  });

  it("-I ignores subjects; -T still ends at the end of the stream", async () => {
    const r = await cli(["sub", "--stream", "EVENTS", "--all", "-T", "--raw", "-I", "ev.a"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("e3\ne6\nnot for us\n");
  });

  it("refuses flag combinations natscli refuses, before connecting", async () => {
    const cases: [string[], string][] = [
      [["sub", "ev.a", "-T"], "--terminate-at-end is only supported for JetStream subscriptions"],
      [["sub", "ev.a", "--all", "--queue", "q"], "queue group subscriptions are not supported with JetStream"],
      [["sub", "--inbox", "--all"], "generating inboxes is not compatible with JetStream subscriptions"],
      [["sub", "ev.a", "--all", "--match-replies"], "cannot enable --match-replies for JetStream streams"],
      [["sub", "ev.a", "--all", "--new"], "--all and --new cannot be used together"],
      [["sub", "ev.a", "--start-sequence", "0"], 'invalid --start-sequence "0": expected a whole number of 1 or more'],
      [["sub", "ev.a", "--since", "5"], 'invalid --since "5"'],
      [["sub"], "subject is required"],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli([...args, "-s", "nats://127.0.0.1:1"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.startsWith(cliError(`${msg}`)), r.stderr).toBe(true);
    }
    const nope = await cli(["sub", "--stream", "NOPE", "--all"]);
    expect(nope).toMatchObject({ code: 7, stderr: cliError("stream \"NOPE\" not found — `nats stream ls` lists them\n") });
  });

  it("--ack acknowledges a push consumer's deliveries in core mode; without it they stay pending", async () => {
    await jsm.streams.add({ name: "PUSHED", subjects: ["pushed.>"] });
    const js = jetstream(nc);
    for (let i = 1; i <= 3; i++) await js.publish("pushed.x", `p${i}`);
    const run = startCli(["sub", "deliver.acked", "--ack", "--count", "3", "--json", "-s", server.url]);
    await run.waitFor("Subscribing on deliver.acked with acknowledgement of JetStream messages ", { stream: "err" });
    await jsm.consumers.add("PUSHED", { durable_name: "ACKED", deliver_subject: "deliver.acked", ack_policy: AckPolicy.Explicit });
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => JSON.parse(l).data)).toEqual(["p1", "p2", "p3"]);
    await nc.flush();
    const acked = await jsm.consumers.info("PUSHED", "ACKED");
    expect(acked.num_ack_pending).toBe(0);
    expect(acked.ack_floor.stream_seq).toBe(3);

    const run2 = startCli(["sub", "deliver.unacked", "--count", "3", "--json", "-s", server.url]);
    await run2.waitFor("Subscribing on deliver.unacked ", { stream: "err" });
    await jsm.consumers.add("PUSHED", { durable_name: "UNACKED", deliver_subject: "deliver.unacked", ack_policy: AckPolicy.Explicit });
    expect(lines((await run2.result).stdout)).toHaveLength(3);
    expect((await jsm.consumers.info("PUSHED", "UNACKED")).num_ack_pending).toBe(3);
  });
});

describe("sub --stream S --durable D with an existing push consumer (natscli binds it)", () => {
  it("subscribes to its delivery subject, prints and acknowledges the message", async () => {
    await jsm.streams.add({ name: "PUSHBIND", subjects: ["pushbind.>"] });
    await jetstream(nc).publish("pushbind.1", "bound push message");
    await jsm.consumers.add("PUSHBIND", { durable_name: "TEST_PUSH", deliver_subject: "deliver.pushbind", ack_policy: AckPolicy.Explicit });
    const r = await cli(["sub", "--stream", "PUSHBIND", "--durable=TEST_PUSH", "--last", "--count=1"]);
    expect(r.code).toBe(0);
    expect(logLines(r.stderr)).toContain('Subscribing to JetStream Stream "PUSHBIND" using existing push consumer "TEST_PUSH"');
    expect(r.stdout).toMatch(/^\[#1\] Received JetStream message: stream: PUSHBIND seq: 1 \/ pending: 0 \/ subject: pushbind\.1 \/ time: /);
    expect(r.stdout).toContain("bound push message");
    await nc.flush();
    const ci = await jsm.consumers.info("PUSHBIND", "TEST_PUSH");
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.ack_floor.stream_seq).toBe(1);
  });

  it("on an interest-retention stream, through the consumer's deliver group: the acknowledged message is gone", async () => {
    await jsm.streams.add({ name: "INTEREST", subjects: ["interest.>"], retention: RetentionPolicy.Interest });
    await jsm.consumers.add("INTEREST", { durable_name: "TEST_PUSH", deliver_subject: "deliver.interest", deliver_group: "X", ack_policy: AckPolicy.Explicit });
    await jetstream(nc).publish("interest.1", "interest message");
    const r = await cli(["sub", "--stream", "INTEREST", "--durable=TEST_PUSH", "--last", "--count=1"]);
    expect(r.code).toBe(0);
    expect(logLines(r.stderr)).toContain('Subscribing to JetStream Stream "INTEREST" using existing push consumer "TEST_PUSH"');
    expect(r.stdout).toContain("interest message");
    await nc.flush();
    // interest retention: once the only consumer acknowledged it, the server removes the message
    let si = await jsm.streams.info("INTEREST");
    for (let i = 0; i < 20 && si.state.messages > 0; i++) {
      await new Promise((res) => setTimeout(res, 50));
      si = await jsm.streams.info("INTEREST");
    }
    expect(si.state.messages).toBe(0);
  });

  it("sub --ack on a push consumer's delivery subject prints natscli's JetStream metadata line", async () => {
    await jsm.streams.add({ name: "ACKMETA", subjects: ["ackmeta.>"] });
    const js = jetstream(nc);
    await js.publish("ackmeta.in", "test JS message");
    const run = startCli(["sub", "deliver.ackmeta", "--ack", "--count", "1", "-s", server.url]);
    await run.waitFor("Subscribing on deliver.ackmeta with acknowledgement of JetStream messages ", { stream: "err" });
    await jsm.consumers.add("ACKMETA", { durable_name: "TAIL", deliver_subject: "deliver.ackmeta", ack_policy: AckPolicy.Explicit });
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("[#1] Received JetStream message: consumer: ACKMETA > TAIL / subject: ackmeta.in / delivered: 1 / consumer seq: 1 / stream seq: 1 / ack: true\ntest JS message\n\n");
    await nc.flush();
    expect((await jsm.consumers.info("ACKMETA", "TAIL")).num_ack_pending).toBe(0);
  });
});

describe("on the 3-node cluster with a replicas-3 stream", () => {
  let cluster: NatsCluster;
  beforeAll(async () => {
    cluster = await startCluster({ jetstream: true });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("pub -J stores N messages on R3, sub -T reads exactly N with the filter honoured, durables resume", async () => {
    const c = (args: string[]) => spawnCli([...args, "-s", cluster.urls], { timeoutMs: 30_000 });
    const add = await c(["stream", "add", "CORDERS", "--subjects", "corders.>", "--defaults", "--replicas", "3"]);
    expect(add.code).toBe(0);
    const N = 200;
    const pub = await c(["pub", "-J", "corders.new", "n {{Count}}", "--count", String(N)]);
    expect(pub.code).toBe(0);
    expect(logLines(pub.stderr).at(-1)).toBe(`Stored ${N} messages in Stream: CORDERS Last Sequence: ${N}`);
    expect((await c(["pub", "-J", "corders.other", "o"])).code).toBe(0);
    const info = JSON.parse((await c(["stream", "info", "CORDERS", "--json"])).stdout);
    expect(info.config.num_replicas).toBe(3);
    expect(info.state.messages).toBe(N + 1);
    const all = await c(["sub", "--stream", "CORDERS", "--all", "-T", "--raw"]);
    expect(all.code).toBe(0);
    expect(lines(all.stdout)).toHaveLength(N + 1);
    const filtered = await c(["sub", "corders.new", "--all", "-T", "--json"]);
    const recs = lines(filtered.stdout).map((l) => JSON.parse(l));
    expect(recs).toHaveLength(N);
    expect(recs.every((r) => r.subject === "corders.new" && r.stream === "CORDERS")).toBe(true);
    const d1 = await c(["sub", "corders.new", "--durable", "CW", "--all", "--count", "50", "--raw"]);
    expect(lines(d1.stdout)).toEqual(Array.from({ length: 50 }, (_, i) => `n ${i + 1}`));
    const d2 = await c(["sub", "corders.new", "--durable", "CW", "-T", "--raw"]);
    expect(lines(d2.stdout)).toEqual(Array.from({ length: N - 50 }, (_, i) => `n ${i + 51}`));
    const rm = await c(["stream", "rm", "CORDERS", "-f"]);
    expect(rm.code).toBe(0);
  }, 90_000);
});
