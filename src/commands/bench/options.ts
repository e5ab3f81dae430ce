import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { usageError } from "../../errors.js";
import { canonicalMIMEHeaderKey } from "../../nats-client.js";
import { commas, humanBytes } from "../../output/format.js";
import { parseDuration, parseTimerDuration } from "../../util/duration.js";
import { collect, parseIntFlag } from "../../util/flags.js";
import { parseSize } from "../../util/size.js";
import { subscribeSubject } from "./clients/common.js";
import { DEFAULT_BUCKET, DEFAULT_CONSUMER, DEFAULT_STREAM } from "./prepare.js";
import { type BenchSpec, isSender, type Mode } from "./spec.js";

// natscli's bench flags (cli/bench_command.go: addCommonFlags, addPubFlags, addThroughputFlag, addJSCommonFlags,
// addJSPubFlags, addJSConsumerFlags, addKVPutFlags), their validation (processActionArgs) and banner
// (generateBanner), plus natsx's --json, --histogram, --plot and --agents. Flags are defined on each mode's own
// command, so `nats bench js pub sync --help` lists all that apply.

/** Every bench flag as commander parses it (each command defines the ones it has). */
export interface BenchFlags {
  clients: string;
  msgs: string;
  size: string;
  progress: boolean;
  csv?: string;
  json?: boolean;
  histogram?: string;
  plot?: string;
  agents?: string;
  controlSubject?: string;
  sleep?: string;
  throughput?: string;
  duration?: string;
  multisubject?: boolean;
  multisubjectmax?: string;
  multisubjectrandomize?: boolean;
  payload?: string;
  header?: string[];
  stream?: string;
  create?: boolean;
  storage?: string;
  replicas?: string;
  maxbytes?: string;
  dedup?: boolean;
  dedupwindow?: string;
  purge?: boolean;
  persistasync?: boolean;
  batch?: string;
  maxOutstandingAcks?: string;
  acks?: string;
  doubleack?: boolean;
  consumer?: string;
  filter?: string[] | string;
  bucket?: string;
  history?: string;
  randomize?: string;
  viaClient?: boolean;
}

/** What a run does with its figures besides printing the report. */
export interface OutputFlags {
  progress: boolean;
  csv?: string;
  json: boolean;
  histogram?: string;
  plot?: string;
  agents: number;
  controlSubject: string;
}

/** The subject prefix `bench agent` and `--agents` runs coordinate on. */
export const DEFAULT_CONTROL_SUBJECT = "natsx.bench";

export { examples } from "../shared/examples.js";

/** natscli's common flags, and natsx's output and agent flags. */
export function addCommonFlags(cmd: Command, what = "publish or subscribe to"): Command {
  return cmd
    .option("--clients <n>", "Number of concurrent clients (each on its own connection; spread over the CPU cores)", "1")
    .option("--msgs <n>", `Number of messages to ${what}`, "100000")
    .option("--size <size>", "Size of the test messages", "128B")
    .option("--progress", "Enable the progress bar (default)")
    .option("--no-progress", "Disable the progress bar")
    .option("--csv <file>", "Save benchmark data to CSV file")
    .option("--json", "Print the run's settings and every figure as one JSON document instead of the report (natsx)", false)
    .option("--histogram <file>", "Write the latencies as an HdrHistogram percentile distribution (.hgrm) (natsx)")
    .option("--plot <file.svg>", "Draw the latency percentile curve and the rate over time as an SVG chart (natsx)")
    .option("--agents <n>", "Run the clients on N `nats bench agent` processes instead of here, and aggregate their figures (natsx)")
    .option("--control-subject <prefix>", "Subject prefix the agents listen on (natsx)", DEFAULT_CONTROL_SUBJECT);
}

/**
 * natscli defines the flags a group's modes share on the group itself, and fisk takes a group's flags before or
 * after the mode (`nats bench js --stream S consume`, `nats bench kv --bucket B get`, `nats bench service --sleep 1ms
 * serve S`): the group accepts them too, hidden (each mode's help lists them), and benchFlags() hands them down.
 */
