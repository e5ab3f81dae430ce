import { describe, expect, it } from "vitest";
import type { ClusterInfo } from "@nats-io/jetstream";
import { compactNames, raftLeaderRows, renderCluster } from "../../src/jetstream/cluster.js";
import { gapsFromDeleted } from "../../src/jetstream/gaps.js";
import { balanceLeaders, type Balanceable } from "../../src/jetstream/leaders.js";
import { requiredApiLevel, subjectIsSubsetMatch } from "../../src/jetstream/query.js";
import { jsAckHeaderLine, parseJsAck } from "../../src/jetstream/sub-meta.js";

describe("renderCluster (natscli's cli/util_test.go TestRenderCluster)", () => {
  it("sorts the peers, marks the leader * and the replicas that are not current !", () => {
    const cluster = { name: "test", leader: "S2", replicas: [{ name: "S3", current: false, active: 30199700, lag: 882130 }, { name: "S1", current: false, active: 30202300, lag: 882354 }] } as unknown as ClusterInfo;
    expect(renderCluster(cluster)).toBe("S1!, S2*, S3!");
    expect(renderCluster({ name: "test" } as ClusterInfo)).toBe("");
    expect(renderCluster(undefined)).toBe("");
  });

  it("drops the dotted suffix every server shares, as natscli's CompactStrings", () => {
    expect(compactNames(["n1.east.example.com", "n2.east.example.com"])).toEqual(["n1", "n2"]);
    expect(compactNames(["n1.east", "n2.west"])).toEqual(["n1.east", "n2.west"]);
    expect(compactNames(["solo"])).toEqual(["solo"]);
  });

  it("RAFT leader rows: by cluster, fewest groups first, ten stars for the whole", () => {
    expect(raftLeaderRows([{ name: "a", cluster: "c", groups: 3 }, { name: "b", cluster: "c", groups: 1 }])).toEqual([["b", "c", "1", "***"], ["a", "c", "3", "********"]]);
  });
});

describe("jsm.go's subject subset match (stream find --subject)", () => {
  it("a stream subject matches when everything it holds falls under the wildcard", () => {
    expect(subjectIsSubsetMatch("foo.*", ">")).toBe(true);
    expect(subjectIsSubsetMatch("foo.*", "*.*")).toBe(true);
    expect(subjectIsSubsetMatch("foo.*", "foo.*")).toBe(true);
    expect(subjectIsSubsetMatch("foo.*", "foo.bar")).toBe(false);
    expect(subjectIsSubsetMatch("foo.>", "foo.*")).toBe(false);
    expect(subjectIsSubsetMatch("foo.bar", "foo.*")).toBe(true);
    expect(subjectIsSubsetMatch("foo", "foo.bar")).toBe(false);
  });

  it("reads the API level the server stamps on assets", () => {
    expect(requiredApiLevel({ "_nats.req.level": "1" })).toBe(1);
    expect(requiredApiLevel(undefined)).toBe(0);
    expect(requiredApiLevel({ other: "x" })).toBe(0);
  });
});

describe("gaps", () => {
  it("groups deleted sequences into runs", () => {
    expect(gapsFromDeleted([9, 3, 5, 4])).toEqual([[3, 5], [9, 9]]);
    expect(gapsFromDeleted([])).toEqual([]);
    expect(gapsFromDeleted([7, 7, 8])).toEqual([[7, 8]]);
  });
});

