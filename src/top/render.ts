import type { TopConn, TopStats } from "./engine.js";

/** nats-top's byte sizes: 512, 1.5K, 2.0M, 1.1G (raw numbers with --raw). */
export function psize(raw: boolean, n: number): string {
  if (raw || n < 1024) return n.toFixed(0);
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)}K`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)}M`;
  return `${(n / 1024 ** 3).toFixed(1)}G`;
}

/** nats-top's counts: 999, 1.0K, 2.5M, 1.0B, 3.0T (raw numbers with --raw). */
export function nsize(raw: boolean, n: number): string {
  if (raw || n < 1e3) return n.toFixed(0);
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}K`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)}M`;
  if (n < 1e12) return `${(n / 1e9).toFixed(1)}B`;
  return `${(n / 1e12).toFixed(1)}T`;
}

export interface TopView {
  raw: boolean;
  subs: boolean;
  /** Show each connection's change since the last poll instead of its totals (space bar, as nats-top). */
  rates: boolean;
  /** Cached reverse lookups (--lookup): ip → name. */
  hosts?: Map<string, string>;
}

const HEADERS = ["SUBS", "PENDING", "MSGS_TO", "MSGS_FROM", "BYTES_TO", "BYTES_FROM", "LANG", "VERSION", "UPTIME", "LAST_ACTIVITY"];
const WIDTHS = [6, 10, 10, 10, 10, 10, 7, 7, 7, 40];

const pad = (s: string | number, w: number) => String(s).padEnd(w);

function host(c: TopConn, v: TopView): string {
  return v.hosts?.get(c.ip ?? "") ?? `${c.ip ?? ""}:${c.port ?? 0}`;
}

function connValues(s: TopStats, c: TopConn, v: TopView): string[] {
  const r = v.rates ? s.rates?.connections[c.cid] : undefined;
  const counts = v.rates ? [r?.out_msgs ?? 0, r?.in_msgs ?? 0] : [c.out_msgs ?? 0, c.in_msgs ?? 0];
  const bytes = v.rates ? [r?.out_bytes ?? 0, r?.in_bytes ?? 0] : [c.out_bytes ?? 0, c.in_bytes ?? 0];
  return [String(c.subscriptions ?? 0), nsize(v.raw, c.pending_bytes ?? 0), nsize(v.raw, counts[0]!), nsize(v.raw, counts[1]!), psize(v.raw, bytes[0]!), psize(v.raw, bytes[1]!),
    c.lang ?? "", c.version ?? "", c.uptime ?? "", c.last_activity ?? ""];
}

function summary(s: TopStats, raw: boolean, delim?: string): string[] {
  const z = s.varz;
  const r = s.rates;
  const f1 = (n: number) => n.toFixed(1);
  if (delim !== undefined) {
    const j = (...a: (string | number)[]) => a.join(delim);
    return [
      j("NATS server version", z.version ?? "", `(uptime: ${z.uptime ?? ""})`, ""),
      "Server:",
      j("Load:", "CPU:", `${f1(z.cpu ?? 0)}%`, "Memory:", psize(false, z.mem ?? 0), "Slow Consumers:", z.slow_consumers ?? 0),
      j("In:", "Msgs:", nsize(raw, z.in_msgs ?? 0), "Bytes:", psize(raw, z.in_bytes ?? 0), "Msgs/Sec:", f1(r?.in_msgs ?? 0), "Bytes/Sec:", psize(raw, r?.in_bytes ?? 0)),
      j("Out:", "Msgs:", nsize(raw, z.out_msgs ?? 0), "Bytes:", psize(raw, z.out_bytes ?? 0), "Msgs/Sec:", f1(r?.out_msgs ?? 0), "Bytes/Sec:", psize(raw, r?.out_bytes ?? 0)),
    ];
  }
  return [
    `NATS server version ${z.version ?? ""} (uptime: ${z.uptime ?? ""}) `,
    `Server: ${z.server_name && z.server_name !== z.server_id ? z.server_name : ""}`,
    `  ID:   ${z.server_id ?? ""}`,
    `  Load: CPU:  ${f1(z.cpu ?? 0)}%  Memory: ${psize(false, z.mem ?? 0)}  Slow Consumers: ${z.slow_consumers ?? 0}`,
    `  In:   Msgs: ${nsize(raw, z.in_msgs ?? 0)}  Bytes: ${psize(raw, z.in_bytes ?? 0)}  Msgs/Sec: ${f1(r?.in_msgs ?? 0)}  Bytes/Sec: ${psize(raw, r?.in_bytes ?? 0)}`,
    `  Out:  Msgs: ${nsize(raw, z.out_msgs ?? 0)}  Bytes: ${psize(raw, z.out_bytes ?? 0)}  Msgs/Sec: ${f1(r?.out_msgs ?? 0)}  Bytes/Sec: ${psize(raw, r?.out_bytes ?? 0)}`,
  ];
}

