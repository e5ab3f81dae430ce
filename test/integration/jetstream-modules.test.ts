import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { formatPubAck, jsPublish } from "../../src/jetstream/publish.js";
import { jsHeaderLine, jsJsonFields, jsMessageJson, jsSubscribe, wantsJetStream, type JsSubMessage } from "../../src/jetstream/subscribe.js";
import { CliError, explain } from "../../src/errors.js";

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
const JS = { timeout: 5000 };

async function collectAll(it: AsyncIterable<JsSubMessage>, max = 10_000): Promise<JsSubMessage[]> {
  const out: JsSubMessage[] = [];
  for await (const m of it) { out.push(m); if (out.length >= max) break; }
  return out;
}

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
  await jsm.streams.add({ name: "EMPTY", subjects: ["empty.>"] });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("jsPublish", () => {
  it("waits for the PubAck and reports stream and sequence", async () => {
    const r = await jsPublish(nc, JS, "orders.new", "one");
    expect(r).toEqual({ stream: "ORDERS", seq: 1, duplicate: false, domain: undefined });
    expect(formatPubAck(r)).toBe("Stored in Stream: ORDERS Sequence: 1");
    expect(formatPubAck({ stream: "S", seq: 12345, duplicate: true, domain: "hub" })).toBe('Stored in Stream: S Sequence: 12,345 Domain: "hub" Duplicate: true');
    expect((await jsm.streams.info("ORDERS")).state.messages).toBe(1);
  });

  it("--msg-id de-duplicates within the window", async () => {
    const a = await jsPublish(nc, JS, "orders.new", "two", { msgId: "id-2" });
    const b = await jsPublish(nc, JS, "orders.new", "two again", { msgId: "id-2" });
    expect(a.duplicate).toBe(false);
    expect(b).toMatchObject({ seq: a.seq, duplicate: true });
    expect((await jsm.streams.info("ORDERS")).state.messages).toBe(2);
  });

  it("a subject no stream captures is a CliError with exit 7, not 'jetstream is not enabled'", async () => {
    const e = await jsPublish(nc, JS, "nowhere.x", "lost").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(7);
    expect((e as CliError).message).toBe('no stream captures subject "nowhere.x": the message was not stored');
  });

  it("on a server without JetStream the error says JetStream is not enabled", async () => {
    const plain = await startNatsServer();
    const nc2 = await connect({ servers: plain.url });
    try {
      const e = await jsPublish(nc2, JS, "orders.new", "x").catch((x: unknown) => x);
      const ce = explain(e);
      expect(ce.message).toMatch(/JetStream is not enabled/);
      expect(ce.exitCode).not.toBe(0);
    } finally {
      await nc2.close();
      await plain.stop();
    }
  });
});

