import { Command } from "commander";
import type { Deps } from "../../deps.js";
import type { JszConsumer, JszStream } from "./shared/jsz.js";
import { peersColumn, replicaDrift, replicaReport, shortName, type JszResponse, type ReplicaSource } from "./shared/replica-check.js";

export interface ServerConsumerCheckOptions extends ReplicaSource { stream?: string; consumer?: string; raftGroup?: string; unsynced?: boolean; csv?: boolean }

interface Replica { server: string; account: string; accountId: string; raft: string; c: JszConsumer; s: JszStream }

const seq = (x: { stream_seq?: number; consumer_seq?: number } | undefined) => ({ s: Number(x?.stream_seq ?? 0), c: Number(x?.consumer_seq ?? 0) });

/** Every replica of every consumer, grouped by account and raft group, with natscli's sync verdicts; returns the rows. */
export function consumerCheckRows(responses: JszResponse[], o: ServerConsumerCheckOptions): string[][] {
  const groups = new Map<string, Map<string, Replica>>();
  for (const r of responses) {
    for (const acc of r.data?.account_details ?? []) {
      for (const s of acc.stream_detail ?? []) {
        for (const c of s.consumer_detail ?? []) {
          const raft = s.consumer_raft_groups?.find((g) => g.name === c.name)?.raft_group || c.cluster?.raft_group || "";
          // servers before 2.10 report no raft group: stream and consumer name keep the replicas together
          const key = `${acc.name}|${raft || `consumer:${s.name}>${c.name}`}`;
          const m = groups.get(key) ?? new Map<string, Replica>();
          groups.set(key, m);
          m.set(r.server.name, { server: r.server.name, account: acc.name, accountId: acc.id ?? "", raft, c, s });
        }
      }
    }
  }
  const keys = [...groups.entries()].flatMap(([k, m]) => [...m.keys()].map((srv) => [k, srv] as const)).sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`));
  const rows: string[][] = [];
  for (const [key, serverName] of keys) {
    const group = groups.get(key)!;
    const rep = group.get(serverName)!;
    const streamName = rep.c.stream_name ?? rep.s.name;
    if (o.raftGroup && rep.raft !== o.raftGroup) continue;
    if (o.consumer && rep.c.name !== o.consumer) continue;
    if (o.stream && streamName !== o.stream) continue;
    const last = Number(rep.s.state?.last_seq ?? 0), first = Number(rep.s.state?.first_seq ?? 0);
    const d = seq(rep.c.delivered), a = seq(rep.c.ack_floor);
    const statuses = new Set<string>();
    let unsynced = false;
    if (last < d.s) { statuses.add("UNSYNCED:DELIVERED_AHEAD_OF_STREAM_SEQ"); unsynced = true; }
    if (last < a.s) { statuses.add("UNSYNCED:ACKFLOOR_AHEAD_OF_STREAM_SEQ"); unsynced = true; }
    const leader = rep.c.cluster?.leader ?? "";
    for (const peer of group.values()) {
      const pd = seq(peer.c.delivered), pa = seq(peer.c.ack_floor);
      if (pd.s !== d.s || pd.c !== d.c) { statuses.add("UNSYNCED:DELIVERED"); unsynced = true; }
      if (pa.s !== a.s || pa.c !== a.c) { statuses.add("UNSYNCED:ACK_FLOOR"); unsynced = true; }
      if (!peer.c.cluster) { statuses.add("NO_CLUSTER"); unsynced = true; }
      else {
        if (!rep.c.cluster) { statuses.add("NO_CLUSTER_R"); unsynced = true; }
        const pl = peer.c.cluster.leader ?? "";
        if (pl && leader && pl !== leader) { statuses.add("MULTILEADER"); unsynced = true; }
      }
    }
    if (!a.s || !a.c || !d.c || !d.s) statuses.add("EMPTY");
    let status = statuses.size ? `${[...statuses].join(",")},` : "IN SYNC";
    if (rep.c.cluster && serverName === leader && leader === rep.s.cluster?.leader) status += " / INTERSECT";
    if (o.unsynced && !unsynced) continue;
    let suffix = "";
    if (!rep.c.cluster) status = "NO_CLUSTER";
    else if (serverName === leader) suffix = "*";
    else if (!leader) status = "LEADERLESS";
    else if (!rep.raft && [...group.values()].some((p) => p.raft)) status = "MISSING_GROUP";
    const isLeader = suffix === "*";
    const lc = group.get(leader);
    let delivered: string, ackfloor: string;
    if (o.unsynced && !isLeader && lc) {
      const ld = seq(lc.c.delivered), la = seq(lc.c.ack_floor);
      delivered = `${replicaDrift(d.s, ld.s)} [${first}, ${last}] | ${replicaDrift(d.c, ld.c)}`;
      ackfloor = `${replicaDrift(a.s, la.s)} | ${replicaDrift(a.c, la.c)}`;
    } else {
      const progress = last > 0 ? `${((d.s / last) * 100).toFixed(0)}%`.padEnd(3) : "";
      delivered = `${d.s} [${first}, ${last}] ${progress.padEnd(3)} | ${d.c}`;
      ackfloor = `${a.s} | ${a.c}`;
    }
    const counters = `(ap:${rep.c.num_ack_pending ?? 0}, nr:${rep.c.num_redelivered ?? 0}, nw:${rep.c.num_waiting ?? 0}, np:${rep.c.num_pending ?? 0})`;
    rows.push([rep.c.name, streamName, rep.raft, shortName(rep.account), rep.accountId, `${serverName}${suffix}`, delivered, ackfloor, counters, status, leader, rep.s.cluster?.leader ?? "", peersColumn(rep.c.cluster?.replicas)]);
  }
  return rows;
}

/** Prints natscli's consumer-check report (or CSV) from the servers or from stdin. */
export async function serverConsumerCheck(deps: Deps, cmd: Command, o: ServerConsumerCheckOptions): Promise<string[][]> {
  return replicaReport(deps, cmd, o, "Consumers", ["Consumer", "Stream", "Raft", "Account", "Account ID", "Node", "Delivered (S,C)", "ACK Floor (S,C)", "Counters", "Status", "Leader", "Stream Cluster Leader", "Peers"], (responses) => consumerCheckRows(responses, o));
}

/** `nats server consumer-check`: every consumer replica on every server side by side (system account). */
export function serverConsumerCheckCommand(deps: Deps): Command {
  return new Command("consumer-check")
    .description("Check and display consumer information (system account)")
    .option("--stream <name>", "Filter results by stream")
    .option("--consumer <name>", "Filter results by consumer")
    .option("--raft-group <group>", "Filter results by raft group")
    .option("--expected <n>", "Expected number of servers")
    .option("--unsynced", "Filter results by consumers that are out of sync")
    .option("--stdin", "Process the output of 'nats server request jetstream --accounts --streams --consumer' from STDIN")
    .option("--read-timeout <seconds>", "Read timeout in seconds", "5")
    .option("--csv", "Renders CSV format")
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", "\nExamples:\n  nats server consumer-check --stream ORDERS --unsynced\n  nats server consumer-check --csv > consumers.csv\n")
    .action(async (o: ServerConsumerCheckOptions, cmd: Command) => { await serverConsumerCheck(deps, cmd, o); });
}
