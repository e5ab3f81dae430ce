import type { JsOptions } from "../../context/plan.js";

// What one bench run is, as plain data: the settings every client of the run gets (BenchSpec), each client's share
// (ClientTask) and what a client measured (ClientResult). All three cross thread and process boundaries (worker
// threads, `bench agent` over NATS) as JSON, so nothing here holds a function, a connection or a class.

/** Every bench mode natscli has (natscli internal/bench constants.go names them differently). */
export type Mode =
  | "pub" | "sub" | "request" | "serve"
  | "js-pub-sync" | "js-pub-async" | "js-pub-batch" | "js-pub-fast"
  | "js-ordered" | "js-consume" | "js-fetch" | "js-get-sync" | "js-get-batch"
  | "kv-put" | "kv-get";

/** natscli's labels (GetBenchTypeLabel), shown in banners and reports. */
export const LABELS: Record<Mode, string> = {
  pub: "Core NATS publisher",
  sub: "Core NATS subscriber",
  request: "Core NATS service requester",
  serve: "Core NATS service server",
  "js-pub-sync": "JetStream synchronous publisher",
  "js-pub-async": "JetStream asynchronous publisher",
  "js-pub-batch": "JetStream atomic batch publisher",
  "js-pub-fast": "JetStream fast batch publisher",
  "js-ordered": "JetStream ordered ephemeral consumer",
  "js-consume": "JetStream durable consumer (callback)",
  "js-fetch": "JetStream durable consumer (fetch)",
  "js-get-sync": "JetStream synchronous getter",
  "js-get-batch": "JetStream batched direct getter",
  "kv-put": "JetStream KV putter",
  "kv-get": "JetStream KV getter",
};

/** Modes whose clients send (natscli's "P" client ids) rather than receive ("S"). */
const SENDERS: ReadonlySet<Mode> = new Set(["pub", "request", "js-pub-sync", "js-pub-async", "js-pub-batch", "js-pub-fast", "kv-put"]);

/** true for the modes whose --msgs is split across clients and that natscli reduces --clients to --msgs for. */
export function isSender(mode: Mode): boolean {
  return SENDERS.has(mode);
}

/** natscli's client id prefix: P for publishers/requesters/putters, S for the rest. */
export function clientPrefix(mode: Mode): "P" | "S" {
  return isSender(mode) ? "P" : "S";
}

/** Modes whose every client receives all --msgs (natscli's sub and ordered consumers), not a share. */
export function everyClientGetsAll(mode: Mode): boolean {
  return mode === "sub" || mode === "js-ordered" || mode === "js-get-sync" || mode === "js-get-batch";
}

/** The settings of a run, as the flags gave them (validated). */
export interface BenchSpec {
  mode: Mode;
  /** Subject (core and JetStream publishing, sub, service); "" for modes without one. */
  subject: string;
  /** --msgs, or what --throughput × --duration gives. */
  msgs: number;
  /** Payload bytes per message (--size, or the --payload file's length). */
  size: number;
  clients: number;
  sleepMs: number;
  /** Aggregate target msgs/s (--throughput), 0 = as fast as possible. */
  throughput: number;
  durationMs: number;
  /** --payload FILE's bytes, base64 (then messages carry no timestamp). */
  payload?: string;
  /** -H K:V, in order. */
  headers: [string, string][];
  multisubject: boolean;
  multisubjectMax: number;
  multisubjectRandomize: boolean;
  stream: string;
  create: boolean;
  storage: "file" | "memory";
  replicas: number;
  maxBytes: number;
  dedup: boolean;
  dedupWindowMs: number;
  purge: boolean;
  persistAsync: boolean;
  batch: number;
  maxOutstandingAcks: number;
  acks: "explicit" | "none" | "all";
  doubleAck: boolean;
  consumer: string;
  /** Consumer filter subjects (js consume/fetch/ordered). */
  filter: string[];
  /** js get batch --filter. */
  getFilter: string;
  bucket: string;
  history: number;
  randomize: number;
  /** Measure the JavaScript client's own publish()/subscription path instead of natsx's framing path. */
  viaClient: boolean;
  /** Request, ack and fetch timeout (the connection's --timeout). */
  timeoutMs: number;
  js: JsOptions;
}

/** One client's share of a run. */
export interface ClientTask {
  /** 0-based over the whole run (all threads and agents), unique. */
  index: number;
  /** The client's number among those of its role (natscli's P0/S0 ids, "[1]" lines): index, except in the old form. */
  slot: number;
  /** Messages this client sends or expects. */
  msgs: number;
  /** Where its messages start in the run (multi-subject numbering, KV keys, dedup ids). */
  offset: number;
  /** This client's target msgs/s (0 = as fast as possible). */
  rate: number;
  /** Unique per run (dedup ids, batch ids). */
  runId: string;
  /** Whether this client publishes or subscribes in the old `bench SUBJECT --pub N --sub M` form. */
  role?: "pub" | "sub";
  /** Agent name, when an agent ran it. */
  agent?: string;
}

/** Latency figures that merge across clients, threads and hosts: exact moments and an HDR histogram (ns). */
export interface LatencyData {
  count: number;
  /** Nanoseconds. */
  min: number;
  max: number;
  mean: number;
  /** Sum of squared differences from the mean (Welford's M2), ns². */
  m2: number;
  /** The HDR histogram of every value (ns, 3 significant digits), compressed base64 (HdrHistogram's format). */
  hdr: string;
}

/** What one client measured. Times are wall-clock milliseconds (comparable across threads and hosts). */
export interface ClientResult {
  id: string;
  /** The task's index (ClientTask.index). */
  index: number;
  role: "pub" | "sub";
  agent?: string;
  /** Messages this client completed. */
  msgs: number;
  /** Payload bytes (with headers) actually sent or received. */
  bytes: number;
  startMs: number;
  endMs: number;
  /** Per-operation latency (requests, JetStream publishes, fetches, gets, KV operations). */
  latency?: LatencyData;
  /** End-to-end latency (publisher's timestamp in the payload to receipt). */
  e2e?: LatencyData;
  /** Cumulative message count over time: [wall ms, count, wall ms, count, …]. */
  timeline: number[];
  /** The client's target msgs/s and whether it kept up. */
  rate?: { target: number; achieved: number };
  warnings: string[];
  /** Stopped before finishing (Ctrl-C). */
  interrupted: boolean;
}

/** A wall clock with the monotonic clock's resolution: milliseconds since the epoch, as a float. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
