import { commas, humanBytes } from "../../output/format.js";
import { LABELS, type BenchSpec, type ClientResult, type LatencyData } from "./spec.js";
import { mergeLatency, summarize, type LatencySummary } from "./stats.js";

// natscli's report (internal/bench/stats.go): one line for a single client; a line per client, the aggregate and
// the spread of rates for several. Rates and byte rates come from what each client actually did (messages
// completed, bytes sent or received: natscli #1441 reported --size × count), latencies are per operation in
// microseconds, plus natsx's end-to-end latency line for subscribers of natsx publishers.

/** A group of clients measured together (all of a run, or the publishers or subscribers of the old form). */
export interface GroupFigures {
  msgs: number;
  bytes: number;
  startMs: number;
  endMs: number;
  rate: number;
  byteRate: number;
  rates?: { min: number; avg: number; max: number; stddev: number };
  latency?: LatencyData;
  e2e?: LatencyData;
}

/** msgs/s of one client as natscli computes it (messages / (end - start)), 0 for an empty run. */
export function clientRate(r: Pick<ClientResult, "msgs" | "startMs" | "endMs">): number {
  const secs = (r.endMs - r.startMs) / 1000;
  return secs > 0 ? r.msgs / secs : 0;
}

/** Aggregates clients: the run's span is from the first start to the last end (natscli's SampleGroup). */
export function groupFigures(results: readonly ClientResult[]): GroupFigures {
  const msgs = results.reduce((a, r) => a + r.msgs, 0);
  const bytes = results.reduce((a, r) => a + r.bytes, 0);
  const startMs = Math.min(...results.map((r) => r.startMs));
  const endMs = Math.max(...results.map((r) => r.endMs));
  const secs = (endMs - startMs) / 1000;
  const g: GroupFigures = { msgs, bytes, startMs, endMs, rate: secs > 0 ? msgs / secs : 0, byteRate: secs > 0 ? bytes / secs : 0 };
  if (results.length > 1) {
    const rates = results.map((r) => Math.trunc(clientRate(r)));
    const avg = Math.trunc(rates.reduce((a, b) => a + b, 0) / rates.length);
    g.rates = { min: Math.min(...rates), avg, max: Math.max(...rates), stddev: Math.sqrt(rates.reduce((a, b) => a + (b - avg) ** 2, 0) / rates.length) };
  }
  g.latency = mergeLatency(results.map((r) => r.latency));
  g.e2e = mergeLatency(results.map((r) => r.e2e));
  return g;
}

/** Microseconds as natscli prints them (humanize.CommafWithDigits(v, 2)): 1,234.5, 52.12, 7. */
export function us(v: number): string {
  const cents = Math.round(v * 100);
  const whole = Math.trunc(cents / 100);
  const frac = String(Math.abs(cents % 100)).padStart(2, "0").replace(/0+$/, "");
  return `${commas(whole)}${frac ? `.${frac}` : ""}`;
}

function rateText(msgs: number, bytes: number, secs: number): string {
  const r = secs > 0 ? msgs / secs : 0;
  const b = secs > 0 ? bytes / secs : 0;
  return `${commas(Math.trunc(r))} msgs/sec ~ ${humanBytes(Math.round(b))}/sec`;
}

/** natscli's sample line: rate, bytes/s and, when latencies were recorded, min … P99.9 (natsx adds P99.99 and stddev). */
export function sampleLine(r: Pick<ClientResult, "msgs" | "bytes" | "startMs" | "endMs" | "latency">): string {
  let s = rateText(r.msgs, r.bytes, (r.endMs - r.startMs) / 1000);
  if (r.latency) {
    const l = summarize(r.latency);
    s += ` ~ min: ${us(l.min)}us ~ avg: ${us(l.avg)}us ~ max: ${us(l.max)}us ~ P50: ${us(l.p50)}us ~ P90: ${us(l.p90)}us ~ P99: ${us(l.p99)}us ~ P99.9: ${us(l.p99_9)}us ~ P99.99: ${us(l.p99_99)}us ~ stddev: ${us(l.stddev)}us`;
  }
  return s;
}

