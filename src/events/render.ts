import { commas, humanBytes } from "../output/format.js";

/** An advisory or metric as the server sends it: a `type` (schema), `id`, `timestamp` and the type's own fields. */
export type NatsEvent = Record<string, unknown> & { type?: string; id?: string; timestamp?: string };

type Client = { id?: number; acc?: string; user?: string; name?: string; lang?: string; ver?: string; host?: string; jwt?: string; issuer_key?: string; name_tag?: string; tags?: string[]; kind?: string; client_type?: string; rtt?: number };
type Stats = { msgs?: number; bytes?: number };
type Peer = { name?: string; current?: boolean; active?: number };

/** How the viewer shows an event: one line (`--short`) or natscli's multi-line block (the default). */
export type EventFormat = "short" | "long";

/** Where the server sends each kind of event, as `events` subscribes to them (natscli events_command.go). */
export const EVENT_SUBJECTS = {
  jsAdvisory: "$JS.EVENT.ADVISORY.>",
  jsMetric: "$JS.EVENT.METRIC.>",
  connect: "$SYS.ACCOUNT.*.CONNECT",
  disconnect: "$SYS.ACCOUNT.*.DISCONNECT",
  authError: "$SYS.SERVER.*.CLIENT.AUTH.ERR",
  // natsx also shows these two; natscli does not subscribe to them (LAMEDUCK is sent by servers from 2.9.22/2.10)
  shutdown: "$SYS.SERVER.*.SHUTDOWN",
  lameDuck: "$SYS.SERVER.*.LAMEDUCK",
} as const;

