import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { cliError, runCli } from "../helpers/run-cli.js";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { natsServerVersion, serverAtLeast } from "../helpers/nats-server.js";
import { scratchDir } from "../helpers/scratch.js";
import { jsPublish } from "../../src/jetstream/publish.js";
import { jsSubscribe } from "../../src/jetstream/subscribe.js";

let cluster: NatsCluster;
let nc: NatsConnection;
const cli = (args: string[]) => runCli([...args, "-s", cluster.urls]);

beforeAll(async () => {
  cluster = await startCluster({ jetstream: true });
  nc = await connect({ servers: cluster.urls.split(",") });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
});

/** Retries while the new RAFT group elects its leader. */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("JetStream on a 3-node cluster", () => {
  it("creates an R3 stream; info shows the cluster, leader and both replicas", async () => {
    const r = await cli(["stream", "add", "R3", "--subjects", "r3.>", "--defaults", "--replicas", "3"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const js = jetstream(nc);
    for (let i = 0; i < 20; i++) await js.publish("r3.x", `m${i}`);
    const info = await eventually(() => cli(["stream", "info", "R3"]), (x) => (x.stdout.match(/Replica: n\d, current/g) ?? []).length === 2);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain("Cluster Information:");
    expect(info.stdout).toMatch(/\n\s+Name: natsx-test\n/);
    const leader = /\n\s+Leader: (n\d)/.exec(info.stdout)?.[1];
    expect(leader).toMatch(/^n[123]$/);
    const replicas = [...info.stdout.matchAll(/Replica: (n\d), current/g)].map((m) => m[1]);
    expect(replicas).toHaveLength(2);
    expect(new Set([leader, ...replicas])).toEqual(new Set(["n1", "n2", "n3"]));
    expect(info.stdout).toMatch(/\n\s+Replicas: 3\n/);
    const json = JSON.parse((await cli(["stream", "info", "R3", "--json"])).stdout);
    expect(json.cluster.leader).toBe(leader);
    expect(json.state.messages).toBe(20);
  });

  it("report lists the leader (marked *) and the replicas", async () => {
    const r = await cli(["stream", "report"]);
    expect(r.code).toBe(0);
    const row = r.stdout.split("\n").find((l) => l.startsWith("│ R3"))!;
    expect(row).toMatch(/│ R3\s+│ File\s+│\s+│ 0\s+│ 20\s+│/);
    expect(row).toMatch(/n\d\*, n\d, n\d/);
    const j = JSON.parse((await cli(["stream", "report", "--json"])).stdout);
    const r3 = j.find((x: { stream: string }) => x.stream === "R3");
    expect(r3.replicas).toHaveLength(3);
    expect(r3.replicas[0]).toBe(`${r3.leader}*`);
  });

  it("consumers on the R3 stream: add, info with cluster, next, report", async () => {
    const a = await cli(["consumer", "add", "R3", "W", "--pull", "--defaults"]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const info = await eventually(() => cli(["consumer", "info", "R3", "W"]), (x) => /Leader: n\d/.test(x.stdout));
    expect(info.stdout).toContain("Cluster Information:");
    const n = await cli(["consumer", "next", "R3", "W", "--raw", "--count", "3"]);
    expect(n.stdout).toBe("m0\nm1\nm2\n");
    const rep = await cli(["consumer", "report", "R3"]);
    expect(rep.stdout).toMatch(/│ W\s+│ Pull\s+│ Explicit\s+│ 30\.00s\s+│ 0\s+│ 0\s+│ 17 \/ 85%\s+│ 3\s+│ 0\s+│ (n\d\*?, ){2}n\d\*? │/);
    expect(rep.stdout.match(/n\d\*/g)).toHaveLength(1);
    const leaders = await cli(["consumer", "report", "R3", "--leaders"]);
    expect(leaders.stdout).toContain("RAFT Leader Report");
    expect(leaders.stdout).toMatch(/│ n\d\s+│ natsx-test │ 1\s+│ \*{10}\s+│/);
  });

  it("publish and subscribe modules work against the cluster", async () => {
    const r = await jsPublish(nc, { timeout: 5000 }, "r3.y", "clustered");
    expect(r).toMatchObject({ stream: "R3", seq: 21, duplicate: false });
    const sub = await jsSubscribe(nc, { timeout: 5000 }, ["r3.y"], { all: true, terminateAtEnd: true });
    const got: string[] = [];
    for await (const m of sub.messages) got.push(Buffer.from(m.data).toString());
    expect(got).toEqual(["clustered"]);
  });

  it("backup of the R3 stream restores as R3", async () => {
    const path = await import("node:path");
    const dir = path.join(scratchDir("natsx-cbk-"), "r3");
    expect((await cli(["stream", "backup", "R3", dir])).code).toBe(0);
    expect((await cli(["stream", "rm", "R3", "-f"])).code).toBe(0);
    const r = await cli(["stream", "restore", dir, "--json"]);
    expect(r.code).toBe(0);
    const si = JSON.parse(r.stdout);
    expect(si.config.num_replicas).toBe(3);
    expect(si.state).toMatchObject({ messages: 21, last_seq: 21 });
    const jsm = await jetstreamManager(nc);
    expect((await jsm.consumers.info("R3", "W")).config.durable_name).toBe("W");
  });
});

describe("stream cluster step-down and peer-remove (natscli's TestStreamStepDown, TestStreamPeerRemove)", () => {
  it("step-down elects another leader, logs natscli's lines and shows the stream", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "TESTSTEPDOWN", subjects: ["stepdown.*"], num_replicas: 2 });
    const before = await eventually(() => jsm.streams.info("TESTSTEPDOWN"), (si) => Boolean(si.cluster?.leader));
    const old = before.cluster!.leader!;
    const r = await cli(["stream", "cluster", "step-down", "TESTSTEPDOWN"]);
    expect(r.code).toBe(0);
    const log = r.stderr.split("\n").map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));
    expect(log[0]).toBe(`Requesting leader step down of "${old}" for stream "TESTSTEPDOWN" in a 2 peer cluster group`);
    const elected = /^New leader elected "(n\d)"$/.exec(log.find((l) => l.startsWith("New leader")) ?? "")?.[1];
    expect(elected).toMatch(/^n[123]$/);
    expect(elected).not.toBe(old);
    expect(r.stdout).toMatch(/^\nInformation for Stream TESTSTEPDOWN created /);
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+Leader: ${elected}`));
    expect((await jsm.streams.info("TESTSTEPDOWN")).cluster?.leader).toBe(elected);
    // --json: the stream as the server now reports it
    const j = await cli(["stream", "cluster", "sd", "TESTSTEPDOWN", "--json"]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).cluster.leader).not.toBe(elected);
  });

  it.skipIf(serverAtLeast("2.11.0"))(`--preferred is refused on ${natsServerVersion()}: step-down placement needs NATS Server 2.11`, async () => {
    const r = await cli(["stream", "cluster", "step-down", "TESTSTEPDOWN", "--preferred", "n1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^--preferred requires NATS Server 2\.11\.0 or newer/));
  });

  it("an R1 stream is not clustered: exit 1, one line", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "SOLO", subjects: ["solo"], num_replicas: 1 });
    const r = await cli(["stream", "cluster", "step-down", "SOLO"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: cliError('stream "SOLO" is not clustered — only streams with more than one replica have a leader to step down') + "\n" });
  });

  it("peer-remove asks (refused without a terminal), with -f removes the peer and the server places another", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "PEERS", subjects: ["peers.*"], num_replicas: 2 });
    const si = await eventually(() => jsm.streams.info("PEERS"), (x) => Boolean(x.cluster?.leader) && (x.cluster?.replicas ?? []).every((p) => p.current));
    const peer = si.cluster!.replicas![0]!.name;
    const refused = await cli(["stream", "cluster", "peer-remove", "PEERS", peer]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass -f/--force to confirm");
    expect((await jsm.streams.info("PEERS")).cluster!.replicas!.map((p) => p.name)).toContain(peer);
    const r = await cli(["stream", "cluster", "peer-remove", "PEERS", peer, "--force"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const log = r.stderr.split("\n").map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));
    expect(log).toEqual([`Removing peer "${peer}"`, `Requested removal of peer "${peer}"`, ""]);
    // the group keeps two peers: the removed server is replaced by the third one
    const after = await eventually(() => jsm.streams.info("PEERS"), (x) => {
      const peers = [x.cluster?.leader, ...(x.cluster?.replicas ?? []).map((p) => p.name)];
      return peers.length === 2 && !peers.includes(peer);
    });
    expect([after.cluster?.leader, ...(after.cluster?.replicas ?? []).map((p) => p.name)]).not.toContain(peer);
    const notMember = await cli(["stream", "cluster", "pr", "PEERS", "nope", "-f"]);
    expect(notMember.code).toBe(1);
    expect(notMember.stderr).toMatch(/peer not a member/);
  });
});

describe("consumer cluster step-down (natscli's TestConsumerClusterDown)", () => {
  it("elects another leader for the consumer's RAFT group and shows the consumer", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "CSTEP", subjects: ["cstep.*"], num_replicas: 3 });
    await jsm.consumers.add("CSTEP", { durable_name: "C3", ack_policy: "explicit" as never, num_replicas: 3 } as never);
    const before = await eventually(() => jsm.consumers.info("CSTEP", "C3"), (ci) => Boolean(ci.cluster?.leader) && (ci.cluster?.replicas ?? []).length === 2);
    const old = before.cluster!.leader!;
    const r = await cli(["consumer", "cluster", "step-down", "CSTEP", "C3"]);
    expect(r.code).toBe(0);
    const log = r.stderr.split("\n").map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));
    expect(log[0]).toBe(`Requesting leader step down of "${old}" in a 3 peer RAFT group`);
    const elected = /^New leader elected "(n\d)"$/.exec(log[1] ?? "")?.[1];
    expect(elected).toMatch(/^n[123]$/);
    expect(elected).not.toBe(old);
    expect(r.stdout).toMatch(/^\nInformation for Consumer CSTEP > C3 created /);
    expect((await jsm.consumers.info("CSTEP", "C3")).cluster?.leader).toBe(elected);
  });

  it.skipIf(serverAtLeast("2.11.0"))(`--preferred is refused on ${natsServerVersion()}: step-down placement needs NATS Server 2.11`, async () => {
    const r = await cli(["consumer", "cluster", "step-down", "CSTEP", "C3", "--preferred", "n1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^--preferred requires NATS Server 2\.11\.0 or newer/));
  });
});
