import type { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { writeFileAtomic } from "../../../context/store.js";
import { explain, ExitStatus, usageError } from "../../../errors.js";
import { printTable } from "../../../output/table.js";
import { parseDuration } from "../../../util/duration.js";
import { managerOptions } from "../../../jetstream/manager.js";
import { parseNumberFlag } from "../../../util/flags.js";

/** Nagios plugin statuses and their exit codes (natscli server check). */
export const Nagios = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type NagiosStatus = keyof typeof Nagios;

export interface PerfItem { name: string; value: number; warning?: number; critical?: number; unit?: string }

/** The outcome of one check: messages by severity and performance data. */
export class CheckResult {
  readonly warnings: string[] = [];
  readonly criticals: string[] = [];
  readonly oks: string[] = [];
  readonly perf: PerfItem[] = [];
  constructor(readonly suite: string, readonly name: string) {}
  warn(m: string): this { this.warnings.push(m); return this; }
  crit(m: string): this { this.criticals.push(m); return this; }
  ok(m: string): this { this.oks.push(m); return this; }
  metric(p: PerfItem): this { this.perf.push(p); return this; }
  get status(): NagiosStatus {
    return this.criticals.length ? "CRITICAL" : this.warnings.length ? "WARNING" : "OK";
  }
}

export interface CheckParentOptions { format: string; namespace: string; outfile?: string }

function perfValue(p: PerfItem): string {
  const v = p.unit === "s" ? p.value.toFixed(4) : p.value.toFixed(0);
  const q = /\s/.test(p.name) ? `'${p.name}'` : p.name;
  let s = `${q}=${v}${p.unit ?? ""}`;
  if (p.warning !== undefined || p.critical !== undefined) s += `;${p.warning ?? ""}`;
  if (p.critical !== undefined) s += `;${p.critical}`;
  return s;
}

/** natscli's one-line Nagios rendering: `STATUS name [Crit:…] [Warn:…] [OK:…] | perfdata`. */
export function renderNagios(r: CheckResult): string {
  const parts = [`${r.status} ${r.name}`];
  if (r.criticals.length) parts.push(`Crit:${r.criticals.join(", ")}`);
  if (r.warnings.length) parts.push(`Warn:${r.warnings.join(", ")}`);
  if (r.oks.length) parts.push(`OK:${r.oks.join(", ")}`);
  const perf = r.perf.map(perfValue).join(" ");
  return `${parts.join(" ")}${perf ? ` | ${perf}` : ""}\n`;
}

/** natscli's JSON rendering of a check. */
export function renderJson(r: CheckResult): string {
  return `${JSON.stringify({ status: r.status, check_suite: r.suite, check_name: r.name, warning: r.warnings, critical: r.criticals, ok: r.oks,
    perf_data: r.perf.map((p) => ({ name: p.name, value: p.value, warning: p.warning ?? 0, critical: p.critical ?? 0, unit: p.unit ?? "" })) }, null, 2)}\n`;
}

/** Prometheus text exposition: one gauge per perf item plus a status gauge. */
export function renderPrometheus(r: CheckResult, ns: string): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, "_");
  const item = r.name.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  const lines: string[] = [];
  for (const p of r.perf) {
    const metric = `${clean(ns)}_${clean(r.suite)}_${clean(p.name)}`;
    lines.push(`# HELP ${metric} Data about the NATS ${r.suite} check: ${p.name}`, `# TYPE ${metric} gauge`, `${metric}{item="${item}"} ${p.value}`);
  }
  const status = `${clean(ns)}_${clean(r.suite)}_status_code`;
  lines.push(`# HELP ${status} Nagios compatible status code`, `# TYPE ${status} gauge`, `${status}{item="${item}",status="${r.status}"} ${Nagios[r.status]}`);
  return `${lines.join("\n")}\n`;
}

function renderText(deps: Deps, r: CheckResult): void {
  deps.io.out.write(`${r.name}: ${r.status}\n\n`);
  const rows = [...r.criticals.map((m) => ["CRITICAL", m]), ...r.warnings.map((m) => ["WARNING", m]), ...r.oks.map((m) => ["OK", m])];
  printTable(deps.io, ["Status", "Message"], rows, { title: "Status Detail" }, deps.env);
  if (r.perf.length) {
    deps.io.out.write("\n");
    printTable(deps.io, ["Metric", "Value", "Unit", "Warning", "Critical"], r.perf.map((p) => [p.name, p.unit === "s" ? p.value.toFixed(4) : p.value, p.unit ?? "", p.warning ?? "", p.critical ?? ""]), { title: "Check Metrics" }, deps.env);
  }
}