/** natscli's aggregated latency line (`latencies per operation min …`), with P99.99. */
export function latencyStats(l: LatencySummary): string {
  return `min ${us(l.min)}us | avg ${us(l.avg)}us | max ${us(l.max)}us | stddev ${us(l.stddev)}us | P50 ${us(l.p50)}us | P90 ${us(l.p90)}us | P99 ${us(l.p99)}us | P99.9: ${us(l.p99_9)}us | P99.99: ${us(l.p99_99)}us`;
}

function rateStats(g: GroupFigures): string {
  const r = g.rates!;
  return `min ${commas(r.min)} | avg ${commas(r.avg)} | max ${commas(r.max)} | stddev ${commas(Math.trunc(r.stddev))} msgs`;
}

/** The report of a run of one kind of client, as natscli prints it (after a blank line). */
export function reportText(spec: Pick<BenchSpec, "mode">, results: readonly ClientResult[]): string {
  if (results.length === 0) return "No publisher or subscribers. Nothing to report.\n";
  const label = LABELS[spec.mode];
  const g = groupFigures(results);
  let out = "";
  if (results.length === 1) {
    out += `NATS ${label} stats: ${sampleLine(results[0]!)}\n`;
  } else {
    results.forEach((r, i) => { out += `  [${i + 1}] ${sampleLine(r)} (${commas(r.msgs)} msgs)\n`; });
    out += `\n NATS ${label} aggregated stats: ${rateText(g.msgs, g.bytes, (g.endMs - g.startMs) / 1000)}\n`;
    out += ` message rates ${rateStats(g)}\n`;
    if (g.latency) out += ` latencies per operation ${latencyStats(summarize(g.latency))}\n`;
  }
  if (g.e2e) out += `${results.length === 1 ? "" : " "}end-to-end latency ${latencyStats(summarize(g.e2e))}\n`;
  return out;
}

/**
 * The old form's report (`nats bench SUBJECT --pub N --sub M`, nats.go's bench package): the combined rate, then
 * the publishers' and subscribers' lines, each with per-client lines and rate spread when there are several.
 */
export function pubSubReportText(pubs: readonly ClientResult[], subs: readonly ClientResult[]): string {
  if (pubs.length === 0 && subs.length === 0) return "No publisher or subscribers. Nothing to report.\n";
  let out = "";
  let indent = "";
  if (pubs.length && subs.length) {
    const all = groupFigures([...pubs, ...subs]);
    out += `NATS Pub/Sub stats: ${rateText(all.msgs, all.bytes, (all.endMs - all.startMs) / 1000)}\n`;
    indent = " ";
  }
  for (const [name, rs] of [["Pub", pubs], ["Sub", subs]] as const) {
    if (rs.length === 0) continue;
    const g = groupFigures(rs);
    out += `${indent}${name} stats: ${rateText(g.msgs, g.bytes, (g.endMs - g.startMs) / 1000)}\n`;
    if (rs.length > 1) {
      rs.forEach((r, i) => { out += `${indent} [${i + 1}] ${rateText(r.msgs, r.bytes, (r.endMs - r.startMs) / 1000)} (${commas(r.msgs)} msgs)\n`; });
      out += `${indent} ${rateStats(g)}\n`;
    }
    if (g.e2e) out += `${indent} end-to-end latency ${latencyStats(summarize(g.e2e))}\n`;
  }
  return out;
}

/** natscli's --csv: one row per client, latency columns (µs) when the run recorded latencies. */
export function csvText(runId: string, results: readonly ClientResult[]): string {
  const withLatency = results.some((r) => r.latency);
  const head = ["#RunID", "ClientID", "MsgCount", "MsgBytes", "MsgsPerSec", "BytesPerSec", "DurationSecs"];
  if (withLatency) head.push("MinLatencyMicroSecs", "AvgLatencyMicroSecs", "MaxLatencyMicroSecs", "P50LatencyMicroSecs", "P90LatencyMicroSecs", "P99LatencyMicroSecs", "P99.9LatencyMicroSecs", "StdDevLatencyMicroSecs");
  const rows = [head.join(",")];
  for (const r of results) {
    const secs = (r.endMs - r.startMs) / 1000;
    const row = [runId, r.id, String(r.msgs), String(r.bytes), String(Math.trunc(clientRate(r))), (secs > 0 ? r.bytes / secs : 0).toFixed(6), secs.toFixed(6)];
    if (withLatency) {
      const l = r.latency ? summarize(r.latency) : undefined;
      row.push(...(l ? [l.min, l.avg, l.max, l.p50, l.p90, l.p99, l.p99_9, l.stddev] : [0, 0, 0, 0, 0, 0, 0, 0]).map((v) => v.toFixed(6)));
    }
    rows.push(row.join(","));
  }
  return `${rows.join("\n")}\n`;
}

