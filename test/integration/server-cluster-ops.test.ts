import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { runCli, cliError } from "../helpers/run-cli.js";
import { SYS_USER, systemAccounts } from "../helpers/accounts.js";

// natscli's TestServerCluster and the meta check run against a 3-node JetStream cluster with a system account.
const SYS = SYS_USER;

let cluster: NatsCluster;
beforeAll(async () => { cluster = await startCluster({ jetstream: true, config: systemAccounts(), name: "ops" }); }, 60_000);
afterAll(async () => { await cluster?.stop(); });

interface Meta { leader: string; replicas?: { name: string; offline?: boolean }[] }
async function meta(): Promise<Meta> {
  const r = await runCli(["server", "request", "jetstream", "1", "--leader", "-s", cluster.urls, ...SYS]);
  return (JSON.parse(r.stdout.trim().split("\n")[0]!) as { data: { meta_cluster: Meta } }).data.meta_cluster;
}

describe("meta cluster: check meta, report routes, step-down, peer-remove", () => {
  it("check meta --expect 3 is OK with natscli's perf data; --expect 4 is critical", async () => {
    const r = await runCli(["server", "check", "meta", "--expect=3", "--lag-critical=10", "--seen-critical=10s", "--format=json", "-s", cluster.urls, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ status: "OK", check_suite: "meta", check_name: "JetStream Meta Cluster", ok: [expect.stringMatching(/^3 peers led by n[123]$/)] });
    expect(doc.perf_data.map((p: { name: string }) => p.name)).toEqual(["peers", "peer_offline", "peer_not_current", "peer_inactive", "peer_lagged"]);
    const bad = await runCli(["server", "check", "meta", "--expect=4", "--lag-critical=10", "--seen-critical=10s", "-s", cluster.urls, ...SYS]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^CRITICAL JetStream Meta Cluster Crit:3 peers of expected 4 \| peers=3;4;4 /);
    const usage = await runCli(["server", "check", "meta", "--expect=3", "-s", cluster.urls, ...SYS]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/server check meta needs --lag-critical/);
  });

  it("report routes lists every node's routes with natscli's columns", async () => {
    const r = await runCli(["server", "report", "routes", "--sort", "server", "-s", cluster.urls, ...SYS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cluster Report/);
    // 2.9 names no remote server in ROUTEZ (remote_name is 2.10+)
    for (const n of ["n1", "n2", "n3"]) expect(r.stdout).toMatch(new RegExp(`│ ${n}\\s+│ ops\\s+│`));
    expect(r.stdout).toMatch(/│ 3\s+│ 1\s+│\s+│\s+│ 6\s+│/);
    expect(r.stdout).toMatch(/rid:\d+/);
  });

  it("stream-check and consumer-check show each replica of an R3 stream, the leader starred, all in sync", async () => {
    const { connect } = await import("@nats-io/transport-node");
    const { jetstreamManager, jetstream } = await import("@nats-io/jetstream");
    const nc = await connect({ servers: cluster.servers[0]!.url, user: "app", pass: "pass" });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "R3", subjects: ["r3.>"], num_replicas: 3 });
    await jsm.consumers.add("R3", { durable_name: "C3", ack_policy: "explicit" as never });
    for (let i = 0; i < 5; i++) await jetstream(nc).publish("r3.x", "m");
    await nc.close();
    let r = await runCli(["server", "stream-check", "--stream", "R3", "-s", cluster.urls, ...SYS]);
    for (let i = 0; i < 20 && (r.stdout.match(/│ IN SYNC/g)?.length ?? 0) < 3; i++) {
      await new Promise((res) => setTimeout(res, 250));
      r = await runCli(["server", "stream-check", "--stream", "R3", "-s", cluster.urls, ...SYS]);
    }
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Servers: 3\nStreams: 3\n/);
    // 2.9 reports no raft group names (2.10+), so the Raft column is empty there
    expect(r.stdout.match(/│ R3\s+│ (S-R3F-\w+)?\s+│ APP\s+│/g)).toHaveLength(3);
    expect(r.stdout.match(/│ n[123]\*\s+│ 5\s+│/g)).toHaveLength(1);
    expect(r.stdout.match(/│ IN SYNC\s+│ n[123]\s+│/g)).toHaveLength(3);
    // only the leader tracks its followers: its row shows both as current
    expect(r.stdout).toMatch(/│ (n[123])\*\s+│.*│ IN SYNC\s+│ \1\s+│ n\d\(current=true ,offline=false\)\s+n\d\(current=true ,offline=false\)/);
    const u = await runCli(["server", "stream-check", "--unsynced", "-s", cluster.urls, ...SYS]);
    expect(u.stdout).toMatch(/Streams: 0\n/);
    const c = await runCli(["server", "consumer-check", "--consumer", "C3", "-s", cluster.urls, ...SYS]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/Consumers: 3\n/);
    expect(c.stdout.match(/│ C3\s+│ R3\s+│ (C-R3F-\w+)?\s+│ APP/g)).toHaveLength(3);
  }, 30_000);

  it("cluster step-down elects a new meta leader; raft step-down is the same command", async () => {
    const before = (await meta()).leader;
    const r = await runCli(["server", "cluster", "step-down", "-s", cluster.urls, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Requesting leader step down of "${before}" in a 3 peer RAFT group\\nNew leader elected "n[123]"\\n$`));
    const after = (await meta()).leader;
    expect(after).not.toBe(before);
    expect(r.stdout).toContain(`"${after}"`);
    const j = await runCli(["server", "raft", "step-down", "--json", "-s", cluster.urls, ...SYS]);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ previous_leader: after, peers: 3 });
    expect(doc.leader).not.toBe(after);
  }, 30_000);

  it("peer-remove refuses without a terminal or -f, then -f removes a follower from the meta group", async () => {
    const m = await meta();
    const follower = ["n1", "n2", "n3"].find((n) => n !== m.leader)!;
    const refused = await runCli(["server", "cluster", "peer-remove", follower, "-s", cluster.urls, ...SYS]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`refusing to remove peer ${follower} without confirmation: not running in a terminal`));
    expect((await meta()).replicas?.map((r) => r.name)).toContain(follower);
    const unknown = await runCli(["server", "cluster", "peer-remove", "n9", "-f", "-s", cluster.urls, ...SYS]);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(cliError(/^did not find a replica named n9/));
    const r = await runCli(["server", "cluster", "peer-remove", follower, "-f", "-s", cluster.urls, ...SYS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Removed online peer ${follower} from the JetStream meta group\n`);
    // the meta leader no longer counts the removed server among its peers
    let names: string[] = [];
    for (let i = 0; i < 20; i++) {
      names = ((await meta()).replicas ?? []).map((x) => x.name);
      if (!names.includes(follower)) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(names).not.toContain(follower);
  }, 30_000);
});