/**
 * Runs a check body, turns any failure into a critical `Check failed: …`, prints the result in the
 * chosen format (or writes it atomically to --outfile) and ends with the Nagios exit code.
 */
export async function runCheck(deps: Deps, cmd: Command, suite: string, name: string, body: (r: CheckResult) => Promise<void>): Promise<never> {
  const parent = cmd.parent!.opts() as CheckParentOptions;
  const format = parent.format;
  if (!["nagios", "json", "prometheus", "text"].includes(format)) throw usageError(`invalid --format "${format}"`, "use nagios, json, prometheus or text");
  const r = new CheckResult(suite, name);
  try {
    await body(r);
  } catch (e) {
    r.crit(`Check failed: ${explain(e).message}`);
  }
  if (format === "text" && !parent.outfile) renderText(deps, r);
  else {
    const text = format === "json" ? renderJson(r) : format === "prometheus" ? renderPrometheus(r, parent.namespace) : renderNagios(r);
    if (parent.outfile) await writeFileAtomic(parent.outfile, text);
    else deps.io.out.write(text);
  }
  // Prometheus scrapes read the status gauge; the command itself succeeded (natscli).
  throw new ExitStatus(format === "prometheus" ? 0 : Nagios[r.status]);
}

/**
 * runCheck for the JetStream checks: connects and hands the body a JetStream manager. @nats-io/jetstream
 * is imported here, on use, so the rest of the `server` group does not load it.
 */
export function runJsCheck(deps: Deps, cmd: Command, suite: string, name: string, body: (r: CheckResult, jsm: JetStreamManager) => Promise<void>): Promise<never> {
  return runCheck(deps, cmd, suite, name, (r) => withConnection(deps, cmd, async (nc, ctx) => {
    const { jetstreamManager } = await import("@nats-io/jetstream");
    await body(r, await jetstreamManager(nc, managerOptions(ctx.js)));
  }));
}

/** Parses a duration threshold flag; "" or undefined is unset. */
export function durFlag(v: string | undefined, flag: string): number | undefined {
  return v === undefined || v === "" ? undefined : parseDuration(v, flag);
}

/** Parses a numeric threshold flag; -1 means disabled (natscli's default). */
export function numFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = parseNumberFlag(v, flag, { fraction: true, minusOne: "disabled" });
  return n < 0 ? undefined : n;
}

/**
 * Applies warn/critical thresholds to a value: normally higher is worse; when critical is below
 * warning the check inverts (lower is worse), as natscli does.
 */
export function threshold(r: CheckResult, label: string, value: number, warn: number | undefined, crit: number | undefined, unitText = ""): void {
  const inverted = warn !== undefined && crit !== undefined && crit < warn;
  const bad = (limit: number) => (inverted ? value <= limit : value >= limit);
  if (crit !== undefined && bad(crit)) r.crit(`${label} ${value}${unitText} ${inverted ? "<=" : ">="} ${crit}${unitText}`);
  else if (warn !== undefined && bad(warn)) r.warn(`${label} ${value}${unitText} ${inverted ? "<=" : ">="} ${warn}${unitText}`);
  else r.ok(`${label} ${value}${unitText}`);
}

/** The part of a stream's cluster info the replica checks read. */
export interface ClusterInfoLike { leader?: string; replicas?: { name: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[] }

/** Counts replica problems across a set of clustered streams (shared with `check stream`). */
export function replicaProblems(streams: { name: string; replicas: number; cluster?: ClusterInfoLike }[], seenCritMs: number | undefined, lagCrit: number | undefined) {
  const out = { ok: 0, noLeader: [] as string[], missing: [] as string[], lagged: [] as string[], notSeen: [] as string[] };
  for (const s of streams) {
    if (s.replicas <= 1) continue;
    const c = s.cluster;
    let bad = false;
    if (!c?.leader) { out.noLeader.push(s.name); bad = true; }
    const peers = c?.replicas ?? [];
    if (peers.length + 1 < s.replicas || peers.some((p) => p.offline)) { out.missing.push(s.name); bad = true; }
    if (lagCrit !== undefined && peers.some((p) => (p.lag ?? 0) >= lagCrit)) { out.lagged.push(s.name); bad = true; }
    if (seenCritMs !== undefined && peers.some((p) => (p.active ?? 0) / 1e6 >= seenCritMs)) { out.notSeen.push(s.name); bad = true; }
    if (!bad) out.ok++;
  }
  return out;
}
