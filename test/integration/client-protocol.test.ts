import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { connect } from "../../src/nats-client.js";
import { ClientInternalsChanged, frameSink, installReader, type InnerParser } from "../../src/client/protocol.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";

// src/client/protocol.ts is natsx's only use of the NATS client's internals (the framing paths of issue 15).
// These tests fail when an upgrade of @nats-io/nats-core changes what it relies on.

let server: NatsServer;
let nc: NatsConnection;
beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe("the client internals the framing paths use", () => {
  it("frameSink writes frames through the connection, in order with publish(), and counts them in stats()", async () => {
    const got: string[] = [];
    nc.subscribe("seam.>", { callback: (_e, m: Msg) => { got.push(`${m.subject}:${m.string()}`); } });
    await nc.flush();
    const before = nc.stats();
    const sink = frameSink(nc);
    nc.publish("seam.a", "1");
    sink.write(Buffer.from("PUB seam.b 1\r\n2\r\nPUB seam.c 1\r\n3\r\n"));
    sink.count(2, 2);
    nc.publish("seam.d", "4");
    await nc.flush();
    for (let i = 0; got.length < 4 && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(["seam.a:1", "seam.b:2", "seam.c:3", "seam.d:4"]);
    expect(nc.stats().outMsgs - before.outMsgs).toBe(4);
    expect(nc.stats().outBytes - before.outBytes).toBe(4);
  });

  it("installReader sees every chunk the connection reads, before and after a reconnect, and feeds the client's parser", async () => {
    const c = await connect({ servers: server.url, reconnectTimeWait: 50 });
    try {
      const seen: string[] = [];
      let inner!: InnerParser;
      let resets = 0;
      installReader(c, (first) => {
        inner = first;
        return {
          parse: (chunk) => { seen.push(Buffer.from(chunk).toString("latin1")); inner.parse(chunk); },
          reset: (next) => { resets++; inner = next; },
        };
      });
      const got: string[] = [];
      c.subscribe("rd.x", { callback: (_e, m) => { got.push(m.string()); } });
      await c.flush();
      nc.publish("rd.x", "before");
      await nc.flush();
      await c.flush();
      expect(got).toEqual(["before"]);
      expect(seen.join("")).toContain("MSG rd.x 1 6\r\nbefore\r\n");
      // a new connection: the client makes a new parser, which the reader takes as its inner one
      const back = (async () => { for await (const s of c.status()) if (s.type === "reconnect") return; })();
      await c.reconnect();
      await back;
      expect(resets).toBeGreaterThanOrEqual(1);
      seen.length = 0;
      await c.flush();
      nc.publish("rd.x", "after");
      await nc.flush();
      await c.flush();
      expect(got).toEqual(["before", "after"]);
      expect(seen.join("")).toContain("MSG rd.x 1 5\r\nafter\r\n");
      expect(inner.idle()).toBe(true);
    } finally {
      await c.close();
    }
  });

  it("says clearly when the client does not have them", () => {
    expect(() => frameSink({} as NatsConnection)).toThrow(ClientInternalsChanged);
    expect(() => frameSink({ protocol: { sendCommand: () => undefined } } as unknown as NatsConnection)).toThrow(/flushPending/);
    expect(() => frameSink({ protocol: { sendCommand: () => undefined, flushPending: () => undefined } } as unknown as NatsConnection)).toThrow(/outMsgs/);
  });
});
