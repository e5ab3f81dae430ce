import type { Deps } from "../../../../deps.js";
import { usageError } from "../../../../errors.js";
import { Columns } from "../../../../output/columns.js";
import { printJson } from "../../../../output/json.js";
import { checkSubscribeSubject } from "../../../../util/subject.js";
import type { WeightedMapping } from "../../shared/claims.js";

/** Mappings by source subject. */
export type MappingSet = Record<string, WeightedMapping[]>;

/** jwt.WeightedMapping.GetWeight: an unset weight means 100. */
const weightOf = (m: WeightedMapping) => m.weight || 100;

/** Checks mappings as jwt.Mapping.Validate: subjects valid, weights ≤ 100 per source (per cluster when given). */
export function checkMappings(set: MappingSet): void {
  for (const [src, list] of Object.entries(set)) {
    checkSubscribeSubject(src);
    const perCluster = new Map<string, number>();
    let total = 0;
    for (const m of list) {
      if (!m.subject) throw usageError(`mapping of "${src}" has no target subject`);
      if (weightOf(m) > 100) throw usageError(`mapping "${src}" has a weight ${weightOf(m)} that exceeds 100`);
      if (m.cluster) perCluster.set(m.cluster, (perCluster.get(m.cluster) ?? 0) + weightOf(m));
      else total += weightOf(m);
    }
    if (total > 100) throw usageError(`mapping "${src}" exceeds 100% among all of its weighted mappings`, "lower the weights so they add up to at most 100");
    for (const [cl, t] of perCluster) if (t > 100) throw usageError(`mapping "${src}" in cluster "${cl}" exceeds 100% among all of its weighted mappings`);
  }
}

/** Shows mappings as natscli's "Subject mappings" screen, or as its JSON (jwt-auth-builder's Mapping fields). */
export function showMappings(deps: Deps, set: MappingSet, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v.map((m) => ({ Subject: m.subject, Weight: m.weight ?? 0, Cluster: m.cluster ?? "" }))])));
    return;
  }
  const c = new Columns("Subject mappings");
  c.title("Configuration");
  for (const [src, list] of Object.entries(set)) {
    let total = 0;
    for (const m of list) {
      c.row("Source", src).row("Target", m.subject).row("Weight", m.weight ?? 0).row("Cluster", m.cluster ?? "").row("", "");
      total += m.weight ?? 0;
    }
    c.row("Total weight", total).row("", "");
  }
  c.print(deps.io);
}
