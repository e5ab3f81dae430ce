import type { ClusterInfo } from "@nats-io/jetstream";
import { compareText } from "../output/format.js";

/** Drops the dotted suffix every name shares (`n1.dc.example`, `n2.dc.example` → `n1`, `n2`), as natscli's CompactStrings. */
export function compactNames(names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const parts = names.map((n) => n.split("."));
  const shortest = Math.min(...parts.map((p) => p.length));
  let suffix = "";
  // natscli never removes the first part, and compares parts by their position from the start
  for (let i = shortest - 1; i > 0; i--) {
    const s = parts[0]![i]!;
    if (!parts.every((p) => p[i] === s)) break;
    suffix = `.${s}${suffix}`;
  }
  return names.map((n) => (suffix && n.endsWith(suffix) ? n.slice(0, -suffix.length) : n));
}

/**
 * A RAFT group's peers as natscli's report tables show them: compacted, sorted, the leader marked `*`,
 * replicas that are offline or not current marked `!`. Empty for a group that is not clustered.
 */
export function renderCluster(cluster: ClusterInfo | undefined): string {
  if (!cluster) return "";
  const names: string[] = [];
  const warn = new Set<number>();
  if (cluster.leader) names.push(cluster.leader);
  for (const r of cluster.replicas ?? []) {
    if (r.offline || !r.current) warn.add(names.length);
    names.push(r.name);
  }
  const out = compactNames(names).map((n, i) => `${n}${cluster.leader && i === 0 ? "*" : ""}${warn.has(i) ? "!" : ""}`);
  return out.sort().join(", ");
}

/** How many RAFT groups each server leads, per cluster (natscli's `--leaders` report). */
export interface RaftLeader { name: string; cluster: string; groups: number }

/** Rows of natscli's "RAFT Leader Report": by cluster, then by fewest groups; the distribution as up to ten stars. */
export function raftLeaderRows(leaders: Iterable<RaftLeader>): string[][] {
  const list = [...leaders];
  const perCluster = new Map<string, number>();
  for (const l of list) perCluster.set(l.cluster, (perCluster.get(l.cluster) ?? 0) + l.groups);
  list.sort((a, b) => compareText(a.cluster, b.cluster) || a.groups - b.groups);
  return list.map((l) => {
    let dots = 0;
    if (l.groups > 0) dots = Math.max(1, Math.round(((l.groups / perCluster.get(l.cluster)!) * 100) / 10));
    return [l.name, l.cluster, l.groups.toLocaleString("en-US"), "*".repeat(dots)];
  });
}
