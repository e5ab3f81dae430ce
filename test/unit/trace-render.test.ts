import { describe, expect, it } from "vitest";
import { linkTrace, renderTrace, type TraceEvent } from "../../src/trace/render.js";

// The shapes nats-server 2.11 sends (msgtrace.go): the origin server saw a client publish and routed it on hop "1"
// to n2, which delivered it to a client and stored it in a stream.
const origin: TraceEvent = {
  server: { name: "n1", id: "N1", cluster: "c1", ver: "2.11.0", time: "2025-01-01T00:00:00.000Z" },
  request: { header: { "Nats-Trace-Dest": ["_INBOX.x"] }, msgsize: 40 },
  hops: 1,
  events: [
    { type: "in", ts: "2025-01-01T00:00:00.000Z", kind: 0, cid: 7, name: "pub", acc: "APP", subj: "orders.new" },
    { type: "sm", ts: "2025-01-01T00:00:00.000Z", to: "orders.mapped" },
    { type: "eg", ts: "2025-01-01T00:00:00.001Z", kind: 1, cid: 3, name: "n2", hop: "1" },
  ],
};
const n2: TraceEvent = {
  server: { name: "n2", id: "N2", cluster: "c1", ver: "2.11.0" },
  request: { header: { "Nats-Trace-Hop": ["1"] } },
  events: [
    { type: "in", ts: "2025-01-01T00:00:00.002Z", kind: 1, cid: 4, name: "n1", acc: "APP", subj: "orders.mapped" },
    { type: "js", ts: "2025-01-01T00:00:00.003Z", stream: "ORDERS", subject: "orders.mapped" },
    { type: "eg", ts: "2025-01-01T00:00:00.004Z", kind: 0, cid: 9, name: "worker", acc: "APP", sub: "orders.>", queue: "q" },
  ],
};

describe("trace tree", () => {
  it("links hops and draws natscli's tree", () => {
    const { origin: o, missing } = linkTrace([n2, origin]);
    expect(missing).toEqual([]);
    const egress: Record<string, number> = {};
    expect(renderTrace(o!, { timestamps: false }, egress)).toEqual([
      'Client "pub" cid:7 cluster:"c1" server:"n1" version:"2.11.0"',
      '    Mapping subject:"orders.mapped"',
      '--> Router "n2" rid:3',
      '    Router "n1" rid:4 server:"n2" version:"2.11.0"',
      '    --J JetStream action:"stored" stream:"ORDERS" subject:"orders.mapped"',
      '    --C Client "worker" cid:9 account:"APP" subject:"orders.>" queue:"q"',
    ]);
    expect(egress).toEqual({ Router: 1, JetStream: 1, Client: 1 });
  });

  it("prefixes timestamps relative to the ingress, and names hops that never answered", () => {
    const { origin: o, missing } = linkTrace([origin]);
    expect(missing).toEqual(["1"]);
    const lines = renderTrace(o!, { timestamps: true });
    expect(lines[0]).toMatch(/^\[0µs\] Client "pub"/);
    expect(lines[2]).toBe('[1ms] --> Router "n2" rid:3');
  });

  it("says when nothing was interested", () => {
    const lonely: TraceEvent = { server: { name: "n1", id: "N1", ver: "2.11.0" }, events: [{ type: "in", kind: 0, cid: 1, acc: "$G", subj: "x" }] };
    expect(renderTrace(lonely, { timestamps: false })).toEqual(['Client cid:1 server:"n1" version:"2.11.0"', "--X No active interest"]);
  });
});
