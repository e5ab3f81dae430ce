import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../context/connect.js";
import type { ServerFilter, ServerIdentity } from "./gather.js";
import type { Ping } from "./ping-all.js";
import { usageError } from "../errors.js";

/** The server's ConnState numbers (the JSON field is an integer, not the name). */
export const CONN_STATES: Record<string, number> = { open: 0, closed: 1, all: 2 };

/** One connection as CONNZ reports it (natscli's server.ConnInfo JSON). */
export interface ConnInfo {
  cid: number; kind?: string; type?: string; name?: string; ip?: string; port?: number; account?: string; authorized_user?: string; uptime?: string; start?: string;
  in_msgs?: number; out_msgs?: number; in_bytes?: number; out_bytes?: number; subscriptions?: number; subscriptions_list?: string[]; lang?: string; version?: string; rtt?: string;
  reason?: string; stop?: string;
}

/** A connection with the server it is on, as natscli's `connInfo` (the server object embedded as "server"). */
export type ServerConn = ConnInfo & { server: ServerIdentity };


export interface ConnzQuery extends ServerFilter { account?: string; subject?: string; user?: string; state?: string; limit?: number }

/**
 * Keeps the connections whose close reason matches --closed-reason (a case-insensitive regular
 * expression, natscli's `lower(Conn.Reason) matches`); a bad expression is a usage error.
 */
export function closedReasonFilter(expr: string | undefined): (c: ConnInfo) => boolean {
  if (!expr) return () => true;
  let re: RegExp;
  try { re = new RegExp(expr.toLowerCase()); } catch (e) { throw usageError(`invalid --closed-reason expression: ${(e as Error).message}`); }
  return (c) => re.test((c.reason ?? "").toLowerCase());
}

/**
 * Every matching connection across the servers, with subscription lists and authorization details
 * (natscli asks CONNZ with subscriptions and username), paged 1024 at a time per server.
 */
export async function fetchConnz(ping: Ping, live: { nc: NatsConnection; ctx: ConnCtx } | undefined, q: ConnzQuery): Promise<{ conns: ServerConn[]; perServer: { server: ServerIdentity; total: number }[] }> {
  const base: Record<string, unknown> = { subscriptions: true, auth: true, limit: 1024, state: CONN_STATES[q.state ?? "open"] ?? 0 };
  if (q.account) base.acc = q.account;
  if (q.subject) base.filter_subject = q.subject;
  if (q.user) base.user = q.user;
  const replies = await ping<{ num_connections?: number; total?: number; connections?: ConnInfo[] }>("CONNZ", q, base, q.limit);
  const conns: ServerConn[] = [];
  const perServer: { server: ServerIdentity; total: number }[] = [];
  for (const rep of replies) {
    // an archive cannot filter by the request: do it here (the live server already did)
    let got = (rep.data.connections ?? []).filter((c) => !q.account || c.account === q.account);
    for (const c of got) conns.push({ ...c, server: rep.server });
    const total = rep.data.total ?? got.length;
    perServer.push({ server: rep.server, total });
    // page the rest from this server directly
    let offset = got.length;
    while (live && got.length === 1024 && offset < total) {
      const m = await live.nc.request(`$SYS.REQ.SERVER.${rep.server.id}.CONNZ`, JSON.stringify({ ...base, offset }), { timeout: live.ctx.plan.timeoutMs });
      got = ((m.json() as { data?: { connections?: ConnInfo[] } }).data?.connections) ?? [];
      for (const c of got) conns.push({ ...c, server: rep.server });
      offset += got.length;
    }
  }
  return { conns, perServer };
}

/** Connections grouped by account with natscli's totals (srvReportAccountInfo). */
export interface AccountActivity {
  account: string; connections: number; connection_info: ServerConn[]; in_msgs: number; out_msgs: number; in_bytes: number; out_bytes: number; subscriptions: number; server: ServerIdentity[];
}

/** Groups connections by account (natscli's accountInfo): totals, the connections, and each server once. */
export function accountActivity(conns: readonly ServerConn[]): AccountActivity[] {
  const by = new Map<string, AccountActivity>();
  for (const c of conns) {
    const name = c.account ?? "";
    let a = by.get(name);
    if (!a) by.set(name, (a = { account: name, connections: 0, connection_info: [], in_msgs: 0, out_msgs: 0, in_bytes: 0, out_bytes: 0, subscriptions: 0, server: [] }));
    a.connections++;
    a.connection_info.push(c);
    a.in_msgs += c.in_msgs ?? 0; a.out_msgs += c.out_msgs ?? 0; a.in_bytes += c.in_bytes ?? 0; a.out_bytes += c.out_bytes ?? 0;
    a.subscriptions += c.subscriptions_list?.length ?? c.subscriptions ?? 0;
    if (!a.server.some((s) => s.id === c.server.id)) a.server.push(c.server);
  }
  return [...by.values()];
}

/**
 * The connected account's own connections from every server ($SYS.REQ.ACCOUNT.PING.CONNZ, which
 * every account may ask): replies are gathered until they stall, as natscli's `account report`.
 */
export async function fetchAccountConnz(nc: NatsConnection, ctx: ConnCtx, q: ConnzQuery): Promise<{ conns: ServerConn[]; perServer: { server: ServerIdentity; total: number }[] }> {
  const { deadlineIn, gather, noResults } = await import("./gather.js");
  const body: Record<string, unknown> = { subscriptions: true, auth: true, limit: 1024, state: CONN_STATES[q.state ?? "open"] ?? 0 };
  if (q.subject) body.filter_subject = q.subject;
  if (q.user) body.user = q.user;
  const subject = "$SYS.REQ.ACCOUNT.PING.CONNZ";
  const r = await gather<{ total?: number; connections?: ConnInfo[] }>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), body, stallMs: 300 });
  if (!r.replies.length) throw noResults(subject, r);
  return {
    conns: r.replies.flatMap((rep) => (rep.data.connections ?? []).map((c) => ({ ...c, server: rep.server }))),
    perServer: r.replies.map((rep) => ({ server: rep.server, total: rep.data.total ?? rep.data.connections?.length ?? 0 })),
  };
}
