import { Command } from "commander";
import type { Deps } from "../../deps.js";
import type { JszStream } from "./shared/jsz.js";
import { peersColumn, replicaDrift, replicaReport, shortName, type JszResponse, type ReplicaSource } from "./shared/replica-check.js";

export interface ServerStreamCheckOptions extends ReplicaSource { stream?: string; raftGroup?: string; unsynced?: boolean; csv?: boolean }

interface Replica { server: string; serverId: string; account: string; accountId: string; raft: string; s: JszStream }

/** Every replica of every stream, grouped by account and raft group, with natscli's sync verdicts; returns the rows. */
export function streamCheckRows(responses: JszResponse[], o: ServerStreamCheckOptions): string[][] {
  const groups = new Map<string, Map<string, Replica>>();
  for (const r of responses) {
    for (const acc of r.data?.account_details ?? []) {
      for (const s of acc.stream_detail ?? []) {
        const raft = s.stream_raft_group || s.cluster?.raft_group || "";
        // servers before 2.10 report no raft group: the stream's name keeps its replicas together
        const key = `${acc.name}|${raft || `stream:${s.name}`}`;
        const m = groups.get(key) ?? new Map<string, Replica>();
        groups.set(key, m);
        m.set(r.server.name, { server: r.server.name, serverId: r.server.id, account: acc.name, accountId: acc.id ?? "", raft, s });
      }
    }
  }
  const keys = [...groups.entries()].flatMap(([k, m]) => [...m.keys()].map((srv) => [k, srv] as const)).sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`));
  const rows: string[][] = [];
  for (const [key, serverName] of keys) {
    const group = groups.get(key)!;
    const rep = group.get(serverName)!;
    if (o.raftGroup && rep.raft !== o.raftGroup) continue;
    if (o.stream && rep.s.name !== o.stream) continue;
    const st = rep.s.state ?? {};
    let status = "IN SYNC", unsynced = false;
    const leader = rep.s.cluster?.leader ?? "";
    for (const peer of group.values()) {
      const ps = peer.s.state ?? {};
      if ((ps.messages !== st.messages && ps.bytes !== st.bytes) || ps.first_seq !== st.first_seq || ps.last_seq !== st.last_seq) { status = "UNSYNCED"; unsynced = true; }
      const pl = peer.s.cluster?.leader ?? "";
      if (pl && leader && pl !== leader) { status = "MULTILEADER"; unsynced = true; }
    }
    const isLeader = serverName === leader;
    if (!isLeader && !leader) { status = "LEADERLESS"; unsynced = true; }
    else if (!isLeader && !rep.raft && group.size > 1 && [...group.values()].some((p) => p.raft)) { status = "MISSING_GROUP"; unsynced = true; }
    if (isLeader && (rep.s.cluster?.replicas ?? []).some((x) => x.name === leader)) { status = "LEADER_IS_FOLLOWER"; unsynced = true; }
    if (o.unsynced && !unsynced) continue;
    const node = `${serverName}${isLeader ? "*" : ""}`;
    const ld = group.get(leader)?.s.state;
    const n = (f: keyof typeof st) => Number(st[f] ?? 0);
    const cell = (f: keyof typeof st) => (o.unsynced && !isLeader && ld ? replicaDrift(n(f), Number(ld[f] ?? 0)) : String(n(f)));
    rows.push([rep.s.name, rep.raft, shortName(rep.account), rep.accountId, node, cell("messages"), cell("bytes"), cell("num_subjects"), cell("num_deleted"), cell("consumer_count"),
      cell("first_seq"), cell("last_seq"), status, leader, peersColumn(rep.s.cluster?.replicas)]);
  }
  return rows;
}

/** Prints natscli's stream-check report (or CSV) from the servers or from stdin. */
export async function serverStreamCheck(deps: Deps, cmd: Command, o: ServerStreamCheckOptions): Promise<string[][]> {
  return replicaReport(deps, cmd, o, "Streams", ["Stream Replica", "Raft", "Account", "Account ID", "Node", "Messages", "Bytes", "Subjects", "Deleted", "Consumers", "First", "Last", "Status", "Leader", "Peers"], (responses) => streamCheckRows(responses, o));
}

/** `nats server stream-check`: every stream replica on every server side by side, to spot replicas out of sync (system account). */
export function serverStreamCheckCommand(deps: Deps): Command {
  return new Command("stream-check")
    .description("Check and display stream information (system account)")
    .option("--stream <name>", "Filter results by stream")
    .option("--raft-group <group>", "Filter results by raft group")
    .option("--expected <n>", "Expected number of servers")
    .option("--unsynced", "Filter results by streams that are out of sync")
    .option("--stdin", "Process the output of 'nats server request jetstream --accounts --streams' from STDIN")
    .option("--read-timeout <seconds>", "Read timeout in seconds", "5")
    .option("--csv", "Renders CSV format")
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", "\nExamples:\n  nats server stream-check --unsynced\n  nats server request jetstream --accounts --streams > jsz.ndjson; nats server stream-check --stdin < jsz.ndjson\n")
    .action(async (o: ServerStreamCheckOptions, cmd: Command) => { await serverStreamCheck(deps, cmd, o); });
}