/** --json: the run's settings and every figure, in one document. */
export function jsonDocument(spec: BenchSpec, runId: string, results: readonly ClientResult[], extra: { interrupted: boolean; warnings: string[]; agents?: string[] }): Record<string, unknown> {
  const secs = (a: number, b: number) => Math.max(0, b - a) / 1000;
  const lat = (d?: LatencyData) => (d ? summarize(d) : null);
  const group = (rs: readonly ClientResult[]) => {
    const g = groupFigures(rs);
    return {
      clients: rs.length,
      msgs: g.msgs,
      bytes: g.bytes,
      duration_s: secs(g.startMs, g.endMs),
      msgs_per_sec: g.rate,
      bytes_per_sec: g.byteRate,
      rates: g.rates ?? null,
      latency_us: lat(g.latency),
      e2e_latency_us: lat(g.e2e),
    };
  };
  const targets = results.filter((r) => r.rate);
  const target = targets.length ? targets.reduce((a, r) => a + r.rate!.target, 0) : 0;
  const achieved = targets.length ? groupFigures(targets).rate : 0;
  const { payload: _payload, ...settings } = spec;
  const doc: Record<string, unknown> = {
    run_id: runId,
    mode: spec.mode,
    label: LABELS[spec.mode],
    settings: { ...settings, payload_file: spec.payload !== undefined },
    clients: results.map((r) => ({
      id: r.id,
      role: r.role,
      ...(r.agent ? { agent: r.agent } : {}),
      msgs: r.msgs,
      bytes: r.bytes,
      start: new Date(r.startMs).toISOString(),
      duration_s: secs(r.startMs, r.endMs),
      msgs_per_sec: clientRate(r),
      bytes_per_sec: r.endMs > r.startMs ? r.bytes / secs(r.startMs, r.endMs) : 0,
      latency_us: lat(r.latency),
      e2e_latency_us: lat(r.e2e),
      target_msgs_per_sec: r.rate?.target ?? null,
      interrupted: r.interrupted,
    })),
    aggregate: results.length ? group(results) : null,
    target: target > 0 ? { msgs_per_sec: target, achieved_msgs_per_sec: achieved, reached: achieved >= target * TARGET_SLACK } : null,
    interrupted: extra.interrupted,
    warnings: extra.warnings,
  };
  if (results.some((r) => r.role === "sub") && results.some((r) => r.role === "pub")) {
    doc.publishers = group(results.filter((r) => r.role === "pub"));
    doc.subscribers = group(results.filter((r) => r.role === "sub"));
  }
  if (extra.agents) doc.agents = extra.agents;
  return doc;
}

/** A fixed-rate run that achieved less than this share of its target says so. */
export const TARGET_SLACK = 0.97;

/** The warning of a fixed-rate run that fell short: the target, what was achieved, and by which clients. */
export function targetWarning(results: readonly ClientResult[]): string | undefined {
  const paced = results.filter((r) => r.rate && r.msgs > 0);
  if (paced.length === 0) return undefined;
  const target = paced.reduce((a, r) => a + r.rate!.target, 0);
  const achieved = groupFigures(paced).rate;
  if (achieved >= target * TARGET_SLACK) return undefined;
  const slow = paced.filter((r) => r.rate!.achieved < r.rate!.target * TARGET_SLACK).map((r) => r.id);
  return `WARNING: the target rate of ${commas(Math.round(target))} msgs/sec was not reached: ${commas(Math.trunc(achieved))} msgs/sec achieved${slow.length ? ` (behind: ${slow.join(", ")})` : ""}; latencies are measured from each message's intended send time`;
}
