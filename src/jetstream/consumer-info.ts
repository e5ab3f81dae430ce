import type { ConsumerConfig, ConsumerInfo } from "@nats-io/jetstream";
import { Columns } from "../output/columns.js";
import { humanDuration, commas, humanBytes, localTime } from "../output/format.js";
import { userMetadata } from "./metadata.js";
import { fromNanos, lastActiveMs } from "./wire.js";

/** natscli's words for a start policy. */
export function deliverPolicyText(c: Partial<ConsumerConfig>): string {
  switch (c.deliver_policy) {
    case "all": return "All";
    case "last": return "Last";
    case "new": return "New";
    case "last_per_subject": return "Last Per Subject";
    case "by_start_time": return `Since ${c.opt_start_time ? localTime(c.opt_start_time) : "?"}`;
    case "by_start_sequence": return `From Sequence ${c.opt_start_seq}`;
    default: return String(c.deliver_policy ?? "");
  }
}

function cap(s: string | undefined): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : "";
}

/** natscli's words for an ack policy: None, All, Explicit, Flow Control. */
export function ackPolicyText(p: string | undefined): string {
  return p === "flow_control" ? "Flow Control" : cap(p);
}

/** natscli's words for a priority policy. */
function priorityPolicyText(p: string): string {
  return p === "pinned_client" ? "Pinned Client" : cap(p);
}

