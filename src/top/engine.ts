import type { NatsConnection } from "@nats-io/transport-node";
import { CliError, ExitCode } from "../errors.js";
import { serverRequest, type ServerRef } from "../sys/server.js";

/** The /varz fields top shows (the same document through $SYS.REQ.SERVER.<id>.VARZ and the HTTP port). */
export interface TopVarz {
  server_id: string;
  server_name?: string;
  version?: string;
  uptime?: string;
  now?: string;
  cpu?: number;
  mem?: number;
  slow_consumers?: number;
  in_msgs?: number;
  out_msgs?: number;
  in_bytes?: number;
  out_bytes?: number;
}

/** One client connection of /connz. */
export interface TopConn {
  cid: number;
  ip?: string;
  port?: number;
  name?: string;
  lang?: string;
  version?: string;
  uptime?: string;
  idle?: string;
  last_activity?: string;
  pending_bytes?: number;
  subscriptions?: number;
  subscriptions_list?: string[];
  in_msgs?: number;
  out_msgs?: number;
  in_bytes?: number;
  out_bytes?: number;
  rtt?: string;
  account?: string;
  authorized_user?: string;
}

export interface TopConnz { num_connections?: number; total?: number; connections?: TopConn[] }

/** natscli's (and nats-server's) CONNZ sort keys. */
export const TOP_SORTS = ["cid", "start", "subs", "pending", "msgs_to", "msgs_from", "bytes_to", "bytes_from", "last", "idle", "uptime", "stop", "reason", "rtt"] as const;

export interface TopQuery { sort: string; limit: number; subs: boolean }

/** Where top reads a server's VARZ and CONNZ from. */
export interface TopSource {
  /** What the screen says it watches: "n1 via the system account" or the monitoring URL. */
  describe: string;
  fetch(q: TopQuery): Promise<{ varz: TopVarz; connz: TopConnz }>;
}

/** One poll and the rates since the previous one (none on the first). */
export interface TopStats {
  varz: TopVarz;
  connz: TopConnz;
  rates: { in_msgs: number; out_msgs: number; in_bytes: number; out_bytes: number; connections: Record<number, { in_msgs: number; out_msgs: number; in_bytes: number; out_bytes: number }> } | null;
}

/** Keeps the previous poll to turn counters into per-second rates (nats-top's engine). */
export class TopEngine {
  private last?: TopStats;
  constructor(readonly source: TopSource) {}

  async poll(q: TopQuery): Promise<TopStats> {
    const { varz, connz } = await this.source.fetch(q);
    const prev = this.last;
    let rates: TopStats["rates"] = null;
    if (prev) {
      const secs = Math.max(0.001, (Date.parse(varz.now ?? "") - Date.parse(prev.varz.now ?? "")) / 1000) || 1;
      const d = (a?: number, b?: number) => Math.max(0, ((a ?? 0) - (b ?? 0)) / secs);
      const before = new Map((prev.connz.connections ?? []).map((c) => [c.cid, c]));
      const conns: NonNullable<TopStats["rates"]>["connections"] = {};
      for (const c of connz.connections ?? []) {
        const p = before.get(c.cid);
        // nats-top's per-connection "rates" are the change since the previous poll
        conns[c.cid] = p ? { in_msgs: d(c.in_msgs, p.in_msgs) * secs, out_msgs: d(c.out_msgs, p.out_msgs) * secs, in_bytes: d(c.in_bytes, p.in_bytes) * secs, out_bytes: d(c.out_bytes, p.out_bytes) * secs } : { in_msgs: 0, out_msgs: 0, in_bytes: 0, out_bytes: 0 };
      }
      rates = { in_msgs: d(varz.in_msgs, prev.varz.in_msgs), out_msgs: d(varz.out_msgs, prev.varz.out_msgs), in_bytes: d(varz.in_bytes, prev.varz.in_bytes), out_bytes: d(varz.out_bytes, prev.varz.out_bytes), connections: conns };
    }
    this.last = { varz, connz, rates };
    return this.last;
  }
}

/** top's other way when the user is not in the system account (sys/server.ts names it in the error). */
export const TOP_MONITOR_ALTERNATIVE = "or read the server's HTTP monitoring port with --monitor URL";

/** Reads VARZ and CONNZ of one server (by ID) through the system account: $SYS.REQ.SERVER.<id>.VARZ|CONNZ. */
export function systemSource(nc: NatsConnection, server: ServerRef, timeoutMs: number): TopSource {
  return {
    describe: `${server.name} via the system account`,
    async fetch(q) {
      const [varz, connz] = await Promise.all([
        serverRequest<TopVarz>(nc, server.id, "VARZ", {}, timeoutMs, TOP_MONITOR_ALTERNATIVE),
        serverRequest<TopConnz>(nc, server.id, "CONNZ", { sort: q.sort, limit: q.limit, subscriptions: q.subs, auth: true }, timeoutMs, TOP_MONITOR_ALTERNATIVE),
      ]);
      return { varz, connz };
    },
  };
}

/** Reads /varz and /connz from a server's HTTP monitoring port, as nats-top does (no system account needed). */
export function monitorSource(url: string, timeoutMs: number): TopSource {
  const base = url.replace(/\/+$/, "").replace(/^(?!https?:\/\/)/, "http://");
  const get = async <T>(path: string): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const why = err.name === "TimeoutError" ? "timed out" : err.cause?.code === "ECONNREFUSED" ? "connection refused" : err.cause?.message ?? err.message;
      throw new CliError(`cannot read ${base}${path}: ${why}`, { exitCode: ExitCode.CONNECTION, hint: "check the --monitor URL (the server's http/monitor port, e.g. http://127.0.0.1:8222)" });
    }
    const text = await res.text();
    if (res.status !== 200) throw new CliError(`${base}${path} answered HTTP ${res.status}: ${text.trim().slice(0, 200)}`, { exitCode: ExitCode.FAILURE });
    return JSON.parse(text) as T;
  };
  return {
    describe: base,
    async fetch(q) {
      // auth=1: the account (and user) of each connection, for --json
      const params = new URLSearchParams({ sort: q.sort, limit: String(q.limit), auth: "1" });
      if (q.subs) params.set("subs", "1");
      const [varz, connz] = await Promise.all([get<TopVarz>("/varz"), get<TopConnz>(`/connz?${params}`)]);
      return { varz, connz };
    },
  };
}
