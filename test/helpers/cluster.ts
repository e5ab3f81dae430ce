import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REFUSED_PORT, startNatsServer, type NatsServer } from "./nats-server.js";

/** A cluster of nats-servers on 127.0.0.1, each with its own store and monitor port. */
export interface NatsCluster {
  servers: NatsServer[];
  /** Comma list of every node's client URL. */
  urls: string;
  /** Restarts a stopped/killed node (same name and store; a new route port). */
  restart(i: number): Promise<NatsServer>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface ClusterOptions {
  size?: number;
  jetstream?: boolean;
  /** Extra config text for every node (accounts, system_account, authorization…). */
  config?: string;
  name?: string;
}

async function waitHealthy(s: NatsServer, routes: number, jetstream: boolean, deadlineAt: number): Promise<void> {
  for (;;) {
    try {
      const rz = (await (await fetch(`${s.monitorUrl}/routez`)).json()) as { num_routes?: number };
      const ok = (rz.num_routes ?? 0) >= routes;
      const hz = jetstream ? (await fetch(`${s.monitorUrl}/healthz`)).status === 200 : true;
      if (ok && hz) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadlineAt) throw new Error(`cluster node ${s.url} not healthy in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts an N-node (default 3) cluster and waits until routes (and JetStream meta) are up. Every
 * node listens for routes on a port of its own choosing (-1): the first node is the seed the
 * others route to, and the cluster meshes itself from there (route gossip).
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<NatsCluster> {
  const size = opts.size ?? 3;
  const name = opts.name ?? "natsx-test";
  const base = mkdtempSync(path.join(tmpdir(), "natsx-cluster-"));
  const dirs = Array.from({ length: size }, (_, i) => path.join(base, `n${i + 1}`));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const confFor = (i: number, routes: string[]) => `
server_name: n${i + 1}
cluster {
  name: ${name}
  listen: 127.0.0.1:-1
  routes: [ ${routes.join(", ")} ]
}
${opts.jetstream ? `jetstream { store_dir: "${path.join(dirs[i]!, "js")}" }` : ""}
${opts.config ?? ""}
`;
  const start = (i: number, routes: string[]) => startNatsServer({ dir: dirs[i], config: confFor(i, routes), monitor: true });
  const servers: NatsServer[] = [];
  const started = (p: Promise<NatsServer>) => p.then((s) => { servers.push(s); return s; });
  try {
    // A JetStream node refuses to start without a configured route, and the seed's peers are not up
    // yet: it starts with a route to a port that refuses, then is reloaded with its real peers.
    const seed = await started(start(0, [`nats-route://127.0.0.1:${REFUSED_PORT}`]));
    const rest = await Promise.allSettled(dirs.slice(1).map((_, j) => started(start(j + 1, [seed.clusterUrl!]))));
    const failed = rest.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    servers.sort((a, b) => dirs.indexOf(a.dir) - dirs.indexOf(b.dir));
    writeFileSync(path.join(dirs[0]!, "server.conf"), confFor(0, servers.slice(1).map((s) => s.clusterUrl!)));
    seed.proc.kill("SIGHUP");
    const deadlineAt = Date.now() + 30_000;
    await Promise.all(servers.map((s) => waitHealthy(s, size - 1, Boolean(opts.jetstream), deadlineAt)));
  } catch (e) {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  const cluster: NatsCluster = {
    servers,
    get urls() { return cluster.servers.map((s) => s.url).join(","); },
    async restart(i: number) {
      // the node comes back on a new route port and routes to the others where they are now
      const others = cluster.servers.filter((s, j) => j !== i && s.proc.exitCode === null && s.proc.signalCode === null);
      const s = await start(i, others.map((o) => o.clusterUrl!));
      cluster.servers[i] = s;
      await waitHealthy(s, 1, Boolean(opts.jetstream), Date.now() + 30_000);
      return s;
    },
    async stop() {
      await Promise.all(cluster.servers.map((s) => s.stop()));
      rmSync(base, { recursive: true, force: true });
    },
    async [Symbol.asyncDispose]() { await cluster.stop(); },
  };
  return cluster;
}
