import { commas, humanBytes, humanDuration, localTime } from "../../../output/format.js";
import { fromNanos } from "../../../jetstream/wire.js";
import { StorageType, StoreCompression, type StreamInfo } from "@nats-io/jetstream";
import { Columns } from "../../../output/columns.js";

/** Our JSON for a bucket's status: summary fields plus the raw stream info. */
export function kvStatusJson(si: StreamInfo): Record<string, unknown> {
  const c = si.config;
  return {
    bucket: c.name.replace(/^KV_/, ""),
    description: c.description ?? "",
    values: si.state.messages,
    history: c.max_msgs_per_subject,
    ttl: c.max_age,
    storage: c.storage,
    replicas: c.num_replicas,
    size: si.state.bytes,
    max_bucket_size: c.max_bytes,
    max_value_size: c.max_msg_size,
    compressed: Boolean(c.compression && c.compression !== StoreCompression.None),
    backing_store: "JetStream",
    stream_info: si,
  };
}

/** natscli's KV status screen (kv_command.go showStatus). */
export function kvStatusScreen(si: StreamInfo): Columns {
  const c = si.config;
  const bucket = c.name.replace(/^KV_/, "");
  const col = new Columns(`Information for Key-Value Store Bucket ${bucket} created ${localTime(si.created)}`);
  const markerTtl = (c as { subject_delete_marker_ttl?: number }).subject_delete_marker_ttl;
  col.title("Configuration");
  col.row("Bucket Name", bucket);
  col.row("History Kept", commas(c.max_msgs_per_subject));
  col.row("Values Stored", commas(si.state.messages));
  col.row("Compressed", Boolean(c.compression && c.compression !== StoreCompression.None));
  col.row("Per-Key TTL Supported", Boolean((c as { allow_msg_ttl?: boolean }).allow_msg_ttl));
  if (markerTtl) col.row("Limit Marker TTL", humanDuration(fromNanos(markerTtl)));
  col.row("Backing Store Kind", "JetStream");
  if (c.description) col.row("Description", c.description);
  col.row("Bucket Size", humanBytes(si.state.bytes));
  col.row("Maximum Bucket Size", c.max_bytes > 0 ? humanBytes(c.max_bytes) : "unlimited");
  col.row("Maximum Value Size", c.max_msg_size > 0 ? humanBytes(c.max_msg_size) : "unlimited");
  col.row("Maximum Age", c.max_age > 0 ? humanDuration(fromNanos(c.max_age)) : "unlimited");
  col.row("JetStream Stream", c.name);
  col.row("Storage", c.storage === StorageType.Memory ? "Memory" : "File");
  if (c.placement?.cluster) col.row("Placement Cluster", c.placement.cluster);
  if (c.placement?.tags?.length) col.row("Placement Tags", c.placement.tags);
  if (c.republish?.dest) {
    col.row("Republishing", `${c.republish.src} to ${c.republish.dest}`);
    if (c.republish.headers_only) col.row("Headers Only", true);
  }
  if (c.mirror) {
    col.title("Mirror Information");
    col.row("Origin Bucket", c.mirror.name.replace(/^KV_/, ""));
    if (c.mirror.external?.api) col.row("External API", c.mirror.external.api);
    if (si.mirror) {
      col.row("Last Seen", humanDuration(fromNanos(si.mirror.active)));
      col.row("Lag", commas(si.mirror.lag));
    }
  }
  if (c.sources?.length) {
    col.title("Sources Information");
    for (const s of c.sources) {
      const st = si.sources?.find((x) => x.name === s.name);
      col.row("Source Bucket", s.name.replace(/^KV_/, ""));
      if (st) { col.row("Last Seen", humanDuration(fromNanos(st.active))); col.row("Lag", commas(st.lag)); }
    }
  }
  const md = Object.entries(c.metadata ?? {}).filter(([k]) => !k.startsWith("_nats"));
  if (md.length) {
    col.title("Metadata");
    for (const [k, v] of md) col.row(k, v);
  }
  if (si.cluster) {
    col.title("Cluster Information");
    col.row("Name", si.cluster.name ?? "");
    col.row("Leader", si.cluster.leader ?? "");
    for (const r of si.cluster.replicas ?? []) col.row("Replica", `${r.name}, ${r.current ? "current" : "outdated"}, seen ${humanDuration(fromNanos(r.active))} ago`);
  }
  return col;
}
