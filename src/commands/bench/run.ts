import type { Deps } from "../../deps.js";
import { connectPlan, planFromCommand } from "../../context/connect.js";
import type { OptionSource } from "../../context/plan.js";
import { ExitCode, ExitStatus, explain } from "../../errors.js";
import { commas } from "../../output/format.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { nuid } from "../../nats-client.js";
import { writeFileAtomic } from "../../context/store.js";
import type { MultiProgress } from "../../output/progress.js";
import type { HostEvents, HostSignals } from "./host.js";
import { hostLocally } from "./local.js";
import { bannerSettings, type OutputFlags } from "./options.js";
import { prepare } from "./prepare.js";
import { csvText, jsonDocument, pubSubReportText, reportText, targetWarning } from "./report.js";
import { type BenchSpec, type ClientResult, type ClientTask, everyClientGetsAll, isSender, LABELS } from "./spec.js";
import { hgrm, loadHdr, mergeLatency } from "./stats.js";

// One bench run, whatever the mode: banner, preparation (streams, consumers, buckets), the clients' tasks, where
// they run (here, on worker threads, or on agents), progress bars, and the report, CSV, JSON, histogram and plot.

/** Splits --msgs across clients as natscli does (remainder to the first clients). */
export function splitMessages(msgs: number, clients: number): number[] {
  const base = Math.floor(msgs / clients);
  const rest = msgs % clients;
  return Array.from({ length: clients }, (_, i) => base + (i < rest ? 1 : 0));
}

/** The clients of a run: a share of --msgs each (or all of them, for subscribers and getters), and a share of --throughput. */
export function planTasks(spec: BenchSpec, runId: string, roles?: { pubs: number; subs: number }): ClientTask[] {
  if (roles) {
    const shares = splitMessages(spec.msgs, roles.pubs);
    // subscribers first (each expects every message), then the publishers, which share the messages
    const subs = Array.from({ length: roles.subs }, (_, i): ClientTask => ({ index: i, slot: i, msgs: spec.msgs, offset: 0, rate: 0, runId, role: "sub" }));
    const pubs = shares.map((msgs, i): ClientTask => ({ index: roles.subs + i, slot: i, msgs, offset: offsetOf(shares, i), rate: spec.throughput > 0 ? spec.throughput / roles.pubs : 0, runId, role: "pub" }));
    return [...subs, ...pubs];
  }
  const all = everyClientGetsAll(spec.mode) || spec.mode === "serve";
  const shares = all ? Array.from({ length: spec.clients }, () => spec.msgs) : splitMessages(spec.msgs, spec.clients);
  const rate = spec.throughput > 0 && isSender(spec.mode) ? spec.throughput / spec.clients : 0;
  return shares.map((msgs, i) => ({ index: i, slot: i, msgs, offset: all ? 0 : offsetOf(shares, i), rate, runId }));
}

function offsetOf(shares: number[], i: number): number {
  let o = 0;
  for (let k = 0; k < i; k++) o += shares[k]!;
  return o;
}

/** natscli's "[n] Starting <label>, <verb> N messages" per client. */
function startLine(spec: BenchSpec, t: ClientTask): string {
  const n = `[${t.slot + 1}]`;
  if (t.role === "pub") return `${n} Starting publisher, publishing ${commas(t.msgs)} messages`;
  if (t.role === "sub") return `${n} Starting subscriber, expecting ${commas(t.msgs)} messages`;
  const label = LABELS[spec.mode];
  if (spec.mode === "serve") return `${n} Starting ${label}, hit control-c to stop`;
  if (spec.mode === "request") return `${n} Starting ${label}, requesting ${commas(t.msgs)} messages`;
  if (spec.mode === "kv-get") return `${n} Starting ${label}, trying to get ${commas(t.msgs)} messages`;
  return `${n} Starting ${label}, ${isSender(spec.mode) ? "publishing" : "expecting"} ${commas(t.msgs)} messages`;
}