describe("the JetStream ack subject of a push delivery", () => {
  it("reads both forms: 9 tokens, and 12+ with domain and account hash", () => {
    expect(parseJsAck("$JS.ACK.TESTING.TAIL.1.2638.568.1700000000000000000.0")).toEqual({ stream: "TESTING", consumer: "TAIL", delivered: 1, streamSeq: 2638, consumerSeq: 568 });
    expect(parseJsAck("$JS.ACK.hub.ACCHASH.ORDERS.C.2.10.5.1700000000000000000.3.rand")).toEqual({ stream: "ORDERS", consumer: "C", delivered: 2, streamSeq: 10, consumerSeq: 5 });
    expect(parseJsAck("_INBOX.x")).toBeUndefined();
    expect(parseJsAck("$JS.ACK.S.C.x.1.1.1.1")).toBeUndefined();
  });

  it("natscli's README line", () => {
    const a = parseJsAck("$JS.ACK.TESTING.TAIL.1.2638.568.1700000000000000000.0")!;
    expect(jsAckHeaderLine(1, "js.in.testing", a, true)).toBe("[#1] Received JetStream message: consumer: TESTING > TAIL / subject: js.in.testing / delivered: 1 / consumer seq: 568 / stream seq: 2638 / ack: true");
  });
});

describe("the leader balancer (jsm.go's algorithm)", () => {
  /** Six R3 groups all led by n1 on a three-server cluster; a step-down moves the leader where asked. */
  function world(): { entities: Balanceable[]; leaders: Map<string, string> } {
    const leaders = new Map<string, string>();
    const entities: Balanceable[] = [];
    for (let i = 0; i < 6; i++) {
      const name = `S${i}`;
      leaders.set(name, "n1");
      entities.push({
        name,
        cluster: async () => {
          const l = leaders.get(name)!;
          return { name: "c1", leader: l, replicas: ["n1", "n2", "n3"].filter((n) => n !== l).map((n) => ({ name: n, current: true, active: 0 })) } as unknown as ClusterInfo;
        },
        stepDown: async (p) => { leaders.set(name, p.preferred); },
      });
    }
    return { entities, leaders };
  }

  it("moves leaders off the overloaded server until each has its share", async () => {
    const { entities, leaders } = world();
    const log: string[] = [];
    let seed = 1;
    const moved = await balanceLeaders(entities, "stream", (l) => log.push(l), () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
    expect(moved).toBe(4);
    const per = [...leaders.values()].reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
    expect([...per.values()].sort()).toEqual([2, 2, 2]);
    expect(log[0]).toBe("Found cluster c1 with a balanced distribution of 2");
  });

  it("leaves a balanced cluster alone", async () => {
    const { entities, leaders } = world();
    ["n1", "n1", "n2", "n2", "n3", "n3"].forEach((l, i) => leaders.set(`S${i}`, l));
    expect(await balanceLeaders(entities, "consumer", () => undefined)).toBe(0);
  });
});

describe("consumer info's State section as natscli's", () => {
  const base = {
    stream_name: "S", name: "C", created: "2026-01-02T03:04:05Z", num_ack_pending: 0, num_redelivered: 0, num_pending: 2, num_waiting: 0,
    delivered: { consumer_seq: 0, stream_seq: 0 }, ack_floor: { consumer_seq: 0, stream_seq: 0 },
  };
  it("shows the API level a 2.11+ server stamps, and the ack rows only for acknowledged consumers", async () => {
    const { renderConsumerInfo } = await import("../../src/jetstream/consumer-info.js");
    const pull = renderConsumerInfo({ ...base, config: { ack_policy: "explicit", max_waiting: 512, max_ack_pending: 1000, metadata: { "_nats.level": "1", "_nats.req.level": "0", "_nats.ver": "2.11.0" } } } as never, 0, { stateOnly: true });
    expect(pull).toMatch(/\n\s+Host Version: 2\.11\.0\n\s+Required API Level: 0 hosted at level 1\n/);
    expect(pull).toMatch(/\n\s+Outstanding Acks: 0 out of maximum 1,000\n/);
    expect(pull).toMatch(/\n\s+Waiting Pulls: 0 of maximum 512\n/);
    const none = renderConsumerInfo({ ...base, push_bound: true, config: { ack_policy: "none", deliver_subject: "out", deliver_group: "q" } } as never, 0, { stateOnly: true });
    expect(none).not.toContain("Acknowledgment Floor");
    expect(none).not.toContain("Required API Level");
    expect(none).toMatch(/\n\s+Active Interest: Active using Queue Group q\n/);
  });
});
