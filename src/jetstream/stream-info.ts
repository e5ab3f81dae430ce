import type { StreamInfo, StreamSource, StreamSourceInfo } from "@nats-io/jetstream";
import { Columns } from "../output/columns.js";
import { humanDuration, commas, humanBytes, localTime } from "../output/format.js";
import { userMetadata } from "./metadata.js";
import { fromNanos } from "./wire.js";

type AnyInfo = StreamInfo & { config: StreamInfo["config"] & Record<string, unknown> } & Record<string, unknown>;

function limit(n: number | undefined, fmt: (n: number) => string = (x) => commas(x)): string {
  return n === undefined || n <= 0 ? "unlimited" : fmt(n);
}

function ago(now: number, t: string | undefined): string {
  if (!t) return "never";
  return humanDuration(Math.max(0, now - Date.parse(t)));
}

function sourceLine(s: StreamSource): string {
  const parts = [s.name];
  if (s.filter_subject) parts.push(`Subject: ${s.filter_subject}`);
  if (s.opt_start_seq) parts.push(`Start Seq: ${commas(s.opt_start_seq)}`);
  if (s.opt_start_time) parts.push(`Start Time: ${s.opt_start_time}`);
  if (s.external) parts.push(`API Prefix: ${s.external.api}`);
  return parts.join(", ");
}

function sourceInfo(c: Columns, now: number, si: StreamSourceInfo): void {
  const s = si as StreamSourceInfo & { filter_subject?: string; external?: { api: string } };
  c.row("Stream Name", s.name);
  if (s.filter_subject) c.row("Subject Filter", s.filter_subject);
  c.row("Lag", commas(s.lag));
  c.row("Last Seen", s.active < 0 ? "never" : humanDuration(fromNanos(s.active)));
  if (s.external) c.row("Ext. API Prefix", s.external.api);
  if (s.error) c.row("Error", s.error.description);
}

