import type { Deps } from "../../../deps.js";
import { Columns } from "../../../output/columns.js";
import { humanDuration, commas, humanBytes } from "../../../output/format.js";
import type { SysReply } from "../../../sys/gather.js";

/** A 56-character upper-case server ID (natscli asks that server directly). */
export function isServerId(s: string): boolean {
  return /^N[A-Z0-9]{55}$/.test(s);
}

// Go durations in varz are nanoseconds.
const ns = (n: unknown) => (typeof n === "number" ? humanDuration(n / 1e6) : "");
const lim = (n: unknown, bytes = false) => (typeof n !== "number" || n <= 0 ? "unlimited" : bytes ? humanBytes(n) : commas(n));

/** natscli's server information screen from one VARZ reply (server info, config reload). */
export function renderVarz(deps: Deps, rep: SysReply<Record<string, unknown>>): void {
  // VARZ is a large document whose shape varies by server version: read it loosely.
  const v = rep.data as Record<string, any>;
  const c = new Columns(`Server information for ${v.server_name} (${v.server_id})`);
  c.title("Process Details");
  c.row("Version", v.version).row("Git Commit", v.git_commit || "").row("Go Version", v.go).row("Start Time", v.start).row("Configuration Load Time", v.config_load_time);
  c.row("Uptime", v.uptime);
  c.title("Connection Details");
  c.row("Auth Required", v.auth_required ? "true" : "false").row("TLS Required", v.tls_required ? "true" : "false");
  c.row("Host", `${v.host}:${v.port}`);
  c.row("Client URLs", (v.connect_urls ?? []).join(", ") || "none");
  if (v.websocket?.port) c.row("WebSocket URLs", (v.websocket.connect_urls ?? []).join(", ") || `${v.websocket.host}:${v.websocket.port}`);
  const js = v.jetstream;
  if (js?.config) {
    c.title("JetStream");
    c.row("Domain", js.config.domain || "none").row("Storage Directory", js.config.store_dir);
    c.row("Active Accounts", commas(js.stats?.accounts ?? 0));
    c.row("Memory In Use", humanBytes(js.stats?.memory ?? 0)).row("File In Use", humanBytes(js.stats?.storage ?? 0));
    c.row("API Requests", commas(js.stats?.api?.total ?? 0)).row("API Errors", commas(js.stats?.api?.errors ?? 0));
    c.row("Maximum Memory Storage", lim(js.config.max_memory, true)).row("Maximum File Storage", lim(js.config.max_storage, true));
    if (js.meta) c.row("Meta Leader", js.meta.leader ?? "none").row("Meta Cluster Size", js.meta.cluster_size);
  }
  c.title("Limits");
  c.row("Maximum Connections", commas(v.max_connections ?? 0)).row("Maximum Subscriptions", lim(v.max_subscriptions));
  c.row("Maximum Payload", humanBytes(v.max_payload ?? 0)).row("TLS Timeout", `${v.tls_timeout}s`).row("Write Deadline", ns(v.write_deadline));
  c.title("Statistics");
  c.row("CPU Cores", `${v.cores} ${Number(v.cpu ?? 0).toFixed(2)}%`).row("GOMAXPROCS", v.gomaxprocs).row("Memory", humanBytes(v.mem ?? 0));
  c.row("Connections", commas(v.connections ?? 0)).row("Subscriptions", commas(v.subscriptions ?? 0));
  c.row("Messages", `${commas(v.in_msgs ?? 0)} in ${commas(v.out_msgs ?? 0)} out`).row("Bytes", `${humanBytes(v.in_bytes ?? 0)} in ${humanBytes(v.out_bytes ?? 0)} out`);
  c.row("Slow Consumers", commas(v.slow_consumers ?? 0));
  if (v.cluster?.name) {
    c.title("Cluster");
    c.row("Name", v.cluster.name).row("Host", `${v.cluster.addr}:${v.cluster.cluster_port}`).row("URLs", (v.cluster.urls ?? []).join(", "));
  }
  if (v.gateway?.name) {
    c.title("Super Cluster");
    c.row("Name", v.gateway.name).row("Host", `${v.gateway.host}:${v.gateway.port}`);
  }
  c.print(deps.io);
}
