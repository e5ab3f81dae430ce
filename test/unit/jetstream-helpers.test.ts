import { describe, expect, it } from "vitest";
import { applyStreamFlags, defaultStreamConfig, validateStreamConfig } from "../../src/jetstream/stream-config.js";
import { configDiff } from "../../src/jetstream/config-file.js";
import { applyConsumerFlags, linearBackoff, parseDeliver, parsePauseUntil } from "../../src/jetstream/consumer-config.js";
import { splitList } from "../../src/util/flags.js";
import { compareVersions } from "../../src/jetstream/version.js";
import { subjectMatches } from "../../src/util/subject.js";
import { explain } from "../../src/errors.js";
import { JetStreamApiError, jserrors } from "@nats-io/jetstream/internal";

describe("subjects and versions", () => {
  it("matches NATS wildcards", () => {
    expect(subjectMatches("orders.>", "orders.new")).toBe(true);
    expect(subjectMatches("orders.>", "orders")).toBe(false);
    expect(subjectMatches("orders.*", "orders.new.x")).toBe(false);
    expect(subjectMatches("orders.*.x", "orders.new.x")).toBe(true);
    expect(subjectMatches("a.b", "a.b")).toBe(true);
    expect(subjectMatches("a.b", "a.c")).toBe(false);
  });
  it("compares server versions", () => {
    expect(compareVersions("2.9.10", "2.11.0")).toBeLessThan(0);
    expect(compareVersions("v2.11.0-RC.1", "2.11.0")).toBe(0);
    expect(compareVersions("2.10.1", "2.10.0")).toBeGreaterThan(0);
  });
  it("splits comma and space lists", () => {
    expect(splitList(["a, b", "c d", ""])).toEqual(["a", "b", "c", "d"]);
  });
});

describe("stream config", () => {
  it("applies only the flags given", () => {
    const base = defaultStreamConfig("S");
    const c = applyStreamFlags(base, { maxAge: "1h", maxMsgs: "0", discardPerSubject: true, tag: ["a,b"], cluster: "c1", ack: false });
    expect(c).toMatchObject({ max_age: 3_600_000_000_000, max_msgs: -1, discard: "new", discard_new_per_subject: true, placement: { cluster: "c1", tags: ["a", "b"] }, no_ack: true, storage: "file" });
    expect(applyStreamFlags(base, {})).toEqual(base);
    expect(applyStreamFlags(base, { maxAge: "30s" }).duplicate_window).toBe(30_000_000_000);
    expect(() => applyStreamFlags(base, { transformSource: "a" })).toThrow(/must be given together/);
    expect(() => applyStreamFlags(base, { maxAge: "10" })).toThrow(/add a unit|invalid --max-age/);
    expect(applyStreamFlags(base, { mirror: '{"name":"M","filter_subject":"x"}' }).mirror).toEqual({ name: "M", filter_subject: "x" });
  });
  it("validates like natscli --validate", () => {
    expect(validateStreamConfig({ ...defaultStreamConfig("S"), subjects: ["a"] })).toEqual([]);
    expect(validateStreamConfig({ ...defaultStreamConfig("S.x"), subjects: [] }).join()).toMatch(/invalid stream name.*subjects are required/);
  });
  it("diffs configs by field", () => {
    expect(configDiff({ a: 1, b: "x", c: [] }, { a: 1, b: "y", c: undefined })).toBe('  Config{\n-   b: "x",\n+   b: "y",\n  }\n');
    expect(configDiff({ a: 1, e: false }, { a: 1 })).toBe("");
    // both lines, as natscli: a field the old config lacks (the server left it out) shows its empty value
    expect(configDiff({ a: 1 }, { a: 1, description: "TEST", deny_purge: true, tags: ["x"] })).toBe(
      '  Config{\n-   description: "",\n+   description: "TEST",\n-   deny_purge: false,\n+   deny_purge: true,\n-   tags: [],\n+   tags: ["x"],\n  }\n');
    expect(configDiff({ a: 1, description: "old" }, { a: 1, description: "" })).toBe('  Config{\n-   description: "old",\n+   description: "",\n  }\n');
  });
});

