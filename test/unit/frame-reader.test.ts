import { describe, expect, it } from "vitest";
import type { MsgHdrs } from "@nats-io/transport-node";
import { clientParser, decodeHeaders, type ClientEvent } from "../../src/client/protocol.js";
import { FrameReader, type FrameMsg } from "../../src/messaging/frame-reader.js";

// Issue 15 item 3: the framing reader yields exactly what the client's own parser and Msg yield, for a
// byte stream cut at every offset.

function hdrs(h: MsgHdrs | undefined): unknown {
  if (!h) return undefined;
  return { code: h.code, description: h.description, entries: [...(h as unknown as Iterable<[string, string[]]>)] };
}

function normal(e: ClientEvent): unknown {
  return e.kind === "msg" ? { ...e, reply: e.reply || "", headers: hdrs(e.headers), data: Buffer.from(e.data).toString("base64") } : e;
}

/** Feeds `parts` to a reader taking the messages of `fast` sids, the rest going to the client's parser; returns all events in order. */
function viaReader(parts: Uint8Array[], fast: Set<number>): unknown[] {
  const out: ClientEvent[] = [];
  let batches = 0;
  const target = {
    message: (m: FrameMsg) => out.push({ kind: "msg", sid: m.sid, subject: m.subject, reply: m.reply ?? "", headers: m.headers, data: m.data }),
    batchEnd: () => { batches++; },
  };
  const r = new FrameReader(clientParser(out), (sid) => (fast.has(sid) ? target : undefined), decodeHeaders);
  for (const p of parts) r.parse(p);
  return out.map(normal);
}

function viaClient(stream: Uint8Array): unknown[] {
  const out: ClientEvent[] = [];
  clientParser(out).parse(stream);
  return out.map(normal);
}

const len = (t: string) => Buffer.byteLength(t);
const msg = (subject: string, sid: number, data: string, reply?: string) => `MSG ${subject} ${sid} ${reply ? `${reply} ` : ""}${len(data)}\r\n${data}\r\n`;
const hmsg = (subject: string, sid: number, hdr: string, data: string, reply?: string) =>
  `HMSG ${subject} ${sid} ${reply ? `${reply} ` : ""}${len(hdr)} ${len(hdr) + len(data)}\r\n${hdr}${data}\r\n`;
const big = "B".repeat(100_000);
const STREAM = Buffer.from([
  'INFO {"server_id":"x","version":"2.9.10","headers":true,"max_payload":1048576}\r\n',
  "PING\r\n",
  "+OK\r\n",
  msg("orders.new", 1, "hello"),
  msg("orders.new", 1, "abc", "_INBOX.abc.def"),
  msg("orders.empty", 1, ""),
  msg("other.sid", 2, "nope"),
  hmsg("orders.h", 1, "NATS/1.0\r\nK: v1\r\n\r\n", "hello"),
  hmsg("orders.h", 1, "NATS/1.0\r\nA: 1\r\nA: 2\r\nB:  x \r\n\r\n", "", "reply.x"),
  hmsg("_INBOX.x", 1, "NATS/1.0 503\r\n\r\n", ""),
  msg("orders.crlf", 1, "line\r\nMSG fake 1 3\r\nx"),
  "MSG  orders.spaces\t1   9\r\n  spaced \r\n",
  msg("orders.ütf8", 1, "ok ✓"),
  // numbers past the fast line parser's 9 digits, a numeric reply, leading zeros: the general parser's cases
  msg("orders.bigsid", 1234567890, "hi"),
  msg("orders.hugesid", 99999999999, "hi"),
  msg("orders.numreply", 1, "abc", "12345678901234567890"),
  "MSG orders.zeros 1 0003\r\nabc\r\n",
  hmsg("orders.hzeros", 1, "NATS/1.0\r\n\r\n", "x", "000"),
  msg("orders.big", 1, big),
  "PONG\r\n",
  "-ERR 'Permissions Violation for Subscription to \"secret\"'\r\n",
  msg("orders.after", 1, "after"),
  hmsg("other.h", 2, "NATS/1.0\r\n\r\n", "hi"),
  msg("orders.last", 1, "last"),
].join(""));

describe("framing reader", () => {
  it("delivers what the client delivers for a stream cut in two at every offset", () => {
    const want = viaClient(STREAM);
    expect(want.filter((e) => (e as { kind: string }).kind === "msg")).toHaveLength(19);
    for (const fast of [new Set([1]), new Set([1, 2]), new Set<number>()]) {
      // the 100 KB message makes every offset slow: step through it, but cut at every byte elsewhere
      for (let k = 0; k <= STREAM.length; k += k > 800 && k < STREAM.length - 800 ? 997 : 1) {
        expect(viaReader([STREAM.subarray(0, k), STREAM.subarray(k)], fast), `cut at ${k}`).toEqual(want);
      }
    }
  });

  it("gives a payload-only target the payloads and sizes message() gives, for a stream cut at every offset", () => {
    const viaMessages: unknown[] = [];
    new FrameReader(clientParser([]), (sid) => (sid === 1 ? { message: (m: FrameMsg) => viaMessages.push([Buffer.from(m.data).toString("base64"), m.wireSize]) } : undefined), decodeHeaders).parse(STREAM);
    expect(viaMessages).toHaveLength(15);
    for (let k = 0; k <= STREAM.length; k += k > 800 && k < STREAM.length - 800 ? 997 : 1) {
      const got: unknown[] = [];
      const target = {
        message: () => { throw new Error("message() called for a payload target"); },
        payload: (chunk: Uint8Array, start: number, size: number, wireSize: number) => got.push([Buffer.from(chunk.subarray(start, start + size)).toString("base64"), wireSize]),
      };
      const r = new FrameReader(clientParser([]), (sid) => (sid === 1 ? target : undefined), decodeHeaders);
      r.parse(STREAM.subarray(0, k));
      r.parse(STREAM.subarray(k));
      expect(got, `cut at ${k}`).toEqual(viaMessages);
    }
  });

  it("delivers the same when the stream comes a byte at a time, and in random chunks", () => {
    const small = STREAM.subarray(0, STREAM.indexOf("MSG orders.big"));
    expect(viaReader([...small].map((b) => Uint8Array.of(b)), new Set([1]))).toEqual(viaClient(small));
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 50; n++) {
      const parts: Uint8Array[] = [];
      for (let at = 0; at < STREAM.length;) {
        const len = 1 + Math.floor(rnd() * 4000);
        parts.push(STREAM.subarray(at, at + len));
        at += len;
      }
      expect(viaReader(parts, new Set([1]))).toEqual(viaClient(STREAM));
    }
  });

  it("hands input it does not know to the client's parser, which fails as it would", () => {
    const bad = Buffer.from("MSG orders.new 1 5\r\nhello\r\nmsg lower.case 1 2\r\nok\r\nMSG orders.x 1 2\r\nhi\r\n");
    expect(viaReader([bad], new Set([1]))).toEqual(viaClient(bad));
    const broken = Buffer.from("MSG orders.new 1 5\r\nhello\r\nMSG a b c d e f g\r\n");
    expect(() => viaClient(broken)).toThrow(/processMsgArgs/);
    expect(() => viaReader([broken], new Set([1]))).toThrow(/processMsgArgs/);
  });
});
