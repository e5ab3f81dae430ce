import { describe, expect, it } from "vitest";
import { cloudEvent, renderEvent, shortTime } from "../../src/events/render.js";

const ts = "2024-05-01T10:11:12.345Z";

describe("event rendering", () => {
  it("renders RAFT and delivery advisories in natscli's short and long layouts", () => {
    const e = { type: "io.nats.jetstream.advisory.v1.stream_leader_elected", id: "abc", timestamp: ts, stream: "ORDERS", leader: "n2", replicas: [{ name: "n1", current: true, active: 1_500_000 }, { name: "n3", current: false, active: 2_000_000_000 }] };
    expect(renderEvent("$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.ORDERS", e, "short")).toBe(`${shortTime(ts)} [RAFT] Stream ORDERS elected n2 of 2 peers`);
    expect(renderEvent("x", e, "long")).toBe([`[${shortTime(ts)}] [abc] Stream Leader Election`, "", "        Stream: ORDERS", "        Leader: n2", "      Replicas:",
      "", "             Name: n1", "          Current: true", "           Active: 1.5ms", "", "             Name: n3", "          Current: false", "           Active: 2s"].join("\n"));
    const t = { type: "io.nats.jetstream.advisory.v1.terminated", timestamp: ts, stream: "S", consumer: "C", stream_seq: 9, deliveries: 3, reason: "unprocessed" };
    expect(renderEvent("x", t, "short")).toBe(`${shortTime(ts)} [JS Delivery Terminated] S (9) > C: 3 deliveries: unprocessed`);
  });

  it("never shows a client's JWT, only its issuer", () => {
    const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVQUJDIn0.c2ln";
    const e = { type: "io.nats.server.advisory.v1.client_connect", id: "x", timestamp: ts, server: { name: "s1" }, client: { id: 4, acc: "A", jwt, issuer_key: "AISSUER", name_tag: "bob" } };
    const text = renderEvent("$SYS.ACCOUNT.A.CONNECT", e, "long")!;
    expect(text).toMatch(/ +Issuer Key: AISSUER\n +Name Tag: bob/);
    expect(text).not.toContain(jwt);
  });

  it("knows shutdown notices by subject and leaves unknown schemas to the caller", () => {
    expect(renderEvent("$SYS.SERVER.NABC.SHUTDOWN", { server: { name: "n2", id: "NABC", time: ts } }, "short")).toBe(`${shortTime(ts)} [Server Shutdown] n2 (NABC)`);
    expect(renderEvent("x", { type: "io.nats.something.v9.new" }, "short")).toBeUndefined();
  });

  it("wraps typed events as CloudEvents v1", () => {
    const e = { type: "io.nats.jetstream.advisory.v1.stream_action", id: "i1", timestamp: ts, stream: "S", action: "create" };
    expect(cloudEvent(e)).toEqual({ type: e.type, time: ts, id: "i1", source: "urn:nats:jetstream", dataschema: "https://raw.githubusercontent.com/nats-io/jsm.go/master/schemas/jetstream/advisory/v1/stream_action.json", specversion: "1.0", subject: "advisory", data: e });
    expect(cloudEvent({})).toBeUndefined();
  });
});