/** natscli's stream info screen (natscli.md §8.2): config, options, limits, replication, cluster, state. */
export function renderStreamInfo(si: StreamInfo, now: number, opts: { stateOnly?: boolean } = {}): string {
  const info = si as AnyInfo;
  const cfg = info.config;
  const created = localTime(si.created);
  const c = new Columns(opts.stateOnly ? `State for Stream ${cfg.name} created ${created}` : `Information for Stream ${cfg.name} created ${created}`);
  if (!opts.stateOnly) {
    c.rowIf(cfg.description, "Description", cfg.description);
    c.rowIf(cfg.subjects?.length, "Subjects", cfg.subjects?.join(", "));
    c.row("Replicas", cfg.num_replicas);
    c.rowIf(cfg.sealed, "Sealed", "true");
    c.row("Storage", cfg.storage === "memory" ? "Memory" : "File");
    if (cfg.compression && cfg.compression !== "none") c.row("Compression", cfg.compression === "s2" ? "S2 Compression" : cfg.compression);
    if (cfg.persist_mode) c.row("Persistence Mode", cfg.persist_mode === "async" ? "Asynchronous" : "Default");
    if (cfg.first_seq && cfg.first_seq > 1) c.row("First Sequence", commas(cfg.first_seq));
    if (cfg.placement?.cluster) c.row("Placement Cluster", cfg.placement.cluster);
    if (cfg.placement?.tags?.length) c.row("Placement Tags", cfg.placement.tags.join(", "));
    c.title("Options");
    if (cfg.subject_transform) c.row("Subject Transform", `${cfg.subject_transform.src} to ${cfg.subject_transform.dest}`);
    if (cfg.republish) c.row(cfg.republish.headers_only ? "Republishing Headers" : "Republishing", `${cfg.republish.src} to ${cfg.republish.dest}`);
    c.row("Retention", cfg.retention === "workqueue" ? "WorkQueue" : cfg.retention === "interest" ? "Interest" : "Limits");
    c.row("Acknowledgments", cfg.no_ack ? "false" : "true");
    c.row("Discard Policy", cfg.discard === "new" ? (cfg.discard_new_per_subject ? "New Per Subject" : "New") : "Old");
    c.row("Duplicate Window", humanDuration(fromNanos(cfg.duplicate_window)));
    c.row("Direct Get", cfg.allow_direct ? "true" : "false");
    if (cfg.mirror_direct) c.row("Mirror Direct Get", "true");
    if (cfg.allow_atomic) c.row("Allows Atomic Batch Publish", "true");
    if (cfg.allow_batched) c.row("Allows Fast Batch Publish", "true");
    if (cfg.allow_msg_counter) c.row("Allows Counters", "true");
    c.row("Allows Msg Delete", cfg.deny_delete ? "false" : "true");
    if (cfg.allow_msg_ttl) c.row("Allows Per-Message TTL", "true");
    c.row("Allows Purge", cfg.deny_purge ? "false" : "true");
    if (cfg.allow_msg_schedules) c.row("Allows Schedules", "true");
    if (cfg.subject_delete_marker_ttl) c.row("Subject Delete Markers TTL", humanDuration(fromNanos(cfg.subject_delete_marker_ttl)));
    c.row("Allows Rollups", cfg.allow_rollup_hdrs ? "true" : "false");
    c.title("Limits");
    c.row("Maximum Messages", limit(cfg.max_msgs));
    c.row("Maximum Per Subject", limit(cfg.max_msgs_per_subject));
    c.row("Maximum Bytes", limit(cfg.max_bytes, humanBytes));
    c.row("Maximum Age", cfg.max_age > 0 ? humanDuration(fromNanos(cfg.max_age)) : "unlimited");
    c.row("Maximum Message Size", limit(cfg.max_msg_size, humanBytes));
    c.row("Maximum Consumers", limit(cfg.max_consumers));
    if (cfg.consumer_limits?.inactive_threshold) c.row("Consumer Inactive Threshold", humanDuration(fromNanos(cfg.consumer_limits.inactive_threshold)));
    if (cfg.consumer_limits?.max_ack_pending) c.row("Consumer Max Ack Pending", commas(cfg.consumer_limits.max_ack_pending));
    const md = userMetadata(cfg.metadata);
    if (md) {
      c.title("Metadata");
      for (const [k, v] of Object.entries(md)) c.row(k, v);
    }
    if (cfg.mirror || cfg.sources?.length) {
      c.title("Replication");
      if (cfg.mirror) c.row("Mirror", sourceLine(cfg.mirror));
      cfg.sources?.forEach((s, i) => c.row(i === 0 ? "Sources" : "", sourceLine(s)));
    }
  }
  if (si.cluster) {
    c.title("Cluster Information");
    c.row("Name", si.cluster.name ?? "");
    if (si.cluster.raft_group) c.row("Cluster Group", si.cluster.raft_group);
    const since = (si.cluster as { leader_since?: string }).leader_since;
    c.row("Leader", si.cluster.leader ? `${si.cluster.leader}${since ? ` for ${ago(now, since)}` : ""}` : "no leader");
    for (const r of si.cluster.replicas ?? []) {
      const parts = [r.name, r.current ? "current" : "outdated"];
      if (r.offline) parts.push("OFFLINE");
      parts.push(r.active > 0 ? `seen ${humanDuration(fromNanos(r.active))} ago` : "not seen");
      if (r.lag) parts.push(`${commas(r.lag)} operations behind`);
      c.row("Replica", parts.join(", "));
    }
  }
  if (si.mirror) {
    c.title("Mirror Information");
    sourceInfo(c, now, si.mirror);
  }
  if (si.sources?.length) {
    c.title("Source Information");
    si.sources.forEach((s, i) => { if (i > 0) c.text(""); sourceInfo(c, now, s); });
  }
  const st = si.state;
  c.title("State");
  const lvl = (cfg.metadata as Record<string, string> | undefined)?.["_nats.req.level"];
  const ver = (cfg.metadata as Record<string, string> | undefined)?.["_nats.ver"];
  if (ver) c.row("Host Version", ver);
  if (lvl !== undefined) c.row("Required API Level", `${lvl} hosted at level ${(cfg.metadata as Record<string, string>)["_nats.level"] ?? "?"}`);
  c.row("Messages", commas(st.messages));
  c.row("Bytes", humanBytes(st.bytes));
  if ((st as { lost?: { msgs?: number[] } }).lost?.msgs?.length) c.row("Lost Messages", commas((st as { lost: { msgs: number[] } }).lost.msgs.length));
  const firstTs = st.first_ts && !st.first_ts.startsWith("0001") ? ` @ ${localTime(st.first_ts)}` : "";
  const lastTs = st.last_ts && !st.last_ts.startsWith("0001") ? ` @ ${localTime(st.last_ts)}` : "";
  c.row("First Sequence", `${commas(st.first_seq)}${firstTs}`);
  c.row("Last Sequence", `${commas(st.last_seq)}${lastTs}`);
  c.rowIf(st.num_deleted, "Deleted Messages", commas(st.num_deleted ?? 0));
  c.row("Active Consumers", commas(st.consumer_count));
  if (st.num_subjects !== undefined) c.row("Number of Subjects", commas(st.num_subjects));
  const alts = (si as { alternates?: { name: string; cluster: string; domain?: string }[] }).alternates;
  alts?.forEach((a, i) => c.row(i === 0 ? "Alternates" : "", `${a.name}: Cluster: ${a.cluster}${a.domain ? ` Domain: ${a.domain}` : ""}`));
  return c.render();
}
