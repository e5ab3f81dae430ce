import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { connect } from "../../src/nats-client.js";
import { ClientInternalsChanged, frameSink } from "../../src/client/protocol.js";
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

  it("says clearly when the client does not have them", () => {
    expect(() => frameSink({} as NatsConnection)).toThrow(ClientInternalsChanged);
    expect(() => frameSink({ protocol: { sendCommand: () => undefined } } as unknown as NatsConnection)).toThrow(/outMsgs/);
  });
});
