import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startNatsServer, type NatsServer } from "./nats-server.js";

/** A cluster of nats-servers on 127.0.0.1, each with its own store and monitor port. */
export interface NatsCluster {
  servers: NatsServer[];
  /** Comma list of every node's client URL. */
  urls: string;
  /** Restarts a stopped/killed node (same name, store and cluster port). */
  restart(i: number): Promise<NatsServer>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
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

/** Starts an N-node (default 3) cluster with full-mesh routes and waits until routes (and JetStream meta) are up. */
export async function startCluster(opts: ClusterOptions = {}): Promise<NatsCluster> {
  const size = opts.size ?? 3;
  const name = opts.name ?? "natsx-test";
  const base = mkdtempSync(path.join(tmpdir(), "natsx-cluster-"));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p}`).join(", ");
  const confFor = (i: number) => `
server_name: n${i + 1}
cluster {
  name: ${name}
  listen: 127.0.0.1:${ports[i]}
  routes: [ ${routes} ]
}
${opts.jetstream ? `jetstream { store_dir: "${path.join(base, `n${i + 1}`, "js")}" }` : ""}
${opts.config ?? ""}
`;
  const dirs = ports.map((_, i) => {
    const d = path.join(base, `n${i + 1}`);
    return d;
  });
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const servers = await Promise.all(dirs.map((d, i) => startNatsServer({ dir: d, config: confFor(i), monitor: true })));
  const deadlineAt = Date.now() + 30_000;
  await Promise.all(servers.map((s) => waitHealthy(s, size - 1, Boolean(opts.jetstream), deadlineAt)));
  const cluster: NatsCluster = {
    servers,
    get urls() { return cluster.servers.map((s) => s.url).join(","); },
    async restart(i: number) {
      const s = await startNatsServer({ dir: dirs[i], config: confFor(i), monitor: true });
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