export function addGroupFlags(cmd: Command, extra: ("sleep" | "stream" | "bucket")[]): Command {
  const hidden = (flags: string) => new Option(flags).hideHelp();
  // natscli's common flags only: natsx's own (--json, --plot, --agents…) go after the mode, as they always have
  for (const flags of ["--clients <n>", "--msgs <n>", "--size <size>", "--progress", "--no-progress", "--csv <file>"]) {
    cmd.addOption(hidden(flags));
  }
  if (extra.includes("sleep")) cmd.addOption(hidden("--sleep <duration>"));
  if (extra.includes("stream")) cmd.addOption(hidden("--stream <name>"));
  if (extra.includes("bucket")) cmd.addOption(hidden("--bucket <name>"));
  return cmd;
}

/**
 * A mode's flags with those given on its groups: a flag the mode's own parse left at its default takes the value a
 * group got from the command line (commander gives a group the flags it knows wherever they stand after it).
 */
export function benchFlags(c: Command, groups: Command | null = c.parent): BenchFlags {
  const opts = { ...c.opts() } as Record<string, unknown>;
  for (const key of Object.keys(opts).concat(["progress"])) {
    const source = c.getOptionValueSource(key);
    if (source !== undefined && source !== "default") continue;
    for (let g = groups; g && g.name() !== "bench"; g = g.parent) {
      if (g.getOptionValueSource(key) === "cli") {
        opts[key] = g.getOptionValue(key);
        break;
      }
    }
  }
  return opts as unknown as BenchFlags;
}

/** --sleep, as each group words it. */
export function addSleepFlag(cmd: Command, text = "Sleep for the specified interval between publications"): Command {
  return cmd.option("--sleep <duration>", text, "0s");
}

/** natscli's addPubFlags. */
export function addPubFlags(cmd: Command): Command {
  return cmd
    .option("--multisubject", "Multi-subject mode, each message is published on a subject that includes the publisher's message sequence number as a token", false)
    .option("--multisubjectmax <n>", "The maximum number of subjects to use in multi-subject mode (0 means no max)", "100000")
    .option("--multisubjectrandomize", "Randomize which subjects are being used when in multisubject mode", false)
    .option("--payload <file>", "File containing a message payload to send")
    .option("-H, --header <K:V>", "Adds headers to the message using K:V format", collect);
}

/** natscli's addThroughputFlag. */
export function addThroughputFlags(cmd: Command): Command {
  return cmd
    .option("--throughput <n>", "If set > 0, send at approximately this many messages/second across all clients (0 disables); latencies are then measured from each message's intended send time", "0")
    .option("--duration <duration>", "Run for approximately this long instead of a fixed message count, deriving the number of messages from --throughput and taking precedence over --msgs (requires --throughput)", "0s");
}

/** natscli's addJSCommonFlags (--sleep is added by each command). */
export function addStreamFlag(cmd: Command): Command {
  return cmd.option("--stream <name>", "The name of the stream to create or use", DEFAULT_STREAM);
}

/** natscli's addJSPubFlags. */
export function addJsPubFlags(cmd: Command): Command {
  return cmd
    .option("--create", "Create or update the stream first", false)
    .addOption(new Option("--storage <type>", "JetStream storage (memory/file) for the \"benchstream\" stream").choices(["memory", "file"]).default("file"))
    .option("--replicas <n>", "Number of replicas for the \"benchstream\" stream", "1")
    .option("--maxbytes <size>", "The maximum size of the stream or KV bucket in bytes", "1GB")
    .option("--dedup", "Sets a message id in the header to use JS Publish de-duplication", false)
    .option("--dedupwindow <duration>", "Sets the duration of the stream's deduplication functionality", "2m")
    .option("--purge", "Purge the stream before running", false)
    .option("--persistasync", "Set the persistence mode for the stream to asynchronous (only for R1 streams)", false);
}