describe("jsSubscribe", () => {
  beforeAll(async () => {
    await jsm.streams.purge("ORDERS");
    const js = jetstream(nc);
    // 1..6 alternating subjects, seq 7 with a header
    for (let i = 1; i <= 6; i++) await js.publish(i % 2 ? "orders.new" : "orders.old", `o${i}`);
    const h = headers();
    h.set("K", "v");
    await js.publish("orders.new", "o7", { headers: h });
  });

  it("knows which flags switch to JetStream", () => {
    expect(wantsJetStream({})).toBe(false);
    expect(wantsJetStream({ all: true })).toBe(true);
    expect(wantsJetStream({ startSequence: 3 })).toBe(true);
    expect(wantsJetStream({ since: 1000 })).toBe(true);
  });

  it("--stream --all -T yields every message once and ends", async () => {
    const sub = await jsSubscribe(nc, JS, [], { stream: "ORDERS", all: true, terminateAtEnd: true });
    expect(sub.description).toBe("Subscribing to subject orders.> from first received message");
    const got = await collectAll(sub.messages);
    expect(got.map((m) => Buffer.from(m.data).toString())).toEqual(["o1", "o2", "o3", "o4", "o5", "o6", "o7"]);
    const last = got[got.length - 1]!;
    expect(last).toMatchObject({ stream: "ORDERS", subject: "orders.new", pending: 0 });
    expect(last.seq).toBe((await jsm.streams.info("ORDERS")).state.last_seq);
    expect(last.headers?.get("K")).toBe("v");
  });

  it("finds the stream from the subject and honours the filter with --all (natscli #1504)", async () => {
    const sub = await jsSubscribe(nc, JS, ["orders.old"], { all: true, terminateAtEnd: true });
    expect(sub.stream).toBe("ORDERS");
    const got = await collectAll(sub.messages);
    expect(got.map((m) => m.subject)).toEqual(["orders.old", "orders.old", "orders.old"]);
  });

  it("honours the filter with --since (natscli #1520) and with --stream plus a subject", async () => {
    const since = await collectAll((await jsSubscribe(nc, JS, ["orders.new"], { since: 60_000, terminateAtEnd: true })).messages);
    expect(since.map((m) => m.subject)).toEqual(["orders.new", "orders.new", "orders.new", "orders.new"]);
    const bound = await collectAll((await jsSubscribe(nc, JS, ["orders.old"], { stream: "ORDERS", all: true, terminateAtEnd: true })).messages);
    expect(bound.every((m) => m.subject === "orders.old")).toBe(true);
    expect(bound).toHaveLength(3);
  });

  it("several subjects are all honoured (client-side on 2.9, which filters on one subject only)", async () => {
    await jsm.streams.add({ name: "MULTI", subjects: ["m.>"] });
    const js = jetstream(nc);
    for (const s of ["m.a", "m.b", "m.c", "m.a", "m.c"]) await js.publish(s, s);
    const got = await collectAll((await jsSubscribe(nc, JS, ["m.a", "m.c"], { all: true, terminateAtEnd: true })).messages);
    expect(got.map((m) => m.subject)).toEqual(["m.a", "m.c", "m.a", "m.c"]);
  });

  it("--start-sequence, --last and --last-per-subject", async () => {
    const seqs = (await collectAll((await jsSubscribe(nc, JS, [], { stream: "ORDERS", startSequence: 5, terminateAtEnd: true })).messages)).map((m) => m.seq);
    const first = (await jsm.streams.info("ORDERS")).state.first_seq;
    expect(seqs[0]).toBe(5);
    expect(seqs).toHaveLength(7 + first - 5);
    const last = await collectAll((await jsSubscribe(nc, JS, ["orders.old"], { last: true, terminateAtEnd: true })).messages);
    expect(last.map((m) => Buffer.from(m.data).toString())).toEqual(["o6"]);
    const lps = await collectAll((await jsSubscribe(nc, JS, [], { stream: "ORDERS", lastPerSubject: true, terminateAtEnd: true })).messages);
    expect(lps.map((m) => Buffer.from(m.data).toString()).sort()).toEqual(["o6", "o7"]);
  });

  it("--new delivers only messages published after the start", async () => {
    const sub = await jsSubscribe(nc, JS, ["orders.new"], { new: true });
    expect(sub.description).toBe("Subscribing to subject orders.new for new messages");
    const it = sub.messages[Symbol.asyncIterator]();
    const p = it.next();
    await jetstream(nc).publish("orders.old", "ignored");
    await jetstream(nc).publish("orders.new", "fresh");
    const m = await p;
    expect(Buffer.from(m.value!.data).toString()).toBe("fresh");
    await sub.stop();
  });

  it("-T on an empty stream ends at once", async () => {
    const got = await collectAll((await jsSubscribe(nc, JS, [], { stream: "EMPTY", all: true, terminateAtEnd: true })).messages);
    expect(got).toEqual([]);
  });

  it("--durable creates a pull consumer and acknowledges what it yields", async () => {
    const sub = await jsSubscribe(nc, JS, ["orders.old"], { durable: "D1", all: true, terminateAtEnd: true });
    expect(sub.description).toBe('Subscribing to JetStream Stream "ORDERS" using pull consumer "D1" from first received message');
    const got = await collectAll(sub.messages);
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(got.every((m) => m.subject === "orders.old")).toBe(true);
    const ci = await jsm.consumers.info("ORDERS", "D1");
    expect(ci.config).toMatchObject({ durable_name: "D1", filter_subject: "orders.old", ack_policy: "explicit" });
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.num_pending).toBe(0);
    expect(ci.ack_floor.stream_seq).toBeGreaterThanOrEqual(got[got.length - 1]!.seq); // the server moves the floor past filtered-out sequences
    const again = await jsSubscribe(nc, JS, ["orders.new"], { durable: "D1" }).catch((e: unknown) => e);
    expect((again as CliError).message).toContain('durable consumer "D1" filters on orders.old, not orders.new');
  });

  it("a durable reader that stops after one message still acknowledges it", async () => {
    const sub = await jsSubscribe(nc, JS, ["orders.new"], { durable: "D2", all: true });
    let first: JsSubMessage | undefined;
    for await (const m of sub.messages) { first = m; break; }
    const ci = await jsm.consumers.info("ORDERS", "D2");
    expect(ci.num_ack_pending).toBe(0);
    expect(ci.ack_floor.stream_seq).toBeGreaterThanOrEqual(first!.seq);
    expect(ci.delivered.stream_seq).toBeGreaterThanOrEqual(first!.seq);
  });

  it("a subject no stream holds is exit 7 with natscli's words", async () => {
    const e = (await jsSubscribe(nc, JS, ["nothing.here"], { all: true }).catch((x: unknown) => x)) as CliError;
    expect(e.message).toBe("no stream found with subject: nothing.here");
    expect(e.exitCode).toBe(7);
  });

  it("aborting the signal ends the iteration", async () => {
    const ac = new AbortController();
    const sub = await jsSubscribe(nc, JS, ["orders.none"], { stream: "ORDERS", new: true, signal: ac.signal });
    const done = collectAll(sub.messages);
    setTimeout(() => ac.abort(), 100);
    expect(await done).toEqual([]);
  });

  it("formats natscli's header line and the NDJSON fields", () => {
    const time = new Date(2024, 0, 2, 3, 4, 5);
    const m = { stream: "ORDERS", seq: 12345, pending: 1000, subject: "orders.new", time, consumerSeq: 3, redelivered: false };
    expect(jsHeaderLine(7, m)).toBe("[#7] Received JetStream message: stream: ORDERS seq: 12,345 / pending: 1,000 / subject: orders.new / time: 2024-01-02 03:04:05");
    expect(jsHeaderLine(1, m, " @ x")).toMatch(/^\[#1\] @ x Received JetStream message/);
    expect(jsJsonFields(m)).toEqual({ stream: "ORDERS", sequence: 12345, consumer_sequence: 3, pending: 1000, time: time.toISOString(), redelivered: false });
    const full = jsMessageJson({ ...m, data: new TextEncoder().encode("hi"), headers: undefined, deliveryCount: 1, msg: undefined as never });
    expect(full).toMatchObject({ subject: "orders.new", stream: "ORDERS", sequence: 12345, data: "hi" });
  });
});