const p2 = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS of an event's timestamp in local time. */
export function shortTime(ts: unknown): string {
  const d = new Date(typeof ts === "string" || typeof ts === "number" ? ts : Date.now());
  if (Number.isNaN(d.getTime())) return "??:??:??";
  return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

function nanoTime(ts: unknown): string {
  const d = new Date(typeof ts === "string" ? ts : Date.now());
  return `${shortTime(ts)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** A Go duration in nanoseconds as Go prints it (1.5ms, 2s, 1m0s). */
function goDur(ns: unknown): string {
  const n = Number(ns ?? 0);
  if (!Number.isFinite(n) || n === 0) return "0s";
  if (n < 1e3) return `${n}ns`;
  if (n < 1e6) return `${trim(n / 1e3)}µs`;
  if (n < 1e9) return `${trim(n / 1e6)}ms`;
  const s = n / 1e9;
  if (s < 60) return `${trim(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${trim(s - m * 60)}s` : `${Math.floor(m / 60)}h${m % 60}m${trim(s - m * 60)}s`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

const title = (s: unknown) => String(s ?? "").replace(/\b\w/g, (c) => c.toUpperCase());
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const indent = (text: string, n: number) => text.split("\n").map((l) => " ".repeat(n) + l).join("\n");

function clientBlock(c: Client): string[] {
  const row = (label: string, v: string) => `${label.padStart(19)}: ${v}`;
  const out = [row("ID", str(c.id))];
  if (c.user) out.push(row("User", c.user));
  if (c.name) out.push(row("Name", c.name));
  out.push(row("Account", str(c.acc)), row("Library Version", `${str(c.ver)}  Language: ${c.lang || "Unknown"}`));
  if (c.host) out.push(row("Host", c.host));
  // the JWT itself is a credential: only its issuer and tags are shown (natscli prints no JWT either)
  if (c.jwt) {
    out.push(row("Issuer Key", str(c.issuer_key)), row("Name Tag", str(c.name_tag)));
    if (c.tags?.length) out.push(row("Tags", c.tags.join(",")));
  }
  if (c.kind) out.push(row("Client Kind", c.kind));
  if (c.client_type) out.push(row("Client Type", c.client_type));
  return out;
}

function apiClient(c: Client): string[] {
  const out: string[] = [];
  if (c.user) out.push(`                      User: ${c.user} Account: ${str(c.acc)}`);
  out.push(`                      Host: ${str(c.host)}`, `                        ID: ${str(c.id)}`);
  if (c.name) out.push(`                      Name: ${c.name}`);
  out.push(`           Library Version: ${str(c.ver)}  Language: ${c.lang || "Unknown"}`);
  return out;
}

function replicas(rs: unknown): string[] {
  const out: string[] = [];
  for (const r of (rs as Peer[] | undefined) ?? []) out.push("", `             Name: ${str(r.name)}`, `          Current: ${str(r.current ?? false)}`, `           Active: ${goDur(r.active)}`);
  return out;
}

const peers = (rs: unknown) => ((rs as unknown[] | undefined) ?? []).length;

type Renderer = { short: (e: NatsEvent, t: string) => string; long: (e: NatsEvent, t: string) => string[] };

function head(e: NatsEvent, t: string, what: string): string {
  return `[${t}] [${str(e.id)}] ${what}`;
}

const C = (e: NatsEvent) => (e.client ?? {}) as Client;
const S = (e: NatsEvent) => (e.server ?? {}) as { name?: string; cluster?: string; id?: string };

// Text layouts of jsm.go's api/*/advisory and metric templates (what natscli renders), type by type.
const RENDERERS: Record<string, Renderer> = {
  "io.nats.server.advisory.v1.client_connect": {
    short: (e, t) => `${t} [Connection] ${C(e).user ? `user: ${C(e).user} ` : ""}cid: ${str(C(e).id)} in account ${str(C(e).acc)}`,
    long: (e, t) => [head(e, t, "Client Connection"), "", `   Server: ${str(S(e).name)}`, ...(S(e).cluster ? [`  Cluster: ${S(e).cluster}`] : []), "", "   Client:", ...clientBlock(C(e))],
  },
  "io.nats.server.advisory.v1.client_disconnect": {
    short: (e, t) => `${t} [Disconnection] ${C(e).user ? `user: ${C(e).user} ` : ""}cid: ${str(C(e).id)} in account ${str(C(e).acc)}: ${str(e.reason)}`,
    long: (e, t) => {
      const sent = (e.sent ?? {}) as Stats;
      const recv = (e.received ?? {}) as Stats;
      return [head(e, t, "Client Disconnection"), ...(e.reason ? ["", `    Reason: ${str(e.reason)}`] : []), `    Server: ${str(S(e).name)}`, ...(S(e).cluster ? [`   Cluster: ${S(e).cluster}`] : []),
        "", "   Client:", ...clientBlock(C(e)), "", "   Stats:", `                  RTT: ${goDur(C(e).rtt)}`,
        `      Client Received: ${str(recv.msgs ?? 0)} messages (${humanBytes(recv.bytes ?? 0)})`, `     Client Published: ${str(sent.msgs ?? 0)} messages (${humanBytes(sent.bytes ?? 0)})`];
    },
  },
  "io.nats.server.advisory.v1.account_connections": {
    short: (e, t) => {
      const sent = (e.sent ?? {}) as Stats;
      const recv = (e.received ?? {}) as Stats;
      return `${t} [Account] ${str(e.acc)} Server: ${str(S(e).name)} Connections: ${str(e.conns ?? 0)} Leaf Nodes: ${str(e.leafnodes ?? 0)} Slow: ${commas(Number(e.slow_consumers ?? 0))} Sent: ${commas(sent.msgs ?? 0)} / ${humanBytes(sent.bytes ?? 0)} Received: ${commas(recv.msgs ?? 0)} / ${humanBytes(recv.bytes ?? 0)}`;
    },
    long: (e, t) => {
      const sent = (e.sent ?? {}) as Stats;
      const recv = (e.received ?? {}) as Stats;
      return [head(e, t, "Account Status"), "", `      Account: ${str(e.acc)}`, `       Server: ${str(S(e).name)}`, ...(S(e).cluster ? [`      Cluster: ${S(e).cluster}`] : []),
        `  Connections: ${str(e.conns ?? 0)}`, `   Leaf Nodes: ${str(e.leafnodes ?? 0)}`, "", "   Stats:",
        `            Received: ${commas(recv.msgs ?? 0)} messages (${humanBytes(recv.bytes ?? 0)})`, `           Published: ${commas(sent.msgs ?? 0)} messages (${humanBytes(sent.bytes ?? 0)})`,
        `      Slow Consumers: ${commas(Number(e.slow_consumers ?? 0))}`];
    },
  },
  "io.nats.jetstream.advisory.v1.api_audit": {
    short: (e, t) => `${t} [JS API] ${str(e.subject)}${C(e).user ? ` ${C(e).user} @` : ""}${C(e).acc ? ` ${C(e).acc}` : ""}`,
    long: (e, t) => [head(e, t, "JetStream API Access"), "", `      Server: ${str(e.server)}`, `     Subject: ${str(e.subject)}`, "      Client:", ...apiClient(C(e)), "", "    Request:", "",
      e.request ? indent(str(e.request), 10) : "          Empty Request", "", "    Response:", "", indent(str(e.response), 10)],
  },
  "io.nats.jetstream.advisory.v1.stream_action": {
    short: (e, t) => `${t} [Stream ${title(e.action)}] ${str(e.stream)}`,
    long: (e, t) => [head(e, t, `Stream ${title(e.action)} Action`), "", `        Stream: ${str(e.stream)}`, ...(e.template ? [`      Template: ${str(e.template)}`] : [])],
  },
  "io.nats.jetstream.advisory.v1.consumer_action": {
    short: (e, t) => `${t} [Consumer ${title(e.action)}] ${str(e.stream)} > ${str(e.consumer)}`,
    long: (e, t) => [head(e, t, `Consumer ${title(e.action)} Action`), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`],
  },
  "io.nats.jetstream.advisory.v1.api_limit_reached": {
    short: (e, t) => `${t} [JS API Limit] ${str(e.server)} ${e.domain ? `in domain ${str(e.domain)} ` : ""}discarded ${commas(Number(e.dropped ?? 0))} messages`,
    long: (e, t) => [head(e, t, "API Limit Reached"), "", `           Dropped: ${str(e.dropped)}`, `            Domain: ${str(e.domain)}`],
  },
  "io.nats.jetstream.advisory.v1.consumer_leader_elected": {
    short: (e, t) => `${t} [RAFT] Consumer ${str(e.stream)} > ${str(e.consumer)} elected ${str(e.leader)} of ${peers(e.replicas)} peers`,
    long: (e, t) => [head(e, t, "Consumer Leader Election"), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`, `        Leader: ${str(e.leader)}`, "      Replicas:", ...replicas(e.replicas)],
  },
  "io.nats.jetstream.advisory.v1.consumer_quorum_lost": {
    short: (e, t) => `${t} [RAFT] Consumer ${str(e.stream)} > ${str(e.consumer)} lost quorum of ${peers(e.replicas)} peers`,
    long: (e, t) => [head(e, t, "Consumer Quorum Lost"), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`, "      Replicas:", ...replicas(e.replicas)],
  },
  "io.nats.jetstream.advisory.v1.stream_leader_elected": {
    short: (e, t) => `${t} [RAFT] Stream ${str(e.stream)} elected ${str(e.leader)} of ${peers(e.replicas)} peers`,
    long: (e, t) => [head(e, t, "Stream Leader Election"), "", `        Stream: ${str(e.stream)}`, `        Leader: ${str(e.leader)}`, "      Replicas:", ...replicas(e.replicas)],
  },
  "io.nats.jetstream.advisory.v1.stream_quorum_lost": {
    short: (e, t) => `${t} [RAFT] Stream ${str(e.stream)} lost quorum of ${peers(e.replicas)} peers`,
    long: (e, t) => [head(e, t, "Stream Quorum Lost"), "", `        Stream: ${str(e.stream)}`, "      Replicas:", ...replicas(e.replicas)],
  },
  "io.nats.jetstream.advisory.v1.domain_leader_elected": {
    short: (e, t) => `${t} [RAFT] Domain leader elected ${str(e.leader)} in cluster ${str(e.cluster)} leader of ${peers(e.replicas)} peers`,
    long: (e, t) => [head(e, t, "Domain Leader Election"), "", `        Leader: ${str(e.leader)}`, `       Cluster: ${str(e.cluster)}`, ...(e.domain ? [`        Domain: ${str(e.domain)}`] : []), "      Replicas:", ...replicas(e.replicas)],
  },
  "io.nats.jetstream.advisory.v1.max_deliver": {
    short: (e, t) => `${t} [JS Max Deliveries] ${str(e.stream)} (${str(e.stream_seq)}) > ${str(e.consumer)}: ${str(e.deliveries)} deliveries`,
    long: (e, t) => [head(e, t, "Delivery Attempts Exceeded"), "", `          Consumer: ${str(e.stream)} > ${str(e.consumer)}`, `   Stream Sequence: ${str(e.stream_seq)}`, `        Deliveries: ${str(e.deliveries)}`],
  },
  "io.nats.jetstream.advisory.v1.nak": {
    short: (e, t) => `${t} [JS Delivery NAKed] ${str(e.stream)} (${str(e.stream_seq)}) > ${str(e.consumer)}: ${str(e.deliveries)} deliveries`,
    long: (e, t) => [head(e, t, "Delivery NAKed"), "", `          Consumer: ${str(e.stream)} > ${str(e.consumer)}`, `   Stream Sequence: ${str(e.stream_seq)}`, `        Deliveries: ${str(e.deliveries)}`, `            Domain: ${str(e.domain)}`],
  },
  "io.nats.jetstream.advisory.v1.terminated": {
    short: (e, t) => `${t} [JS Delivery Terminated] ${str(e.stream)} (${str(e.stream_seq)}) > ${str(e.consumer)}: ${str(e.deliveries)} deliveries${e.reason ? `: ${str(e.reason)}` : ""}`,
    long: (e, t) => [head(e, t, "Delivery Terminated"), "", `          Consumer: ${str(e.stream)} > ${str(e.consumer)}`, `   Stream Sequence: ${str(e.stream_seq)}`, `        Deliveries: ${str(e.deliveries)}`, ...(e.reason ? [`            Reason: ${str(e.reason)}`] : [])],
  },
  "io.nats.jetstream.advisory.v1.restore_create": {
    short: (e, t) => `${t} [Restore Create] ${str(e.stream)}`,
    long: (e, t) => [head(e, t, "Stream Restore Created"), "", `        Stream: ${str(e.stream)}`, "        Client:", ...apiClient(C(e))],
  },
  "io.nats.jetstream.advisory.v1.restore_complete": {
    short: (e, t) => `${t} [Restore Complete] ${str(e.stream)} restored ${humanBytes(Number(e.bytes ?? 0))} bytes started ${shortTime(e.start)} ended ${shortTime(e.end)}`,
    long: (e, t) => [head(e, t, "Stream Restore Completed"), "", `        Stream: ${str(e.stream)}`, `         Start: ${nanoTime(e.start)}`, `           End: ${nanoTime(e.end)}`, `         Bytes: ${humanBytes(Number(e.bytes ?? 0))}`, "        Client:", ...apiClient(C(e))],
  },
  "io.nats.jetstream.advisory.v1.snapshot_create": {
    short: (e, t) => `${t} [Snapshot Create] ${str(e.stream)} ${commas(Number(e.blocks ?? 0))} blocks of ${humanBytes(Number(e.block_size ?? 0))}`,
    long: (e, t) => [head(e, t, "Stream Snapshot Created"), "", `        Stream: ${str(e.stream)}`, `        Blocks: ${commas(Number(e.blocks ?? 0))}`, `    Block Size: ${humanBytes(Number(e.block_size ?? 0))}`, "        Client:", ...apiClient(C(e))],
  },
  "io.nats.jetstream.advisory.v1.snapshot_complete": {
    short: (e, t) => `${t} [Snapshot Complete] ${str(e.stream)} started ${shortTime(e.start)} ended ${shortTime(e.end)}`,
    long: (e, t) => [head(e, t, "Stream Snapshot Completed"), "", `        Stream: ${str(e.stream)}`, `         Start: ${nanoTime(e.start)}`, `           End: ${nanoTime(e.end)}`, "        Client:", ...apiClient(C(e))],
  },
  "io.nats.jetstream.advisory.v1.server_out_of_space": {
    short: (e, t) => `${t} [Out of Space] ${str(e.server)} (${str(e.server_id)})${e.cluster ? ` in cluster ${str(e.cluster)}` : ""} ran out of disk space`,
    long: (e, t) => [head(e, t, "Out of Disk Space"), "", `        Server: ${str(e.server)} - ${str(e.server_id)}`, `       Cluster: ${str(e.cluster)}`, ...(e.stream ? [`        Stream: ${str(e.stream)}`] : [])],
  },
  "io.nats.jetstream.advisory.v1.server_removed": {
    short: (e, t) => `${t} [Server Removed] ${str(e.server)} (${str(e.server_id)})${e.cluster ? ` in cluster ${str(e.cluster)}` : ""} was removed`,
    long: (e, t) => [head(e, t, "Server Removed"), "", `        Server: ${str(e.server)} - ${str(e.server_id)}`, `       Cluster: ${str(e.cluster)}`, ...(e.domain ? [`        Domain: ${str(e.domain)}`] : [])],
  },
  "io.nats.jetstream.advisory.v1.consumer_pause": {
    short: (e, t) => `${t} [Consumer Pause] Consumer: ${str(e.stream)} > ${str(e.consumer)} Paused: ${str(e.paused ?? false)}${e.paused ? ` until ${str(e.pause_until)}` : ""}`,
    long: (e, t) => [head(e, t, "Consumer Pause"), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`, `        Paused: ${str(e.paused ?? false)}`, ...(e.paused ? [`         Until: ${str(e.pause_until)}`] : []), ...(e.domain ? [`        Domain: ${str(e.domain)}`] : [])],
  },
  "io.nats.jetstream.advisory.v1.consumer_group_pinned": {
    short: (e, t) => `${t} [PINNED] Consumer ${str(e.stream)} > ${str(e.consumer)} pinned client ${str(e.pinned_id)} for group ${str(e.group)}`,
    long: (e, t) => [head(e, t, "Grouped Consumer Pinned a Client"), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`, `         Group: ${str(e.group)}`, `        Domain: ${str(e.domain)}`, ` Pinned Client: ${str(e.pinned_id)}`],
  },
  "io.nats.jetstream.advisory.v1.consumer_group_unpinned": {
    short: (e, t) => `${t} [UNPINNED] Consumer ${str(e.stream)} > ${str(e.consumer)} unpinned client for group ${str(e.group)}: ${str(e.reason)}`,
    long: (e, t) => [head(e, t, "Grouped Consumer Un-Pinned a Client"), "", `        Stream: ${str(e.stream)}`, `      Consumer: ${str(e.consumer)}`, `         Group: ${str(e.group)}`, `        Domain: ${str(e.domain)}`, `        Reason: ${str(e.reason)}`],
  },
  "io.nats.jetstream.advisory.v1.stream_batch_abandoned": {
    short: (e, t) => `${t} [Batch Abandoned] ${str(e.stream)} ${e.domain ? `in domain ${str(e.domain)} ` : ""}abandoned batch ${str(e.batch)}: ${str(e.reason)}`,
    long: (e, t) => [head(e, t, "Publish Batch Abandoned"), "", `           Account: ${str(e.account)}`, `            Domain: ${str(e.domain)}`, `            Stream: ${str(e.stream)}`, `             Batch: ${str(e.batch)}`, `            Reason: ${str(e.reason)}`],
  },
  "io.nats.jetstream.metric.v1.consumer_ack": {
    short: (e, t) => `${t} [JS Ack] ${str(e.stream)} (${str(e.stream_seq)}) > ${str(e.consumer)} (${str(e.consumer_seq)}): ${str(e.deliveries)} deliveries in ${goDur(e.ack_time)}`,
    long: (e, t) => [head(e, t, "Acknowledgment Sample"), "", `              Consumer: ${str(e.stream)} > ${str(e.consumer)}`, `       Stream Sequence: ${str(e.stream_seq)}`, `     Consumer Sequence: ${str(e.consumer_seq)}`, `            Deliveries: ${str(e.deliveries)}`, `                 Delay: ${goDur(e.ack_time)}`],
  },
};

/**
 * The text of one event received on `subject`, or undefined for a schema this viewer does not know (the caller
 * then shows the raw event, as natscli does). Authentication failures arrive as `client_disconnect` events on
 * `$SYS.SERVER.*.CLIENT.AUTH.ERR`: natsx heads them "Authentication Error" so they are not read as a disconnect.
 * Server shutdown (and, from 2.9.22, lame duck) notices carry no schema type; they are recognised by subject.
 */
export function renderEvent(subject: string, e: NatsEvent, format: EventFormat): string | undefined {
  const t = shortTime(e.timestamp);
  const server = /^\$SYS\.SERVER\.([^.]+)\.(SHUTDOWN|LAMEDUCK)$/.exec(subject);
  if (server) {
    const what = server[2] === "SHUTDOWN" ? "Server Shutdown" : "Lame Duck Mode";
    const srv = (e.server ?? e) as { name?: string; id?: string; cluster?: string; ver?: string; time?: string };
    const at = shortTime(srv.time);
    if (format === "short") return `${at} [${what}] ${str(srv.name)} (${str(srv.id ?? server[1])})`;
    return [`[${at}] ${what}`, "", `    Server: ${str(srv.name)}`, `        ID: ${str(srv.id ?? server[1])}`, ...(srv.cluster ? [`   Cluster: ${srv.cluster}`] : []), ...(srv.ver ? [`   Version: ${srv.ver}`] : [])].join("\n");
  }
  const r = RENDERERS[String(e.type)];
  if (!r) return undefined;
  if (/\.CLIENT\.AUTH\.ERR$/.test(subject) && e.type === "io.nats.server.advisory.v1.client_disconnect") {
    if (format === "short") return r.short(e, t).replace("[Disconnection]", "[Authentication Error]");
    return r.long(e, t).join("\n").replace("Client Disconnection", "Client Authentication Error");
  }
  return format === "short" ? r.short(e, t) : r.long(e, t).join("\n");
}

/** The schema types this viewer renders as text (the rest are shown raw). */
export function knownEventTypes(): string[] {
  return Object.keys(RENDERERS);
}

/** natscli's CloudEvents v1 envelope (jsm.go ToCloudEventV1): type, time, id, source, dataschema, specversion, subject, data. */
export function cloudEvent(e: NatsEvent): Record<string, unknown> | undefined {
  const type = typeof e.type === "string" ? e.type : undefined;
  if (!type) return undefined;
  const parts = type.split(".");
  const token = type.replace(/^io\.nats\./, "").replaceAll(".", "/");
  return {
    type,
    time: e.timestamp ?? null,
    id: e.id ?? null,
    source: `urn:nats:${parts[2] ?? ""}`,
    dataschema: type.startsWith("io.nats.") ? `https://raw.githubusercontent.com/nats-io/jsm.go/master/schemas/${token}.json` : "",
    specversion: "1.0",
    subject: parts[3] ?? "",
    data: e,
  };
}
