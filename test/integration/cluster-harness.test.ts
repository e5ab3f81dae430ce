import { afterAll, beforeAll, expect, it } from "vitest";
import { startCluster, type NatsCluster } from "../helpers/cluster.js";
import { startNatsServer } from "../helpers/nats-server.js";
import { WEBSOCKET_CONFIG } from "../helpers/auth.js";
import { runCli, startCli } from "../helpers/run-cli.js";

let cluster: NatsCluster;
beforeAll(async () => { cluster = await startCluster({ jetstream: true }); }, 60_000);
afterAll(async () => { await cluster?.stop(); });

interface Varz { port: number; cluster: { cluster_port: number; urls?: string[] }; leaf?: { port: number }; websocket?: { port: number } }
const varz = async (monitorUrl: string) => (await (await fetch(`${monitorUrl}/varz`)).json()) as Varz;
const port = (url: string) => Number(new URL(url).port);

it("connects to a 3-node JetStream cluster given as a comma list", async () => {
  expect(cluster.servers).toHaveLength(3);
  const r = await runCli(["pub", "-s", cluster.urls, "cluster.test", "x"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('Published 1 bytes to "cluster.test"');
});

// No port is chosen before a server starts (another process could take it meanwhile): each node
// listens where it likes, and the harness routes the nodes to the ports they report.
it("every node picked its own route port; the seed routes to where its peers really listen", async () => {
  const routePorts = cluster.servers.map((s) => port(s.clusterUrl!));
  expect(new Set(routePorts).size).toBe(3);
  for (const s of cluster.servers) {
    const v = await varz(s.monitorUrl!);
    expect(v.cluster.cluster_port).toBe(port(s.clusterUrl!));
    expect(v.port).toBe(s.port);
    const rz = (await (await fetch(`${s.monitorUrl}/routez`)).json()) as { num_routes: number };
    expect(rz.num_routes).toBe(2);
  }
  const seed = await varz(cluster.servers[0]!.monitorUrl!);
  expect(seed.cluster.urls?.map((u) => Number(u.split(":").pop())).sort()).toEqual(routePorts.slice(1).sort());
});

it("a killed node restarts on a new route port and rejoins", async () => {
  const before = cluster.servers[2]!;
  await before.kill();
  const after = await cluster.restart(2);
  const rz = (await (await fetch(`${after.monitorUrl}/routez`)).json()) as { num_routes: number };
  expect(rz.num_routes).toBe(2);
  const r = await runCli(["pub", "-s", after.url, "cluster.rejoined", "x"]);
  expect(r.code).toBe(0);
}, 60_000);

it("leaf node and websocket listeners pick their own ports and are read back", async () => {
  await using hub = await startNatsServer({ monitor: true, config: `leafnodes { listen: 127.0.0.1:-1 }\n${WEBSOCKET_CONFIG}` });
  expect(hub.leafUrl).toMatch(/^nats-leaf:\/\/127\.0\.0\.1:\d+$/);
  expect(hub.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  const v = await varz(hub.monitorUrl!);
  expect(v.leaf?.port).toBe(port(hub.leafUrl!));
  expect(v.websocket?.port).toBe(port(hub.wsUrl!));
  await using leaf = await startNatsServer({ monitor: true, config: `leafnodes { remotes: [ { url: "${hub.leafUrl!.replace("nats-leaf:", "nats:")}" } ] }\n` });
  for (let i = 0; i < 100; i++) {
    const lz = (await (await fetch(`${leaf.monitorUrl}/leafz`)).json()) as { leafnodes: number };
    if (lz.leafnodes === 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // a message published on the leaf reaches a subscriber on the hub's websocket listener
  const sub = startCli(["sub", "-s", hub.wsUrl!, "leaf.x", "--count", "1"]);
  await sub.waitFor("Subscribing on leaf.x", { stream: "err" });
  for (let i = 0; i < 50 && !sub.stdout(); i++) {
    expect((await runCli(["pub", "-s", leaf.url, "leaf.x", "over the leaf"])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
  }
  const r = await sub.result;
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Received on "leaf\.x"\nover the leaf\n/);
});
