import { commas, humanBytes } from "../output/format.js";
import type { Deps } from "../deps.js";
import { printTable } from "../output/table.js";
import type { ServerIdentity } from "./gather.js";
import type { ServerConn } from "./connz.js";
import { shortAccount } from "./ping-all.js";

/** natscli's connection sort keys (in-bytes, out-bytes, in-msgs, out-msgs, uptime, cid, subs). */
export const CONN_SORTS: Record<string, (c: ServerConn) => number> = {
  "in-bytes": (c) => c.in_bytes ?? 0, "out-bytes": (c) => c.out_bytes ?? 0, "in-msgs": (c) => c.in_msgs ?? 0, "out-msgs": (c) => c.out_msgs ?? 0,
  uptime: (c) => -Date.parse(c.start ?? ""), cid: (c) => c.cid, subs: (c) => c.subscriptions ?? 0,
};

/** Sorts (largest first, -R smallest), keeps the top N, and prints natscli's connection tables unless JSON; returns what it kept. */
export function renderConnections(deps: Deps, conns: ServerConn[], perServer: { server: ServerIdentity; total: number }[], o: { sort: string; top: number; reverse: boolean; json: boolean }): ServerConn[] {
  const by = CONN_SORTS[o.sort] ?? CONN_SORTS.subs!;
  const all = [...conns].sort((a, b) => (o.reverse ? by(a) - by(b) : by(b) - by(a)));
  const shown = all.slice(0, o.top);
  if (o.json) return shown;
  printTable(deps.io, ["CID", "Name", "Server", "Cluster", "IP", "Account", "Uptime", "In Msgs", "Out Msgs", "In Bytes", "Out Bytes", "Subs"],
    shown.map((c) => [c.cid, c.name ?? "", c.server.name, c.server.cluster ?? "", c.ip ?? "", shortAccount(c.account), c.uptime ?? "", commas(c.in_msgs ?? 0), commas(c.out_msgs ?? 0),
      humanBytes(c.in_bytes ?? 0), humanBytes(c.out_bytes ?? 0), commas(c.subscriptions ?? 0)]),
    { title: `Top ${shown.length} Connections out of ${all.length} by ${o.sort}` }, deps.env);
  deps.io.out.write("\n");
  printTable(deps.io, ["Server", "Cluster", "Connections"],
    perServer.map((p) => [p.server.name, p.server.cluster ?? "", commas(p.total)]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    { title: "Connections per server" }, deps.env);
  return shown;
}