/** nats-top's screen: the server summary, then one padded row per connection (the NAME column only when one has a name). */
export function renderTop(s: TopStats, v: TopView): string {
  const conns = s.connz.connections ?? [];
  const lines = summary(s, v.raw);
  lines.push("", `Connections Polled: ${s.connz.num_connections ?? conns.length}`);
  let hostSize = 15;
  let nameSize = 0;
  for (const c of conns) {
    const h = host(c, v).length;
    if (h > hostSize) hostSize = h + 2;
    const n = (c.name ?? "").length;
    if (n > nameSize) nameSize = Math.max(n + 2, 4);
  }
  const row = (hostCell: string, cid: string, name: string, cells: string[], subs?: string) =>
    `  ${pad(hostCell, hostSize)}  ${pad(cid, 6)} ${nameSize > 0 ? `${pad(name, nameSize)} ` : ""}${cells.map((x, i) => pad(x, WIDTHS[i]!)).join("  ")}${subs === undefined ? "" : subs}`;
  lines.push(row("HOST", "CID", "NAME", HEADERS, v.subs ? "SUBSCRIPTIONS".padStart(13) : undefined));
  for (const c of conns) lines.push(row(host(c, v), String(c.cid), c.name ?? "", connValues(s, c, v), v.subs ? (c.subscriptions_list ?? []).join(", ") : undefined));
  // nats-top pads the last column too: trailing blanks only get in the way of a pipe
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

/** nats-top's delimited form (`--delimiter`): the same summary and every connection's fields joined by the delimiter. */
export function renderTopDelimited(s: TopStats, v: TopView, delim: string): string {
  const conns = s.connz.connections ?? [];
  const lines = summary(s, v.raw, delim);
  lines.push("", `Connections Polled:${delim}${s.connz.num_connections ?? conns.length}`);
  // two spaces between subscriptions: the delimiter is often a comma
  lines.push(["HOST", "CID", "NAME", ...HEADERS, ...(v.subs ? ["SUBSCRIPTIONS"] : [])].join(delim));
  for (const c of conns) lines.push([host(c, v), String(c.cid), c.name ?? "", ...connValues(s, c, v), ...(v.subs ? [(c.subscriptions_list ?? []).join("  ")] : [])].join(delim));
  return `${lines.join("\n")}\n`;
}

/** The `--once --json` document: the server's numbers, the connections, and rates when two polls were made. */
export function topJson(s: TopStats): Record<string, unknown> {
  const z = s.varz;
  return {
    server: { id: z.server_id, name: z.server_name ?? null, version: z.version ?? null, uptime: z.uptime ?? null, now: z.now ?? null, cpu: z.cpu ?? 0, mem: z.mem ?? 0, slow_consumers: z.slow_consumers ?? 0,
      in_msgs: z.in_msgs ?? 0, out_msgs: z.out_msgs ?? 0, in_bytes: z.in_bytes ?? 0, out_bytes: z.out_bytes ?? 0 },
    rates: s.rates ? { in_msgs: s.rates.in_msgs, out_msgs: s.rates.out_msgs, in_bytes: s.rates.in_bytes, out_bytes: s.rates.out_bytes } : null,
    num_connections: s.connz.num_connections ?? (s.connz.connections ?? []).length,
    connections: (s.connz.connections ?? []).map((c) => ({
      cid: c.cid, host: `${c.ip ?? ""}:${c.port ?? 0}`, name: c.name ?? null, account: c.account ?? null, user: c.authorized_user ?? null, subs: c.subscriptions ?? 0, pending_bytes: c.pending_bytes ?? 0,
      msgs_to: c.out_msgs ?? 0, msgs_from: c.in_msgs ?? 0, bytes_to: c.out_bytes ?? 0, bytes_from: c.in_bytes ?? 0,
      lang: c.lang ?? null, version: c.version ?? null, uptime: c.uptime ?? null, last_activity: c.last_activity ?? null, idle: c.idle ?? null, rtt: c.rtt ?? null,
      ...(c.subscriptions_list ? { subscriptions: c.subscriptions_list } : {}),
    })),
  };
}