/** natscli's consumer info screen: Configuration, Cluster Information and State sections. */
export function renderConsumerInfo(ci: ConsumerInfo, now: number, opts: { stateOnly?: boolean } = {}): string {
  const cfg = ci.config as ConsumerConfig & Record<string, unknown>;
  const head = `${opts.stateOnly ? "State for" : "Information for"} Consumer ${ci.stream_name} > ${ci.name} created ${localTime(ci.created)}`;
  const c = new Columns(head);
  if (!opts.stateOnly) {
    c.title("Configuration");
    c.row("Name", ci.name);
    c.rowIf(cfg.description, "Description", cfg.description);
    if (cfg.deliver_subject) c.row("Delivery Subject", cfg.deliver_subject);
    else c.row("Pull Mode", "true");
    const filters = cfg.filter_subjects?.length ? cfg.filter_subjects : cfg.filter_subject ? [cfg.filter_subject] : [];
    if (filters.length === 1) c.row("Filter Subject", filters[0]);
    else if (filters.length > 1) c.row("Filter Subjects", filters.join(", "));
    c.row("Deliver Policy", deliverPolicyText(cfg));
    if (cfg.deliver_group) c.row("Deliver Queue Group", cfg.deliver_group);
    c.row("Ack Policy", ackPolicyText(cfg.ack_policy));
    if (cfg.ack_policy !== "none") c.row("Ack Wait", humanDuration(fromNanos(cfg.ack_wait)));
    c.row("Replay Policy", cap(cfg.replay_policy));
    if (cfg.max_deliver && cfg.max_deliver > 0) c.row("Maximum Deliveries", commas(cfg.max_deliver));
    if (cfg.sample_freq) c.row("Sampling Rate", cfg.sample_freq);
    if (cfg.rate_limit_bps) c.row("Rate Limit", `${humanBytes(cfg.rate_limit_bps / 8)} / second`);
    if (cfg.max_ack_pending && cfg.max_ack_pending > 0) c.row("Max Ack Pending", commas(cfg.max_ack_pending));
    if (!cfg.deliver_subject && cfg.max_waiting) c.row("Max Waiting Pulls", commas(cfg.max_waiting));
    if (cfg.flow_control) c.row("Flow Control", "true");
    if (cfg.idle_heartbeat) c.row("Idle Heartbeat", humanDuration(fromNanos(cfg.idle_heartbeat)));
    if (cfg.headers_only) c.row("Headers Only", "true");
    if (cfg.inactive_threshold) c.row("Inactive Threshold", humanDuration(fromNanos(cfg.inactive_threshold)));
    if (cfg.max_batch) c.row("Max Pull Batch", commas(cfg.max_batch));
    if (cfg.max_expires) c.row("Max Pull Expire", humanDuration(fromNanos(cfg.max_expires)));
    if (cfg.max_bytes) c.row("Max Pull MaxBytes", humanBytes(cfg.max_bytes));
    if (cfg.backoff?.length) c.row("Backoff", cfg.backoff.map((b) => humanDuration(fromNanos(b))).join(", "));
    if (cfg.num_replicas) c.row("Replicas", cfg.num_replicas);
    if (cfg.mem_storage) c.row("Memory Storage", "true");
    const pp = cfg.priority_policy as string | undefined;
    if (pp && pp !== "none") {
      c.row("Priority Policy", priorityPolicyText(pp));
      c.row("Priority Groups", ((cfg.priority_groups as string[] | undefined) ?? []).join(", "));
      if (pp === "pinned_client") c.row("Pinned TTL", humanDuration(fromNanos((cfg.priority_timeout as number | undefined) ?? 0)));
    }
    if (cfg.pause_until && Date.parse(cfg.pause_until as string) > now) c.row("Paused Until", `${localTime(cfg.pause_until as string)} (${humanDuration(Date.parse(cfg.pause_until as string) - now)} remaining)`);
    const md = userMetadata(cfg.metadata);
    if (md) {
      c.title("Metadata");
      for (const [k, v] of Object.entries(md)) c.row(k, v);
    }
  }
  if (ci.cluster) {
    c.title("Cluster Information");
    c.row("Name", ci.cluster.name ?? "");
    c.row("Leader", ci.cluster.leader ?? "no leader");
    for (const r of ci.cluster.replicas ?? []) {
      const parts = [r.name, r.current ? "current" : "outdated"];
      if (r.offline) parts.push("OFFLINE");
      parts.push(r.active > 0 ? `seen ${humanDuration(fromNanos(r.active))} ago` : "not seen");
      c.row("Replica", parts.join(", "));
    }
  }
  c.title("State");
  // natscli's RenderMetaApi: what the server (2.11+) stamps on the consumer
  const md = (cfg.metadata ?? {}) as Record<string, string>;
  if (md["_nats.ver"]) c.row("Host Version", md["_nats.ver"]);
  if (md["_nats.level"] || md["_nats.req.level"]) c.row("Required API Level", `${md["_nats.req.level"] || "0"} hosted at level ${md["_nats.level"] ?? ""}`);
  const d = ci.delivered;
  const la = lastActiveMs(d);
  c.row("Last Delivered Message", `Consumer sequence: ${commas(d.consumer_seq)} Stream sequence: ${commas(d.stream_seq)}${la ? ` Last delivery: ${humanDuration(Math.max(0, now - la))} ago` : ""}`);
  if (cfg.ack_policy !== "none") {
    const af = ci.ack_floor;
    const fa = lastActiveMs(af);
    c.row("Acknowledgment Floor", `Consumer sequence: ${commas(af.consumer_seq)} Stream sequence: ${commas(af.stream_seq)}${fa ? ` Last Ack: ${humanDuration(Math.max(0, now - fa))} ago` : ""}`);
    c.row("Outstanding Acks", cfg.max_ack_pending && cfg.max_ack_pending > 0 ? `${commas(ci.num_ack_pending)} out of maximum ${commas(cfg.max_ack_pending)}` : commas(ci.num_ack_pending));
    c.row("Redelivered Messages", commas(ci.num_redelivered));
  }
  c.row("Unprocessed Messages", commas(ci.num_pending));
  if (!cfg.deliver_subject) c.row("Waiting Pulls", cfg.max_waiting ? `${commas(ci.num_waiting)} of maximum ${commas(cfg.max_waiting)}` : `${commas(ci.num_waiting)} of unlimited`);
  else c.row("Active Interest", ci.push_bound ? (cfg.deliver_group ? `Active using Queue Group ${cfg.deliver_group}` : "Active") : "No interest");
  const groups = (ci as { priority_groups?: { group: string; pinned_client_id?: string; pinned_ts?: string }[] }).priority_groups ?? [];
  if (groups.length && cfg.priority_policy === "pinned_client") {
    c.list("Priority Groups", groups.map((g) => `${g.group}: ${g.pinned_client_id ? `pinned ${g.pinned_client_id} at ${localTime(g.pinned_ts ?? 0)}` : "No client"}`));
  }
  const paused = (ci as { paused?: boolean; pause_remaining?: number }).paused;
  if (paused) c.row("Paused Until", `${localTime(cfg.pause_until as string)} (${humanDuration(fromNanos((ci as { pause_remaining?: number }).pause_remaining ?? 0))} remaining)`);
  return c.render();
}
