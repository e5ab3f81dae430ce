import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import { usageError } from "../errors.js";
import { lastActiveMs } from "./wire.js";

/** natscli's `stream find` filters (jsm.go's stream query); every one given must match, `invert` flips each. */
export interface StreamQuery {
  serverName?: RegExp;
  cluster?: RegExp;
  empty?: boolean;
  /** No new message for longer than this (ms). */
  idleMs?: number;
  /** Created longer ago than this (ms). */
  createdMs?: number;
  /** At most this many consumers (jsm.go: fewer or equal). */
  consumers?: number;
  subject?: string;
  /** At most this many replicas. */
  replicas?: number;
  sourced?: boolean;
  mirrored?: boolean;
  leader?: string;
  invert?: boolean;
  expression?: string;
  apiLevel?: number;
}

/** natscli's `consumer find` filters (jsm.go's consumer query). */
export interface ConsumerQuery {
  pull?: boolean;
  push?: boolean;
  /** Push consumers with a bound subscriber, or pull consumers with waiting pulls. */
  bound?: boolean;
  /** Fewer waiting pulls than this. */
  waiting?: number;
  /** Fewer pending acks than this. */
  ackPending?: number;
  /** Fewer unprocessed messages than this. */
  pending?: number;
  /** No delivery for longer than this (ms), never delivered included; with invert, a delivery within it. */
  idleMs?: number;
  createdMs?: number;
  replicas?: number;
  leader?: string;
  /** Pinned Client consumers whose every group has a pinned client. */
  pinned?: boolean;
  invert?: boolean;
  expression?: string;
  apiLevel?: number;
}

/** The `_nats.req.level` metadata the server (2.11+) stamps on assets: the API level they need, 0 when absent. */
export function requiredApiLevel(metadata: Record<string, string> | undefined): number {
  const v = metadata?.["_nats.req.level"];
  const n = v ? Number.parseInt(v, 10) : 0;
  return Number.isFinite(n) ? n : 0;
}

/**
 * NATS subject subset match (jsm.go's SubjectIsSubsetMatch): does every subject `subject` can hold also
 * match `test`? `foo.*` is a subset of `>`, `*.*` and `foo.*`, not of `foo.bar`.
 */
export function subjectIsSubsetMatch(subject: string, test: string): boolean {
  const tokens = subject.split(".");
  const t = test.split(".");
  for (let i = 0; i < t.length; i++) {
    if (i >= tokens.length) return false;
    const t2 = t[i]!;
    if (t2.length === 0) return false;
    if (t2 === ">") return true;
    const t1 = tokens[i]!;
    if (t1.length === 0 || t1 === ">") return false;
    if (t1 === "*") {
      if (t2 !== "*") return false;
      continue;
    }
    if (t2 !== "*" && t1 !== t2) return false;
  }
  return tokens.length === t.length;
}

/** A compiled --expression: true when the asset matches. */
type Matcher = (env: Record<string, unknown>) => boolean;

/**
 * Compiles natscli's --expression (expr-lang there) with jexl, loaded only when one is given: `config`,
 * `state` and `info` hold the server's JSON documents (`config.num_replicas > 1 and state.messages == 0`).
 * expr's `and`, `or`, `not`, `matches`, `contains`, `startsWith`, `endsWith` and `len()` are added.
 */
export async function compileExpression(expression: string): Promise<Matcher> {
  const { Jexl } = await import("jexl");
  const j = new Jexl();
  j.addBinaryOp("and", 10, (l, r) => Boolean(l && r));
  j.addBinaryOp("or", 10, (l, r) => Boolean(l || r));
  j.addUnaryOp("not", (v) => !v);
  j.addBinaryOp("matches", 20, (l, r) => new RegExp(String(r)).test(String(l)));
  j.addBinaryOp("contains", 20, (l, r) => (Array.isArray(l) ? l.includes(r) : String(l ?? "").includes(String(r))));
  j.addBinaryOp("startsWith", 20, (l, r) => String(l ?? "").startsWith(String(r)));
  j.addBinaryOp("endsWith", 20, (l, r) => String(l ?? "").endsWith(String(r)));
  j.addFunction("len", (v) => (v == null ? 0 : Array.isArray(v) || typeof v === "string" ? v.length : typeof v === "object" ? Object.keys(v).length : 0));
  let compiled: { evalSync(ctx: Record<string, unknown>): unknown };
  try {
    compiled = j.compile(expression);
  } catch (e) {
    throw usageError(`invalid --expression "${expression}": ${(e as Error).message}`, "e.g. --expression 'state.messages > 10 and config.num_replicas == 3'");
  }
  return (env) => {
    let out: unknown;
    try {
      out = compiled.evalSync(env);
    } catch (e) {
      throw usageError(`--expression "${expression}" failed: ${(e as Error).message}`);
    }
    if (typeof out !== "boolean") throw usageError(`--expression "${expression}" did not return a boolean (it gave ${JSON.stringify(out)})`);
    return out;
  };
}

