import type { ClusterInfo, JetStreamManager } from "@nats-io/jetstream";

/** The parts of the client's API base (internal in @nats-io/jetstream 3.x) a raw JetStream API request needs. */
interface ApiBase {
  prefix: string;
  _request(subject: string, data?: unknown, opts?: unknown): Promise<unknown>;
}

/**
 * A JetStream API request the client has no method for (leader step-down, peer removal), under the
 * connection's API prefix or domain. API errors come back as the client's JetStreamApiError, which explain()
 * words as every other JetStream failure.
 */
export async function jsApiRequest<T = Record<string, unknown>>(jsm: JetStreamManager, suffix: string, body?: unknown): Promise<T> {
  const api = jsm as unknown as ApiBase;
  return (await api._request(`${api.prefix}.${suffix}`, body ?? null)) as T;
}

/** A placement hint for a step-down (`--preferred`, NATS Server 2.11+). */
export interface StepDownPlacement { preferred: string; cluster?: string }

/** Asks the stream's RAFT leader to step down, optionally naming where the new leader should be. */
export async function streamLeaderStepDown(jsm: JetStreamManager, stream: string, placement?: StepDownPlacement): Promise<void> {
  await jsApiRequest(jsm, `STREAM.LEADER.STEPDOWN.${stream}`, placement ? { placement } : undefined);
}

/** Asks the consumer's RAFT leader to step down. */
export async function consumerLeaderStepDown(jsm: JetStreamManager, stream: string, consumer: string, placement?: StepDownPlacement): Promise<void> {
  await jsApiRequest(jsm, `CONSUMER.LEADER.STEPDOWN.${stream}.${consumer}`, placement ? { placement } : undefined);
}

/** Removes a peer (server name) from the stream's RAFT group; the server picks a replacement when it can. */
export async function streamPeerRemove(jsm: JetStreamManager, stream: string, peer: string): Promise<void> {
  await jsApiRequest(jsm, `STREAM.PEER.REMOVE.${stream}`, { peer });
}

/** Waits for the RAFT group to report a leader other than `old`: checks every `everyMs`, `tries` times. */
export async function waitForNewLeader(read: () => Promise<ClusterInfo | undefined>, old: string, tries: number, everyMs: number, onError: (e: unknown) => void, signal?: AbortSignal): Promise<string | undefined> {
  for (let i = 0; i < tries && !signal?.aborted; i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    try {
      const leader = (await read())?.leader;
      if (leader && leader !== old) return leader;
    } catch (e) {
      onError(e);
    }
  }
  return undefined;
}

/** A stream or consumer the balancer can move: its RAFT group now, and a step-down towards a preferred server. */
export interface Balanceable {
  name: string;
  cluster(): Promise<ClusterInfo | undefined>;
  stepDown(placement: StepDownPlacement): Promise<void>;
}

interface Peer { name: string; entities: Balanceable[]; offset: number }

/** How many times the balancer goes over a cluster (jsm.go's BALANCERUNS). */
const BALANCE_RUNS = 5;

/**
 * Spreads the leaders of `entities` evenly over the servers of each cluster, as jsm.go's balancer: the even share
 * per server, then servers above it step down random leaders towards a peer of the group below it (a step-down
 * with a preferred placement, NATS Server 2.11+). Returns how many leaders moved; `log` gets natscli's info lines.
 */
export async function balanceLeaders(entities: Balanceable[], kind: "stream" | "consumer", log: (line: string) => void, random: () => number = Math.random): Promise<number> {
  const clusters = new Map<string, { peers: Map<string, Peer>; even: number }>();
  for (const e of entities) {
    const ci = await e.cluster();
    if (!ci) continue;
    const name = ci.name ?? "";
    const c = clusters.get(name) ?? { peers: new Map<string, Peer>(), even: 0 };
    clusters.set(name, c);
    const peer = (n: string) => {
      let p = c.peers.get(n);
      if (!p) c.peers.set(n, (p = { name: n, entities: [], offset: 0 }));
      return p;
    };
    if (ci.leader) peer(ci.leader).entities.push(e);
    else log(`Found entity without leader ${e.name}`);
    for (const r of ci.replicas ?? []) peer(r.name);
  }
  const offsets = (c: { peers: Map<string, Peer>; even: number }) => {
    for (const p of c.peers.values()) p.offset = p.entities.length - c.even;
  };
  for (const [name, c] of clusters) {
    const count = [...c.peers.values()].reduce((n, p) => n + p.entities.length, 0);
    const share = c.peers.size ? count / c.peers.size : 0;
    // jsm.go rounds a fractional share up and adds one, so a near-even spread is left alone
    c.even = Number.isInteger(share) ? share : Math.ceil(share + 0.5);
    offsets(c);
    log(`Found cluster ${name} with a balanced distribution of ${c.even}`);
    log(`Cluster ${name} has ${c.peers.size} available peers`);
    for (const p of c.peers.values()) log(`NATS server '${p.name}' is the lead of ${p.entities.length} entities with a offset of ${p.offset}`);
  }
  let moved = 0;
  for (const [name, c] of clusters) {
    for (let run = 0; run < BALANCE_RUNS; run++) {
      for (const s of c.peers.values()) {
        if (s.offset <= 0) continue;
        log(`Rebalancing server '${s.name}' with offset of ${s.offset}`);
        let retries = 0;
        while (s.offset > 0 && s.entities.length > 0) {
          const i = Math.floor(random() * s.entities.length);
          const e = s.entities[i]!;
          let info: ClusterInfo | undefined;
          try {
            info = await e.cluster();
          } catch (err) {
            log(`Unable to fetch cluster info for ${e.name}: ${(err as Error).message}`);
            s.entities.splice(i, 1);
            continue;
          }
          const target = [...c.peers.values()].find((ns) => ns.offset < 0 && ns.name !== info?.leader && (info?.replicas ?? []).some((r) => r.name === ns.name));
          if (!target) {
            s.entities.splice(i, 1);
            break;
          }
          log(`Requesting leader '${s.name}' step down for ${kind} '${e.name}'. New preferred leader is ${target.name}.`);
          try {
            await e.stepDown({ preferred: target.name, cluster: name || undefined });
          } catch (err) {
            log(`Unable to step down leader for ${e.name} - ${(err as Error).message}`);
            s.entities.splice(i, 1);
            // one failure is skipped, a second in a row means something is wrong
            if (retries++ === 0) break;
            throw err;
          }
          retries = 0;
          moved++;
          target.offset++;
          s.offset--;
          s.entities.splice(i, 1);
        }
      }
      offsets(c);
    }
  }
  return moved;
}
