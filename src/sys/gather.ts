import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { createInbox, inboxPrefixOf } from "../nats-client.js";
import { performance } from "node:perf_hooks";
import { CliError, ExitCode, isSystemSubject, systemAccountError } from "../errors.js";
import type { Io } from "../output/io.js";
import { startSpinner, type Spinner } from "../output/spinner.js";

/** The `server` block every $SYS.REQ.SERVER.* reply carries. */
export interface ServerIdentity {
  name: string;
  host: string;
  id: string;
  cluster?: string;
  domain?: string;
  ver: string;
  jetstream?: boolean;
  tags?: string[];
  seq?: number;
  time?: string;
}

/** One server's answer to a scatter/gather request, with the time it took to arrive. */
export interface SysReply<T = unknown> {
  server: ServerIdentity;
  data: T;
  /** Milliseconds from sending the request to this reply (performance.now resolution). */
  rttMs: number;
  /** The whole decoded reply (statsz replies keep their data in `statsz`, not `data`). */
  raw: Record<string, unknown>;
}

/** What a gather saw: the replies, and why it stopped. */
export interface GatherResult<T> {
  replies: SysReply<T>[];
  /** The server answered "no responders" (the user is not in the system account, or nothing listens). */
  noResponders: boolean;
  /** The server refused the request: this user may not publish to the subject (a permissions violation). */
  denied: boolean;
  /** The deadline passed before the expected count (or a stall) ended the wait. */
  timedOut: boolean;
  /** Replies that were not JSON (skipped). */
  malformed: number;
  /** Servers that answered with an error (bad request, unknown account…) instead of data. */
  errors: { server: ServerIdentity; code: number; description: string }[];
}

export interface GatherOptions {
  /** Absolute time (performance.now() clock) after which we stop waiting. */
  deadline: number;
  /** Stop as soon as this many replies arrived; read again on every reply (it may be learned from one). */
  expect?: () => number | undefined;
  /** Without an expected count, stop this long after the last reply (default 500 ms). */
  stallMs?: number;
  /** Request headers are not needed for $SYS; body is JSON or empty. */
  body?: unknown;
  /** A body sent as it is instead of as JSON (a JWT for $SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE). */
  rawBody?: string | Uint8Array;
  /** Called on every reply as it arrives (ping prints them live). */
  onReply?: (r: SysReply<unknown>) => void;
  /** Show a spinner with this text on a terminal's stderr if the wait lasts (cleared before each onReply prints). */
  spinner?: { io: Io; text: string };
}

/**
 * Scatter/gather on a $SYS (or $SRV) subject, hand-rolled rather than requestMany so one request can
 * stop at a count learned from the replies themselves (statsz `active_servers`), on a stall, or at a
 * deadline — whichever comes first — and so "no responders" is reported instead of thrown.
 */
export async function gather<T = unknown>(nc: NatsConnection, subject: string, opts: GatherOptions): Promise<GatherResult<T>> {
  const inbox = createInbox(inboxPrefixOf(nc));
  const out: GatherResult<T> = { replies: [], noResponders: false, denied: false, timedOut: false, malformed: 0, errors: [] };
  const stallMs = opts.stallMs ?? 500;
  const start = performance.now();
  let finish!: () => void;
  const done = new Promise<void>((r) => { finish = r; });
  let stallTimer: NodeJS.Timeout | undefined;
  let spinner: Spinner | undefined;
  const hardTimer = setTimeout(() => { out.timedOut = true; finish(); }, Math.max(0, opts.deadline - start));
  const sub = nc.subscribe(inbox, {
    callback: (err, m) => {
      // A throw here would stop the connection's reader (natsjs.md §8.15): keep it inside.
      try {
        if (err) { finish(); return; }
        if (m.headers?.code === 503 || (m.data.length === 0 && m.headers?.hasError)) {
          if (out.replies.length === 0) out.noResponders = true;
          finish();
          return;
        }
        const rtt = performance.now() - start;
        const raw = parseJson(m);
        if (!raw) { out.malformed++; return; }
        const apiErr = raw.error as { code?: number; description?: string } | undefined;
        if (apiErr && !raw.data) {
          out.errors.push({ server: (raw.server ?? {}) as ServerIdentity, code: apiErr.code ?? 0, description: apiErr.description ?? "error" });
        } else {
          const reply: SysReply<T> = { server: (raw.server ?? {}) as ServerIdentity, data: (raw.data ?? raw.statsz ?? raw) as T, rttMs: rtt, raw };
          out.replies.push(reply);
          if (opts.onReply) {
            spinner?.clear();
            opts.onReply(reply as SysReply<unknown>);
          }
        }
        const want = opts.expect?.();
        if (want !== undefined && want > 0) {
          if (out.replies.length + out.errors.length >= want) finish();
        } else {
          clearTimeout(stallTimer);
          stallTimer = setTimeout(finish, stallMs);
        }
      } catch {
        finish();
      }
    },
  });
  const stopWatching = watchDenial(nc, subject, () => { if (out.replies.length === 0) out.denied = true; finish(); });
  spinner = opts.spinner ? startSpinner(opts.spinner.io, opts.spinner.text) : undefined;
  try {
    const body = opts.rawBody ?? (opts.body === undefined ? "" : JSON.stringify(opts.body));
    nc.publish(subject, body, { reply: inbox });
    await done;
  } finally {
    spinner?.stop();
    stopWatching();
    clearTimeout(hardTimer);
    clearTimeout(stallTimer);
    sub.unsubscribe();
  }
  return out;
}

