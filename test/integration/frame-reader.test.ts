import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { connect, headers } from "../../src/nats-client.js";
import { clientParser, decodeHeaders, type ClientEvent } from "../../src/client/protocol.js";
import { FrameReader, type FrameMsg } from "../../src/messaging/frame-reader.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { startCli } from "../helpers/run-cli.js";
import { startTcpProxy } from "../helpers/tcp-proxy.js";

// Issue 15 item 3: on a byte stream recorded from a real nats-server, the framing reader yields exactly what
// the client's parser and Msg yield, wherever the stream is cut; and `sub` keeps working across a reconnect
// (the client replaces its parser then).

let server: NatsServer;
let nc: NatsConnection;
beforeAll(async () => {
  server = await startNatsServer({ monitor: true });
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** The ids of the connections subscribed to `subject`. */
async function subscribers(subject: string): Promise<number[]> {
  const connz = (await (await fetch(`${server.monitorUrl}/connz?subs=1`)).json()) as { connections?: { cid: number; subscriptions_list?: string[] }[] };
  return (connz.connections ?? []).filter((c) => c.subscriptions_list?.includes(subject)).map((c) => c.cid);
}

function normal(e: ClientEvent): unknown {
  if (e.kind !== "msg") return e;
  const h = e.headers as (MsgHdrs & Iterable<[string, string[]]>) | undefined;
  return { ...e, reply: e.reply || "", headers: h ? { code: h.code, entries: [...h] } : undefined, data: Buffer.from(e.data).toString("base64") };
}

describe("framing reader on a recorded stream", () => {
  it("yields what the client yields, cut at every offset", async () => {
    const proxy = await startTcpProxy(server.port);
    const sub = await connect({ servers: proxy.url });
    const got: string[] = [];
    sub.subscribe("rec.>", { callback: (_e, m) => { got.push(m.subject); } });
    sub.subscribe("other.>", { callback: () => undefined });
    await sub.flush();
    const h = headers();
    h.set("X-Trace", "abc");
    h.append("X-Trace", "def");
    for (let i = 0; i < 40; i++) {
      nc.publish(`rec.${i}`, new Uint8Array(i * 5).fill(65 + (i % 26)), { reply: i % 3 ? undefined : `_INBOX.r.${i}`, headers: i % 4 ? undefined : h });
      if (i % 10 === 0) nc.publish("other.x", "not ours");
    }
    await nc.flush();
    await sub.flush();
    for (let i = 0; got.length < 40 && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
    await sub.close();
    await proxy.close();
    const stream = proxy.received();
    expect(stream.toString("latin1")).toMatch(/^INFO /);
    expect(stream.toString("latin1")).toContain("HMSG rec.0 1 _INBOX.r.0 ");

    const want: ClientEvent[] = [];
    clientParser(want).parse(stream);
    expect(want.filter((e) => e.kind === "msg")).toHaveLength(44);
    for (let k = 0; k <= stream.length; k++) {
      const out: ClientEvent[] = [];
      const target = { message: (m: FrameMsg) => out.push({ kind: "msg", sid: m.sid, subject: m.subject, reply: m.reply ?? "", headers: m.headers, data: m.data }) };
      const r = new FrameReader(clientParser(out), (sid) => (sid === 1 ? target : undefined), decodeHeaders);
      r.parse(stream.subarray(0, k));
      r.parse(stream.subarray(k));
      expect(out.map(normal), `cut at ${k}`).toEqual(want.map(normal));
    }
  });
});

describe("sub through the framing reader", () => {
  it("keeps printing after the connection is lost and comes back", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const run = startCli(["sub", "-s", proxy.url, "rc.x", "--raw", "--count", "6"]);
      for (let i = 0; (await subscribers("rc.x")).length === 0; i++) {
        if (i > 500) throw new Error("sub never subscribed");
        await new Promise((r) => setTimeout(r, 10));
      }
      for (const b of ["one", "two", "three"]) nc.publish("rc.x", b);
      await run.waitFor("three\n");
      const cids = await subscribers("rc.x");
      expect(cids).toHaveLength(1);
      proxy.dropAll();
      await run.waitFor("Reconnected", { stream: "err", timeoutMs: 10_000 });
      // the reconnect resubscribed: wait until the server has the interest on the new connection
      for (let i = 0; (await subscribers("rc.x")).every((cid) => cids.includes(cid)); i++) {
        if (i > 500) throw new Error("the subscription did not come back");
        await new Promise((r) => setTimeout(r, 10));
      }
      for (const b of ["four", "five", "six"]) nc.publish("rc.x", b);
      const r = await run.result;
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("one\ntwo\nthree\nfour\nfive\nsix\n");
      expect(r.stderr).toMatch(/Received 6 messages\n$/);
    } finally {
      await proxy.close();
    }
  });
});