describe("consumer config", () => {
  const now = Date.UTC(2024, 0, 1);
  it("parses deliver policies", () => {
    expect(parseDeliver("all", now)).toEqual({ deliver_policy: "all" });
    expect(parseDeliver("next", now)).toEqual({ deliver_policy: "new" });
    expect(parseDeliver("subject", now)).toEqual({ deliver_policy: "last_per_subject" });
    expect(parseDeliver("42", now)).toEqual({ deliver_policy: "by_start_sequence", opt_start_seq: 42 });
    expect(parseDeliver("1h", now)).toEqual({ deliver_policy: "by_start_time", opt_start_time: new Date(now - 3_600_000).toISOString() });
    expect(() => parseDeliver("bogus", now)).toThrow(/invalid --deliver/);
  });
  it("builds linear backoffs and raises max_deliver above them", () => {
    expect(linearBackoff(3, 1000, 3000)).toEqual([1e9, 2e9, 3e9]);
    expect(applyConsumerFlags({}, { backoff: "linear", backoffSteps: "4", backoffMin: "1s", backoffMax: "4s" }, now)).toMatchObject({ backoff: [1e9, 2e9, 3e9, 4e9], max_deliver: 5 });
  });
  it("takes pause times as local dates or durations", () => {
    expect(parsePauseUntil("1h", now).getTime()).toBe(now + 3_600_000);
    expect(parsePauseUntil("2030-05-06 07:08:09", now)).toEqual(new Date(2030, 4, 6, 7, 8, 9));
  });
});

describe("JetStream API errors", () => {
  it("read as one line with the error code and map to exit codes", () => {
    const nf = explain(jserrors.StreamNotFoundError.fromMessage("stream not found"));
    expect([nf.message, nf.exitCode]).toEqual(["stream not found (error 10059)", 7]);
    const inUse = explain(new JetStreamApiError({ code: 400, err_code: 10058, description: "stream name already in use with a different configuration" }));
    expect(inUse.exitCode).toBe(8);
    expect(inUse.message).toBe("stream name already in use with a different configuration (error 10058)");
    const overlap = explain(new JetStreamApiError({ code: 400, err_code: 10065, description: "subjects overlap with an existing stream" }));
    expect(overlap.exitCode).toBe(8);
    const res = explain(new JetStreamApiError({ code: 500, err_code: 10023, description: "insufficient resources" }));
    expect([res.message, res.exitCode]).toEqual(["insufficient resources (error 10023)", 1]);
    expect(res.hint).toMatch(/--replicas/);
    const cnf = explain(new JetStreamApiError({ code: 404, err_code: 10014, description: "consumer not found" }));
    expect(cnf.exitCode).toBe(7);
    // with the subject of the request the server answered, the missing thing is named
    const named = explain(jserrors.StreamNotFoundError.fromMessage("stream not found"), { jsRequest: "$JS.API.STREAM.INFO.ORDERS" });
    expect([named.message, named.hint, named.exitCode]).toEqual(['stream "ORDERS" not found', "`nats stream ls` lists them", 7]);
    const c = explain(new JetStreamApiError({ code: 404, err_code: 10014, description: "consumer not found" }), { jsRequest: "$JS.hub.API.CONSUMER.MSG.NEXT.ORDERS.NEW" });
    expect([c.message, c.hint]).toEqual(['consumer "NEW" not found in stream "ORDERS"', "`nats consumer ls ORDERS` lists them"]);
    // a revision clash from the client library (kv update/create) reads the same way: exit 8
    const clash = explain(new JetStreamApiError({ code: 400, err_code: 10071, description: "wrong last sequence: 5" }));
    expect([clash.message, clash.exitCode]).toEqual(["wrong last sequence: 5 (error 10071)", 8]);
  });
});

describe("what a JetStream API subject names", () => {
  it("finds the stream and consumer after the verb, whatever the prefix", async () => {
    const { jsApiTarget } = await import("../../src/errors.js");
    expect(jsApiTarget("$JS.API.STREAM.INFO.ORDERS")).toEqual({ stream: "ORDERS" });
    expect(jsApiTarget("$JS.API.STREAM.MSG.GET.ORDERS")).toEqual({ stream: "ORDERS" });
    expect(jsApiTarget("$JS.API.DIRECT.GET.KV_CFG.$KV.CFG.k")).toEqual({ stream: "KV_CFG" });
    expect(jsApiTarget("$JS.API.CONSUMER.INFO.ORDERS.NEW")).toEqual({ stream: "ORDERS", consumer: "NEW" });
    expect(jsApiTarget("$JS.API.CONSUMER.CREATE.ORDERS.NEW.orders.>")).toEqual({ stream: "ORDERS", consumer: "NEW" });
    expect(jsApiTarget("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D")).toEqual({ stream: "ORDERS", consumer: "D" });
    expect(jsApiTarget("$JS.API.CONSUMER.LIST.ORDERS")).toEqual({ stream: "ORDERS", consumer: undefined });
    expect(jsApiTarget("x.API.STREAM.NAMES")).toEqual({ stream: undefined });
    expect(jsApiTarget("orders.new")).toEqual({});
  });
});