/** The streams matching every filter given, in the order given (jsm.go's QueryStreams). */
export async function queryStreams(streams: StreamInfo[], q: StreamQuery, now: number): Promise<StreamInfo[]> {
  const inv = Boolean(q.invert);
  const pick = (ok: boolean) => (inv ? !ok : ok);
  const expr = q.expression ? await compileExpression(q.expression) : undefined;
  return streams.filter((si) => {
    const cfg = si.config;
    const st = si.state;
    // jsm.go applies invert to the expression's result too (it returns the matches when not inverted)
    if (expr && !expr({ config: cfg, state: st, info: si, Info: si })) return false;
    if (q.createdMs !== undefined) {
      const age = now - Date.parse(si.created);
      if (!(inv ? age <= q.createdMs : age >= q.createdMs)) return false;
    }
    if (q.idleMs !== undefined) {
      const last = st.last_ts && !st.last_ts.startsWith("0001") ? Date.parse(st.last_ts) : 0;
      if (!pick(now - last > q.idleMs)) return false;
    }
    if (q.empty && !pick(st.messages === 0)) return false;
    if (q.consumers !== undefined && !(inv ? st.consumer_count >= q.consumers : st.consumer_count <= q.consumers)) return false;
    if (q.cluster && !pick(Boolean(si.cluster?.name && q.cluster.test(si.cluster.name)))) return false;
    if (q.subject !== undefined) {
      const subs = cfg.subjects ?? [];
      const match = inv ? subs.some((s) => !subjectIsSubsetMatch(s, q.subject!)) : subs.some((s) => subjectIsSubsetMatch(s, q.subject!));
      if (!match) return false;
    }
    if (q.serverName) {
      const cl = si.cluster;
      const on = Boolean(cl && ((cl.leader && q.serverName.test(cl.leader)) || (cl.replicas ?? []).some((r) => q.serverName!.test(r.name))));
      if (!pick(on)) return false;
    }
    if (q.replicas !== undefined && q.replicas > 0) {
      const r = cfg.num_replicas || 1;
      if (!(inv ? r >= q.replicas : r <= q.replicas)) return false;
    }
    if (q.sourced && !pick(Boolean(cfg.sources?.length))) return false;
    if (q.mirrored && !pick(Boolean(cfg.mirror))) return false;
    if (q.leader !== undefined) {
      if (!si.cluster) return false;
      if (!pick(si.cluster.leader === q.leader)) return false;
    }
    if (q.apiLevel !== undefined && q.apiLevel > 0) {
      const lvl = requiredApiLevel(cfg.metadata);
      if (!pick(lvl >= q.apiLevel)) return false;
    }
    return true;
  });
}

/** The consumers matching every filter given (jsm.go's QueryConsumers). */
export async function queryConsumers(consumers: ConsumerInfo[], q: ConsumerQuery, now: number): Promise<ConsumerInfo[]> {
  const inv = Boolean(q.invert);
  const pick = (ok: boolean) => (inv ? !ok : ok);
  const expr = q.expression ? await compileExpression(q.expression) : undefined;
  return consumers.filter((ci) => {
    const cfg = ci.config as ConsumerInfo["config"] & { priority_policy?: string; priority_groups?: string[] };
    const push = Boolean(cfg.deliver_subject);
    if (expr && !expr({ config: cfg, state: ci, info: ci, Info: ci })) return false;
    if (q.push && !pick(push)) return false;
    if (q.pull && !pick(!push)) return false;
    if (q.bound && !pick(Boolean(ci.push_bound) || ci.num_waiting > 0)) return false;
    // jsm.go: "fewer than" filters only look at consumers that have some
    if (q.waiting && !(ci.num_waiting > 0 && (inv ? ci.num_waiting > q.waiting : ci.num_waiting < q.waiting))) return false;
    if (q.ackPending && !(ci.num_ack_pending > 0 && (inv ? ci.num_ack_pending > q.ackPending : ci.num_ack_pending < q.ackPending))) return false;
    if (q.pending && !(ci.num_pending > 0 && (inv ? ci.num_pending > q.pending : ci.num_pending < q.pending))) return false;
    if (q.idleMs) {
      // as the flag says ("no new deliveries for a period"); jsm.go's matcher keeps the recently active ones instead
      const last = lastActiveMs(ci.delivered);
      if (!pick(!last || now - last > q.idleMs)) return false;
    }
    if (q.createdMs) {
      const age = now - Date.parse(ci.created);
      if (!(inv ? age < q.createdMs : age >= q.createdMs)) return false;
    }
    if (q.replicas) {
      const r = cfg.num_replicas || 1;
      if (!(inv ? r >= q.replicas : r <= q.replicas)) return false;
    }
    if (q.leader !== undefined) {
      if (!ci.cluster) return false;
      if (!pick(ci.cluster.leader === q.leader)) return false;
    }
    if (q.pinned) {
      if (cfg.priority_policy !== "pinned_client") return false;
      const groups = (ci as { priority_groups?: { pinned_client_id?: string }[] }).priority_groups ?? [];
      const all = groups.filter((g) => g.pinned_client_id).length === (cfg.priority_groups ?? []).length;
      if (!pick(all)) return false;
    }
    if (q.apiLevel && !pick(requiredApiLevel(cfg.metadata as Record<string, string> | undefined) >= q.apiLevel)) return false;
    return true;
  });
}