function barLabel(spec: BenchSpec, t: ClientTask, many: boolean): string {
  const verb = t.role === "pub" ? "Publishing" : t.role === "sub" ? "Receiving" : spec.mode === "request" ? "Requesting" : spec.mode === "serve" ? "Serving" : spec.mode.startsWith("kv-p") ? "Putting" : spec.mode.startsWith("kv-g") || spec.mode.startsWith("js-get") ? "Getting" : isSender(spec.mode) ? "Publishing" : "Receiving";
  return many ? `${verb} [${t.role === "sub" ? "S" : t.role === "pub" ? "P" : ""}${t.slot + 1}]` : verb;
}

/** More clients than this share one bar (their sum) instead of a bar each. */
export const MAX_CLIENT_BARS = 8;

/**
 * The run's progress bars: one per client (natscli), or one for all of them when there are more than a terminal
 * shows comfortably. A bar is finished when its client has done its share, so its rate and time are its own.
 */
function progressBars(bars: MultiProgress, spec: BenchSpec, tasks: readonly ClientTask[]): { add(index: number, n: number): void; done(): void } {
  const serve = spec.mode === "serve";
  if (tasks.length > MAX_CLIENT_BARS) {
    const verb = barLabel(spec, tasks[0]!, false);
    const total = serve ? 0 : tasks.reduce((a, t) => a + t.msgs, 0);
    const bar = bars.bar({ label: `${verb} [${commas(tasks.length)} clients]`, total });
    let count = 0;
    return {
      add: (_i, n) => {
        bar.add(n);
        count += n;
        if (total > 0 && count >= total) bar.done();
      },
      done: () => bar.done(),
    };
  }
  const many = tasks.length > 1;
  const each = new Map(tasks.map((t) => [t.index, { bar: bars.bar({ label: barLabel(spec, t, many), total: serve ? 0 : t.msgs }), total: serve ? 0 : t.msgs, count: 0 }]));
  return {
    add: (i, n) => {
      const b = each.get(i);
      if (!b) return;
      b.bar.add(n);
      b.count += n;
      if (b.total > 0 && b.count >= b.total) b.bar.done();
    },
    done: () => { for (const b of each.values()) b.bar.done(); },
  };
}

/** The old form's banner (nats.go bench era): `Starting Core NATS pub/sub benchmark [...]`. */
export interface RunOptions {
  /** The old `bench SUBJECT --pub N --sub M` form. */
  roles?: { pubs: number; subs: number };
  /** Banner settings instead of the mode's (the old form's). */
  banner?: { label: string; settings: Record<string, string> };
}