/** natscli's addJSConsumerFlags. */
export function addJsConsumerFlags(cmd: Command): Command {
  return cmd
    .option("--consumer <name>", "Specify the durable consumer name to use", DEFAULT_CONSUMER)
    .option("--batch <n>", "Sets the max number of messages that can be buffered in the client", "500")
    .addOption(new Option("--acks <mode>", "Acknowledgement mode for the consumer").choices(["explicit", "none", "all"]).default("explicit"))
    .option("--doubleack", "Synchronously acknowledge messages, waiting for a reply from the server", false)
    .option("--filter <subjects...>", "Filter Stream by subjects")
    .option("--purge", "Purge the stream before running", false);
}

/** natscli's addKVPutFlags. */
export function addKvPutFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option("--storage <type>", "JetStream storage (memory/file) for the \"benchbucket\" bucket").choices(["memory", "file"]).default("file"))
    .option("--replicas <n>", "Number of replicas for the \"benchbucket\" bucket", "1")
    .option("--maxbytes <size>", "The maximum size of the stream or KV bucket in bytes", "1GB")
    .option("--history <n>", "History depth for the bucket in KV mode", "1")
    .option("--purge", "Purge the bucket before running", false)
    .option("--randomize <n>", "Randomly put messages using keys between 0 and this number (set to 0 for sequential access)", "0");
}

/** --via-client on the core publisher and subscriber. */
export function addViaClientFlag(cmd: Command, what: string): Command {
  return cmd.option("--via-client", `${what} instead of natsx's framing path: measures the JavaScript client rather than the server (natsx)`, false);
}

/** Modes that record a latency per operation, or (sub) end to end. */
const MEASURES_LATENCY: ReadonlySet<Mode> = new Set(["sub", "request", "js-pub-sync", "js-pub-async", "js-pub-batch", "js-pub-fast", "js-fetch", "js-get-sync", "js-get-batch", "kv-put", "kv-get"]);

/** -H K:V as pairs (natscli's ParseStringsToHeader: literal values, split at the first colon). */
export function parseHeaderPairs(flags: readonly string[] | undefined): [string, string][] {
  return (flags ?? []).map((raw) => {
    const at = raw.indexOf(":");
    if (at < 0) throw usageError(`invalid header "${raw}"`, "headers are given as -H KEY:VALUE");
    const key = raw.slice(0, at).trim();
    if (!key) throw usageError(`invalid header "${raw}": the key is empty`, "headers are given as -H KEY:VALUE");
    try {
      canonicalMIMEHeaderKey(key);
    } catch {
      throw usageError(`invalid header "${raw}": "${key}" is not a valid header name`, "header names may not contain spaces, colons or control characters");
    }
    return [key, raw.slice(at + 1).trim()];
  });
}