/**
 * Calls `denied` when the server refuses this connection's publish to `subject` (it answers with an asynchronous
 * -ERR, not on the reply inbox, so a gather would otherwise wait out its deadline). Returns what stops watching.
 */
function watchDenial(nc: NatsConnection, subject: string, denied: () => void): () => void {
  const status = nc.status();
  let stopped = false;
  void (async () => {
    for await (const s of status) {
      if (stopped) break;
      const e = s.type === "error" ? (s.error as { name?: string; operation?: string; subject?: string }) : undefined;
      if (e?.name === "PermissionViolationError" && e.operation === "publish" && e.subject === subject) denied();
    }
  })().catch(() => undefined);
  return () => {
    stopped = true;
    // the client's status iterator stops at once (a QueuedIterator); otherwise the loop ends at the next status
    (status as { stop?: () => void }).stop?.();
  };
}

function parseJson(m: Msg): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(m.data));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The hint natscli gives when $SYS requests get nothing back. */
const SYSTEM_HINT = "ensure the account used has system privileges and appropriate permissions (connect as a user of the system account)";

/** Turns an empty gather into the one-line error every system-account command reports. */
export function noResults(subject: string, r: GatherResult<unknown>): CliError {
  if (r.errors.length) {
    const e = r.errors[0]!;
    return new CliError(`${e.server.name || "the server"} rejected ${subject}: ${e.description}${r.errors.length > 1 ? ` (and ${r.errors.length - 1} more)` : ""}`, { exitCode: e.code === 404 ? ExitCode.NOT_FOUND : ExitCode.FAILURE });
  }
  if (r.denied) {
    if (isSystemSubject(subject)) return systemAccountError({ exitCode: ExitCode.PERMISSION });
    return new CliError(`permission denied: publish to "${subject}" is not allowed for this user`, { exitCode: ExitCode.PERMISSION });
  }
  if (r.noResponders) {
    if (isSystemSubject(subject)) return systemAccountError();
    return new CliError(`no responders for ${subject}`, { exitCode: ExitCode.NO_RESPONDERS });
  }
  return new CliError(`no results received for ${subject} within the timeout`, { exitCode: ExitCode.TIMEOUT, hint: SYSTEM_HINT });
}

/** An absolute deadline `ms` from now on the performance.now() clock. */
export function deadlineIn(ms: number): number {
  return performance.now() + ms;
}

/** Common filters natscli's server commands send as the request body (EventFilterOptions). */
export interface ServerFilter {
  name?: string;
  host?: string;
  cluster?: string;
  tags?: string[];
}

/** Only the filter fields that were given, as the server expects them. */
export function filterBody(f: ServerFilter, extra: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  const b: Record<string, unknown> = { ...extra };
  if (f.name) b.server_name = f.name;
  if (f.host) b.host = f.host;
  if (f.cluster) b.cluster = f.cluster;
  if (f.tags?.length) b.tags = f.tags;
  return Object.keys(b).length ? b : undefined;
}

/**
 * How many servers will answer a $SYS.REQ.SERVER.PING.* request, learned with one ping (as natscli
 * does) so the real request can stop at that count instead of waiting for replies to stall.
 * Returns undefined when nobody answered (the real request then reports why).
 */
export async function discoverServerCount(nc: NatsConnection, deadline: number, body?: unknown): Promise<number | undefined> {
  let active: number | undefined;
  const r = await gather<{ active_servers?: number }>(nc, "$SYS.REQ.SERVER.PING", {
    deadline,
    body,
    // With a filter only some servers answer, and active_servers counts them all: then wait for the stall.
    expect: () => (body ? undefined : active),
    stallMs: 300,
    onReply: (rep) => { active ??= (rep.data as { active_servers?: number }).active_servers; },
  });
  return r.replies.length || undefined;
}