/** Runs a benchmark and prints its report; exits 130 (after the report) when Ctrl-C cut it short. */
export async function runBench(deps: Deps, cmd: OptionSource, spec: BenchSpec, out: OutputFlags, opts: RunOptions = {}): Promise<void> {
  const plan = await planFromCommand(deps, cmd);
  spec.timeoutMs = plan.timeoutMs;
  spec.js = { ...plan.js };
  const say = (m: string) => log(deps.io, deps.now(), m);
  const b = opts.banner ?? { label: `${LABELS[spec.mode]} benchmark`, settings: bannerSettings(spec) };
  // natscli sorts the keys; the old form's banner kept its own order
  const keys = opts.banner ? Object.keys(b.settings) : Object.keys(b.settings).sort();
  say(`Starting ${b.label} [${keys.map((k) => `${k}=${b.settings[k]}`).join(", ")}]`);
  const runId = nuid.next();
  await loadHdr();
  if (spec.mode.startsWith("js-") || spec.mode.startsWith("kv-") || out.agents > 0) {
    const nc = await connectPlan(deps, plan);
    try {
      await prepare(deps, nc, spec);
    } catch (e) {
      throw explain(e, { secrets: plan.secrets });
    } finally {
      await nc.close().catch(() => undefined);
    }
  }
  const tasks = planTasks(spec, runId, opts.roles);
  const { createMultiProgress } = await import("../../output/progress.js");
  const bars = await createMultiProgress(deps.io, { enabled: out.progress });
  const warnings: string[] = [];
  const warned = new Set<string>();
  const warn = (line: string) => {
    if (warned.has(line)) return;
    warned.add(line);
    if (line.startsWith("WARNING")) warnings.push(line);
    bars.log(`${logPrefix(deps)}${line}`);
  };
  let results: ClientResult[];
  try {
    if (!out.agents) for (const t of tasks) bars.log(`${logPrefix(deps)}${startLine(spec, t)}`);
    const progressOf = progressBars(bars, spec, tasks);
    const ev: HostEvents = {
      ready: () => startRun(),
      progress: (i, n) => progressOf.add(i, n),
      warn,
    };
    let startRun!: () => void;
    let stopRun!: () => void;
    const sig: HostSignals = { go: new Promise((r) => { startRun = r; }), stop: new Promise((r) => { stopRun = r; }) };
    const onAbort = () => stopRun();
    if (deps.signal.aborted) stopRun();
    deps.signal.addEventListener("abort", onAbort, { once: true });
    try {
      if (out.agents > 0) {
        const { coordinate } = await import("./agents.js");
        results = await coordinate(deps, plan, spec, tasks, out, ev, sig, bars);
      } else {
        results = await hostLocally(deps, plan, spec, tasks, ev, sig);
      }
    } finally {
      deps.signal.removeEventListener("abort", onAbort);
      progressOf.done();
    }
  } finally {
    bars.stop();
  }
  const interrupted = deps.signal.aborted && spec.mode !== "serve";
  const target = targetWarning(results);
  if (target) {
    warnings.push(target);
    say(target);
  }
  await output(deps, spec, runId, results, out, { interrupted, warnings, roles: opts.roles !== undefined });
  if (interrupted) {
    say(`Interrupted: the report covers the ${commas(results.reduce((a, r) => a + r.msgs, 0))} messages measured so far`);
    throw new ExitStatus(ExitCode.INTERRUPTED);
  }
}

function logPrefix(deps: Deps): string {
  const d = new Date(deps.now());
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} `;
}

/** The report (or --json), --csv, --histogram and --plot. */
export async function output(deps: Deps, spec: BenchSpec, runId: string, results: ClientResult[], out: OutputFlags, extra: { interrupted: boolean; warnings: string[]; roles: boolean; agents?: string[] }): Promise<void> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const shown = spec.mode === "serve" ? results.filter((r) => r.msgs > 0) : results;
  if (out.json) {
    printJson(deps.io, jsonDocument(spec, runId, shown, extra));
  } else {
    deps.io.out.write("\n");
    deps.io.out.write(extra.roles ? pubSubReportText(shown.filter((r) => r.role === "pub"), shown.filter((r) => r.role === "sub")) : reportText(spec, shown));
  }
  if (out.csv) {
    await writeFileAtomic(out.csv, csvText(runId, shown), 0o644);
    if (!out.json) deps.io.out.write(`Saved metric data in csv file ${out.csv}\n`);
  }
  if (out.histogram) {
    const lat = mergeLatency(shown.map((r) => r.latency)) ?? mergeLatency(shown.map((r) => r.e2e));
    if (lat) {
      await writeFileAtomic(out.histogram, hgrm(lat), 0o644);
      say(`Saved the latency histogram (HdrHistogram percentile distribution, microseconds) in ${out.histogram}`);
    } else {
      say(`No latencies were recorded (the messages carried no natsx timestamp): ${out.histogram} not written`);
    }
  }
  if (out.plot) {
    const { plotSvg } = await import("./plot.js");
    await writeFileAtomic(out.plot, await plotSvg(spec, shown), 0o644);
    say(`Saved the latency and rate chart in ${out.plot}`);
  }
}