function readPayload(file: string, cwd: string): Buffer {
  const f = path.resolve(cwd, file);
  try {
    if (!statSync(f).isFile()) throw usageError(`invalid --payload "${file}": not a file`);
    return readFileSync(f);
  } catch (e) {
    if ((e as { exitCode?: number }).exitCode) throw e;
    throw usageError(`invalid --payload "${file}": ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

/** Validates the flags of `mode` into a run's settings (timeouts and JetStream options come from the connection's). */
export function parseFlags(mode: Mode, subject: string, f: BenchFlags, ctx: { cwd: string }): { spec: BenchSpec; out: OutputFlags } {
  let msgs = parseIntFlag(f.msgs, "--msgs", { min: 0 });
  const throughput = parseIntFlag(f.throughput ?? "0", "--throughput", { min: 0 });
  const durationMs = parseDuration(f.duration ?? "0s", "--duration");
  // natscli: --duration is a sub-property of --throughput and takes precedence over --msgs
  if (durationMs !== 0) {
    if (durationMs < 0) throw usageError("--duration cannot be negative");
    if (throughput <= 0) throw usageError("--duration requires --throughput to be set", "give the target rate, e.g. --throughput 10000 --duration 30s");
    msgs = Math.round(throughput * (durationMs / 1000));
    if (msgs <= 0) throw usageError(`the combination of --throughput=${throughput} and --duration=${f.duration} results in zero messages`);
  }
  if (msgs <= 0 && mode !== "serve") throw usageError("number of messages should be greater than 0", "give --msgs 1 or more");
  let clients = parseIntFlag(f.clients, "--clients", { min: 1 });
  const payload = f.payload !== undefined ? readPayload(f.payload, ctx.cwd) : undefined;
  const size = payload ? payload.length : parseSize(f.size, "--size", { unlimited: false });
  // natscli: more publishers than messages means as many publishers as messages
  if ((isSender(mode) || mode === "js-consume" || mode === "js-fetch" || mode === "kv-get") && clients > msgs) clients = msgs;
  const maxBytes = f.maxbytes !== undefined ? parseSize(f.maxbytes, "--maxbytes", { unlimited: false, min: 1 }) : 1024 ** 3;
  const batch = parseIntFlag(f.batch ?? "500", "--batch", { min: 1 });
  const spec: BenchSpec = {
    mode,
    subject,
    msgs,
    size,
    clients,
    sleepMs: parseTimerDuration(f.sleep ?? "0s", "--sleep"),
    throughput,
    durationMs,
    payload: payload?.toString("base64"),
    headers: parseHeaderPairs(f.header),
    multisubject: f.multisubject === true,
    multisubjectMax: parseIntFlag(f.multisubjectmax ?? "100000", "--multisubjectmax", { min: 0 }),
    multisubjectRandomize: f.multisubjectrandomize === true,
    stream: f.stream ?? DEFAULT_STREAM,
    create: f.create === true,
    storage: f.storage === "memory" ? "memory" : "file",
    replicas: parseIntFlag(f.replicas ?? "1", "--replicas", { min: 1, max: 5 }),
    maxBytes,
    dedup: f.dedup === true,
    dedupWindowMs: parseTimerDuration(f.dedupwindow ?? "2m", "--dedupwindow"),
    purge: f.purge === true,
    persistAsync: f.persistasync === true,
    batch: mode === "js-pub-fast" ? Math.min(batch, 65_535) : batch,
    maxOutstandingAcks: parseIntFlag(f.maxOutstandingAcks ?? "1", "--max-outstanding-acks", { min: 1, max: 3 }),
    acks: f.acks === "none" || f.acks === "all" ? f.acks : "explicit",
    doubleAck: f.doubleack === true,
    consumer: f.consumer ?? DEFAULT_CONSUMER,
    filter: (Array.isArray(f.filter) ? f.filter : f.filter !== undefined ? [f.filter] : []).flatMap((s) => s.split(",")).filter(Boolean),
    getFilter: typeof f.filter === "string" ? f.filter : Array.isArray(f.filter) ? f.filter.join(",") : ">",
    bucket: f.bucket ?? DEFAULT_BUCKET,
    history: parseIntFlag(f.history ?? "1", "--history", { min: 1, max: 64 }),
    randomize: parseIntFlag(f.randomize ?? "0", "--randomize", { min: 0 }),
    viaClient: f.viaClient === true,
    // the connection's, set by runBench
    timeoutMs: 0,
    js: { timeout: 0 },
  };
  if (spec.persistAsync && spec.replicas !== 1) throw usageError("--persistasync is only supported for streams with 1 replica");
  const out: OutputFlags = {
    progress: f.progress !== false && f.json !== true,
    csv: f.csv,
    json: f.json === true,
    histogram: f.histogram,
    plot: f.plot,
    agents: f.agents !== undefined ? parseIntFlag(f.agents, "--agents", { min: 1 }) : 0,
    controlSubject: f.controlSubject ?? DEFAULT_CONTROL_SUBJECT,
  };
  if (out.histogram !== undefined && !MEASURES_LATENCY.has(mode) && !(mode === "js-consume" && spec.doubleAck)) {
    throw usageError(`--histogram: ${mode === "pub" ? "a publisher waits for nothing, so it records no latency" : "this mode records no latency"}`, mode === "pub" ? "`nats bench sub` records the end-to-end latency of what it receives" : "use a mode that waits on the server: service request, js pub sync|async, js fetch, js consume --doubleack, js get, kv put|get");
  }
  return { spec, out };
}

/** Go's time.Duration.String(), as natscli's banner prints durations: 0s, 10ms, 1.5s, 2m0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0.001) return `${Math.round(ms * 1e6)}ns`;
  if (ms < 1) return `${+(ms * 1000).toFixed(3)}µs`;
  if (ms < 1000) return `${+ms.toFixed(6)}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const secs = `${+s.toFixed(9)}s`;
  return h > 0 ? `${h}h${m}m${secs}` : m > 0 ? `${m}m${secs}` : secs;
}

/** natscli's banner settings for a mode (generateBanner), keys sorted when printed. */
export function bannerSettings(spec: BenchSpec): Record<string, string> {
  const s: Record<string, string> = {};
  const b = (v: boolean) => String(v);
  const streamAttributes = () => {
    if (!spec.create) return;
    s.storage = spec.storage;
    s["max-bytes"] = commas(spec.maxBytes);
    s.replicas = commas(spec.replicas);
    s.deduplication = b(spec.dedup);
    s["dedup-window"] = goDuration(spec.dedupWindowMs);
  };
  const jsAttributes = () => {
    s.stream = spec.stream;
    s.sleep = goDuration(spec.sleepMs);
  };
  const pubAttributes = () => {
    s.subject = subscribeSubject(spec);
    s["multi-subject"] = b(spec.multisubject);
    s["multi-subject-max"] = commas(spec.multisubjectMax);
    s["multi-subject-randomize"] = b(spec.multisubjectRandomize);
  };
  switch (spec.mode) {
    case "pub":
      pubAttributes();
      s.sleep = goDuration(spec.sleepMs);
      break;
    case "sub":
      s.subject = subscribeSubject(spec);
      s["multi-subject"] = b(spec.multisubject);
      break;
    case "request":
    case "serve":
      s.subject = spec.subject;
      s.sleep = goDuration(spec.sleepMs);
      break;
    case "js-pub-sync":
    case "js-pub-async":
    case "js-pub-batch":
    case "js-pub-fast":
      pubAttributes();
      s.batch = commas(spec.batch);
      jsAttributes();
      s.purge = b(spec.purge);
      streamAttributes();
      break;
    case "js-ordered":
      jsAttributes();
      s.purge = b(spec.purge);
      if (spec.filter.length) s.filter = spec.filter.join(",");
      break;
    case "js-consume":
    case "js-fetch":
      s.consumer = spec.consumer;
      s.acks = spec.acks;
      s["double-acked"] = b(spec.doubleAck);
      s.batch = commas(spec.batch);
      if (spec.filter.length) s.filter = spec.filter.join(",");
      jsAttributes();
      s.purge = b(spec.purge);
      break;
    case "js-get-sync":
      jsAttributes();
      break;
    case "js-get-batch":
      s.batch = commas(spec.batch);
      s.filter = spec.getFilter;
      jsAttributes();
      break;
    case "kv-put":
      s.bucket = spec.bucket;
      s.sleep = goDuration(spec.sleepMs);
      s.purge = b(spec.purge);
      break;
    case "kv-get":
      s.bucket = spec.bucket;
      s.sleep = goDuration(spec.sleepMs);
      s.randomize = commas(spec.randomize);
      break;
  }
  s.msgs = commas(spec.msgs);
  s["msg-size"] = humanBytes(spec.size);
  s.clients = commas(spec.clients);
  if (spec.throughput > 0 && (isSender(spec.mode))) {
    s.throughput = commas(spec.throughput);
    if (spec.durationMs > 0) s.duration = goDuration(spec.durationMs);
  }
  return s;
}
