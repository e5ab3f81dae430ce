import { Command, Option } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { performance } from "node:perf_hooks";
import type { Deps } from "../../deps.js";
import { buildConnectPlan, resolveFromCommand, withPlan, type ConnCtx } from "../../context/connect.js";
import type { OptionSource } from "../../context/plan.js";
import { CliError, ExitCode, ExitStatus, SYSTEM_ACCOUNT_HINT, SYSTEM_ACCOUNT_HOWTO, usageError } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { printJson } from "../../output/json.js";
import { printNotice } from "../../output/errors.js";
import { printTable } from "../../output/table.js";
import { parseDuration } from "../../util/duration.js";
import { humanDuration, commas, humanBytes, preciseDuration } from "../../output/format.js";
import { redactUrls } from "../../redact.js";
import { addJetStreamRows, fetchAccountJetStream, type AccountJetStream } from "../../jetstream/account.js";
import { gather } from "../../sys/gather.js";
import { measureRtt } from "../../sys/rtt.js";
import { optionalInt } from "../../util/flags.js";
import type { ProbeReport } from "./probe.js";

/** `server status` exit codes, one per kind of unhealthy (documented in the README). */
export const StatusCode = {
  HEALTHY: 0,
  SERVERS_MISSING: 10,
  RTT_TOO_HIGH: 11,
  JETSTREAM_UNAVAILABLE: 12,
  SLOW_CONSUMERS: 13,
  SERVER_UNHEALTHY: 14,
  CANNOT_CHECK: 15,
  PROBE_FAILED: 16,
  PROBE_TOO_SLOW: 17,
} as const;

export interface ServerStatusOptions {
  expectServers?: string;
  maxRtt?: string;
  requireJetstream?: boolean;
  maxSlowConsumers?: string;
  monitor?: string[];
  monitorOnly?: boolean;
  json?: boolean;
  probe?: boolean;
  steps?: string[];
  warn?: string;
  crit?: string;
  requestSubject?: string;
}

/** One server row of the report, from a statsz reply ("system") or a /varz page ("monitor"). */
export interface StatusServer {
  name: string;
  id: string;
  host: string | null;
  cluster: string | null;
  version: string;
  start: string | null;
  uptime_ms: number | null;
  connections: number;
  subscriptions: number;
  msgs_in: number;
  msgs_out: number;
  bytes_in: number;
  bytes_out: number;
  mem: number;
  cpu: number;
  cores: number | null;
  slow_consumers: number;
  jetstream_role: "leader" | "follower" | "standalone" | "disabled";
  rtt_ms: number | null;
  source: "system" | "monitor";
}

export interface StatusMonitor {
  url: string;
  reachable: boolean;
  error: string | null;
  healthz: { ok: boolean; status: string; http_status: number | null; error: string | null } | null;
  routes: number | null;
  server_name: string | null;
  jetstream: { enabled: boolean; streams: number; consumers: number; meta_leader: string | null } | null;
}

export interface StatusProblem {
  check: "expect-servers" | "max-rtt" | "require-jetstream" | "max-slow-consumers" | "healthz" | "probe" | "probe-latency";
  code: number;
  message: string;
}

/** The whole `server status --json` document (see README "Server status, checks and a local server"). */
export interface StatusReport {
  healthy: boolean;
  exit_code: number;
  problems: StatusProblem[];
  connection: {
    url: string;
    server_name: string;
    server_id: string;
    version: string;
    cluster: string | null;
    address: string;
    tls: boolean;
    max_payload: number;
    rtt_ms: number;
    client_id: number | null;
    jetstream: boolean;
  } | null;
  cluster: {
    name: string | null;
    servers_seen: number;
    /** Where servers_seen came from. */
    source: "system" | "monitor" | "connect_urls";
    connect_urls: string[];
  };
  system_account: { access: boolean; reason: string | null };
  servers: StatusServer[];
  jetstream: {
    enabled: boolean;
    reason: string | null;
    meta_leader: string | null;
    meta_cluster_size: number | null;
    account: {
      memory: number; storage: number; streams: number; consumers: number;
      limits: { max_memory: number; max_storage: number; max_streams: number; max_consumers: number };
      api: { total: number; errors: number };
    } | null;
  };
  monitor: StatusMonitor[];
  /** `--probe`: each data-path step and its latency (src/commands/server/probe.ts); null without it. */
  probe: ProbeReport | null;
  notes: string[];
}

/** `nats server status`: one screen (or JSON document) and a health verdict as the exit code. */
export function serverStatusCommand(deps: Deps): Command {
  return new Command("status")
    .description("Show the connected server, the cluster, JetStream and a health verdict (exit code) in one screen")
    .option("--expect-servers <n>", "Unhealthy (exit 10) when fewer servers are seen")
    .option("--max-rtt <duration>", "Unhealthy (exit 11) when the round trip to the connected server takes longer")
    .option("--require-jetstream", "Unhealthy (exit 12) when JetStream is not available to this account", false)
    .option("--max-slow-consumers <n>", "Unhealthy (exit 13) when the servers report more slow consumers")
    .addOption(new Option("--monitor <url>", "Also read the HTTP monitoring endpoints (/varz, /healthz, /jsz, /routez) at URL; repeatable").argParser((v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)]))
    .option("--monitor-only", "Read only the --monitor endpoints, do not connect to NATS", false)
    .option("--probe", "Also prove the data path end to end: pub/sub, request/reply, JetStream, KV and object store on throwaway names (exit 16 when a step fails)", false)
    .addOption(new Option("--steps <list>", "Probe only these steps, in this order: pubsub, request, jetstream, kv, object (implies --probe)").argParser((v: string, prev: string[] = []) => [...prev, v]))
    .option("--warn <duration>", "Warn when a probe step takes longer (implies --probe)")
    .option("--crit <duration>", "Unhealthy (exit 17) when a probe step takes longer (implies --probe)")
    .option("--request-subject <subject>", "Probe request/reply against this service subject instead of a throwaway responder (implies --probe)")
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server status --probe --crit 500ms            # CI smoke check: the whole data path, each step under 500 ms\n  nats server status --probe --steps pubsub,request  # core NATS only\n  nats server status --expect-servers 3 --require-jetstream --json")
    .action(async (opts: ServerStatusOptions, cmd: Command) => {
      const th = parseThresholds(opts);
      const probe = await probeSettings(opts);
      if (opts.monitorOnly && !opts.monitor?.length) throw usageError("--monitor-only needs at least one --monitor URL");
      if (opts.monitorOnly && probe) throw usageError("--probe needs a NATS connection: it cannot run with --monitor-only");
      const report = await serverStatus(deps, cmd, opts, th, probe);
      if (report.exit_code !== 0) throw new ExitStatus(report.exit_code);
    });
}

/**
 * Gathers the status report from NATS (connecting with the settings `source` resolves to, unless --monitor-only),
 * the --monitor endpoints and the probe, judges it against the thresholds, and shows it; its exit_code is the verdict.
 */
export async function serverStatus(deps: Deps, source: OptionSource, opts: ServerStatusOptions, th: Thresholds, probe?: ProbeSettings): Promise<StatusReport> {
  // resolved once: the timeout bounds the monitor reads too, and the same settings build the connection
  const resolved = await resolveFromCommand(deps, source);
  const deadline = performance.now() + resolved.timeoutMs;
  const report = emptyReport();
  const monitorWork = Promise.all((opts.monitor ?? []).map((u) => readMonitor(u, deadline)));
  if (!opts.monitorOnly) {
    await withPlan(deps, await buildConnectPlan(resolved, deps.env), async (nc, ctx) => {
      await collectFromNats(nc, ctx, report, Math.max(deadline, performance.now() + 250));
      if (probe) {
        const { runProbe } = await import("./probe.js");
        report.probe = await runProbe(nc, ctx, { ...probe, timeoutMs: resolved.timeoutMs, signal: deps.signal });
      }
    });
    if (report.probe?.interrupted) throw interruptedProbe(report.probe);
  } else {
    report.system_account.reason = "--monitor-only: NATS was not asked";
    report.jetstream.reason = "--monitor-only: NATS was not asked";
  }
  report.monitor = await monitorWork;
  mergeMonitor(report);
  evaluate(report, th);
  if (opts.json) printJson(deps.io, report);
  else renderStatus(deps, report);
  if (report.probe) {
    const { probeFailureLine } = await import("./probe.js");
    const line = probeFailureLine(report.probe);
    if (line) printNotice(deps.io, line);
  }
  return report;
}

/** The health thresholds of `server status`, parsed from its flags. */
export interface Thresholds { expectServers?: number; maxRttMs?: number; requireJetstream: boolean; maxSlow?: number }

function parseThresholds(o: ServerStatusOptions): Thresholds {
  return {
    expectServers: optionalInt(o.expectServers, "--expect-servers", { min: 1 }),
    maxRttMs: o.maxRtt === undefined ? undefined : parseDuration(o.maxRtt, "--max-rtt"),
    requireJetstream: Boolean(o.requireJetstream),
    maxSlow: optionalInt(o.maxSlowConsumers, "--max-slow-consumers"),
  };
}

/** The probe `server status` runs, parsed from its flags. */
export interface ProbeSettings { steps: import("./probe.js").ProbeStepName[]; warnMs?: number; critMs?: number; requestSubject?: string }

/** The probe the flags ask for (any probe flag turns it on), or undefined. */
async function probeSettings(o: ServerStatusOptions): Promise<ProbeSettings | undefined> {
  if (!o.probe && !o.steps && o.warn === undefined && o.crit === undefined && o.requestSubject === undefined) return undefined;
  const warnMs = o.warn === undefined ? undefined : parseDuration(o.warn, "--warn");
  const critMs = o.crit === undefined ? undefined : parseDuration(o.crit, "--crit");
  if (warnMs !== undefined && critMs !== undefined && warnMs > critMs) throw usageError(`--warn ${o.warn} is longer than --crit ${o.crit}`, "the warning threshold must not be over the critical one");
  if (o.requestSubject !== undefined && !/^[^\s*>]+$/.test(o.requestSubject)) throw usageError(`invalid --request-subject "${o.requestSubject}"`, "give the service's subject, without wildcards or spaces");
  // the probe module (and the KV and object store clients it uses) is loaded only when a probe is asked for
  const { parseSteps } = await import("./probe.js");
  return { steps: parseSteps(o.steps), warnMs, critMs, requestSubject: o.requestSubject };
}

/** Ctrl-C during the probe: exit 130 saying what was removed again (or left). */
function interruptedProbe(p: ProbeReport): CliError {
  const step = p.steps.find((s) => s.status === "interrupted")?.name ?? "start";
  const removed = p.cleanup.removed.length ? `; removed ${p.cleanup.removed.join(", ")}` : "";
  const left = p.cleanup.left.length ? `; could not remove ${p.cleanup.left.join(", ")}: delete them with \`nats stream rm\`` : "";
  return new CliError(`interrupted during probe step ${step}${removed}${left}`, { exitCode: ExitCode.INTERRUPTED });
}

function emptyReport(): StatusReport {
  return {
    healthy: true,
    exit_code: 0,
    problems: [],
    connection: null,
    cluster: { name: null, servers_seen: 0, source: "connect_urls", connect_urls: [] },
    system_account: { access: false, reason: null },
    servers: [],
    jetstream: { enabled: false, reason: null, meta_leader: null, meta_cluster_size: null, account: null },
    monitor: [],
    probe: null,
    notes: [],
  };
}

interface Statsz {
  start?: string; mem?: number; cores?: number; cpu?: number; connections?: number; subscriptions?: number;
  sent?: { msgs?: number; bytes?: number }; received?: { msgs?: number; bytes?: number }; slow_consumers?: number;
  active_servers?: number;
  jetstream?: { meta?: { leader?: string; cluster_size?: number } };
}

async function collectFromNats(nc: NatsConnection, ctx: ConnCtx, report: StatusReport, until: number): Promise<void> {
  const info = nc.info!;
  const rtt = await measureRtt(nc, 3, Math.max(100, Math.round(until - performance.now())));
  report.connection = {
    url: redactUrls(ctx.plan.display),
    server_name: info.server_name,
    server_id: info.server_id,
    version: info.version,
    cluster: info.cluster ?? null,
    address: nc.getServer(),
    tls: Boolean(info.tls_required || info.tls_verify || ctx.plan.options.tls),
    max_payload: info.max_payload,
    rtt_ms: round(rtt),
    client_id: info.client_id ?? null,
    jetstream: Boolean(info.jetstream),
  };
  report.cluster.name = info.cluster ?? null;
  report.cluster.connect_urls = info.connect_urls ?? [];

  let activeServers: number | undefined;
  const [ping, js] = await Promise.all([
    gather<Statsz>(nc, "$SYS.REQ.SERVER.PING", {
      deadline: until,
      // Stop as soon as every server the cluster knows about has answered; else wait for the deadline.
      expect: () => activeServers,
      onReply: (r) => { activeServers ??= (r.data as Statsz).active_servers; },
    }),
    fetchAccountJetStream(nc, ctx.js),
  ]);
  if (ping.replies.length > 0) {
    report.system_account.access = true;
    for (const r of ping.replies) {
      const s = r.data;
      const meta = s.jetstream?.meta;
      if (meta?.leader && !report.jetstream.meta_leader) {
        report.jetstream.meta_leader = meta.leader;
        report.jetstream.meta_cluster_size = meta.cluster_size ?? null;
      }
      report.servers.push({
        name: r.server.name,
        id: r.server.id,
        host: r.server.host ?? null,
        cluster: r.server.cluster ?? null,
        version: r.server.ver,
        start: s.start ?? null,
        uptime_ms: s.start ? Math.max(0, Date.parse(r.server.time ?? "") - Date.parse(s.start)) || null : null,
        connections: s.connections ?? 0,
        subscriptions: s.subscriptions ?? 0,
        msgs_in: s.received?.msgs ?? 0,
        msgs_out: s.sent?.msgs ?? 0,
        bytes_in: s.received?.bytes ?? 0,
        bytes_out: s.sent?.bytes ?? 0,
        mem: s.mem ?? 0,
        cpu: s.cpu ?? 0,
        cores: s.cores ?? null,
        slow_consumers: s.slow_consumers ?? 0,
        jetstream_role: !r.server.jetstream ? "disabled" : !meta?.leader ? "standalone" : meta.leader === r.server.name ? "leader" : "follower",
        rtt_ms: round(r.rttMs),
        source: "system",
      });
    }
    report.servers.sort((a, b) => a.name.localeCompare(b.name));
    if (activeServers !== undefined && ping.replies.length < activeServers) {
      report.notes.push(`${ping.replies.length} of ${activeServers} servers answered $SYS.REQ.SERVER.PING within the timeout (active_servers says ${activeServers}; a server that just went away is still counted for a while)`);
    }
  } else {
    report.system_account.reason = ping.noResponders
      ? "$SYS.REQ.SERVER.PING had no responders: this user is not in the system account"
      : ping.denied ? "$SYS.REQ.SERVER.PING was refused: this user may not publish to it"
      : "$SYS.REQ.SERVER.PING got no answer within the timeout: the user may lack system account permissions";
    report.jetstream.meta_leader = null;
  }
  report.jetstream.enabled = js.enabled;
  report.jetstream.reason = js.reason ?? null;
  if (js.info) {
    const i = js.info;
    report.jetstream.account = {
      memory: i.memory, storage: i.storage, streams: i.streams, consumers: i.consumers,
      limits: { max_memory: i.limits?.max_memory ?? -1, max_storage: i.limits?.max_storage ?? -1, max_streams: i.limits?.max_streams ?? -1, max_consumers: i.limits?.max_consumers ?? -1 },
      api: { total: i.api?.total ?? 0, errors: i.api?.errors ?? 0 },
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

interface Varz {
  server_id?: string; server_name?: string; version?: string; host?: string; cluster?: { name?: string }; start?: string; now?: string;
  connections?: number; subscriptions?: number; in_msgs?: number; out_msgs?: number; in_bytes?: number; out_bytes?: number;
  mem?: number; cpu?: number; cores?: number; slow_consumers?: number; connect_urls?: string[];
  jetstream?: { config?: unknown; meta?: { leader?: string; cluster_size?: number } };
}

async function getJson(url: string, deadline: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(Math.round(Math.max(100, deadline - performance.now()))) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try { body = JSON.parse(text) as Record<string, unknown>; } catch { body = { error: text.trim().slice(0, 200) }; }
  return { status: res.status, body };
}

/** Reads /varz, /healthz, /jsz and /routez from one monitoring URL; failures become fields, never throws. */
export async function readMonitor(url: string, deadline: number): Promise<StatusMonitor & { varz?: Varz }> {
  const base = url.replace(/\/+$/, "").replace(/^(?!https?:\/\/)/, "http://");
  const out: StatusMonitor & { varz?: Varz } = { url: base, reachable: false, error: null, healthz: null, routes: null, server_name: null, jetstream: null };
  const [varz, healthz, jsz, routez] = await Promise.allSettled(["/varz", "/healthz", "/jsz", "/routez"].map((p) => getJson(base + p, deadline)));
  const why = (r: PromiseRejectedResult) => {
    const e = r.reason as Error & { cause?: { code?: string; message?: string } };
    if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timed out";
    // fetch hides the reason in `cause` ("fetch failed" alone says nothing).
    if (e?.cause?.code === "ECONNREFUSED") return "connection refused";
    return e?.cause?.message || e?.message || String(e);
  };
  if (varz.status === "fulfilled" && varz.value.status === 200) {
    out.reachable = true;
    out.varz = varz.value.body as Varz;
    out.server_name = out.varz.server_name ?? null;
  } else {
    out.error = varz.status === "rejected" ? `cannot read ${base}/varz: ${why(varz)}` : `${base}/varz answered HTTP ${varz.value.status}`;
  }
  if (healthz.status === "fulfilled") {
    const b = healthz.value.body as { status?: string; error?: string };
    out.healthz = { ok: healthz.value.status === 200 && b.status === "ok", status: b.status ?? "unknown", http_status: healthz.value.status, error: b.error ?? null };
  } else {
    out.healthz = { ok: false, status: "unreachable", http_status: null, error: why(healthz) };
  }
  if (routez.status === "fulfilled" && routez.value.status === 200) out.routes = Number((routez.value.body as { num_routes?: number }).num_routes ?? 0);
  if (jsz.status === "fulfilled" && jsz.value.status === 200) {
    const j = jsz.value.body as { disabled?: boolean; config?: unknown; streams?: number; consumers?: number; meta_cluster?: { leader?: string } };
    out.jetstream = { enabled: !j.disabled && j.config !== undefined, streams: j.streams ?? 0, consumers: j.consumers ?? 0, meta_leader: j.meta_cluster?.leader ?? null };
  }
  return out;
}

function mergeMonitor(report: StatusReport): void {
  const monitors = report.monitor as (StatusMonitor & { varz?: Varz })[];
  let urls = report.cluster.connect_urls.length;
  for (const m of monitors) {
    const v = m.varz;
    if (v) {
      urls = Math.max(urls, v.connect_urls?.length ?? 0, (m.routes ?? 0) + 1);
      if (!report.cluster.name && v.cluster?.name) report.cluster.name = v.cluster.name;
      if (!report.servers.some((s) => s.id === v.server_id)) {
        const start = v.start ? Date.parse(v.start) : NaN;
        const now = v.now ? Date.parse(v.now) : NaN;
        report.servers.push({
          name: v.server_name ?? "", id: v.server_id ?? "", host: v.host ?? null, cluster: v.cluster?.name ?? null, version: v.version ?? "",
          start: v.start ?? null, uptime_ms: Number.isFinite(now - start) ? now - start : null,
          connections: v.connections ?? 0, subscriptions: v.subscriptions ?? 0, msgs_in: v.in_msgs ?? 0, msgs_out: v.out_msgs ?? 0,
          bytes_in: v.in_bytes ?? 0, bytes_out: v.out_bytes ?? 0, mem: v.mem ?? 0, cpu: v.cpu ?? 0, cores: v.cores ?? null,
          slow_consumers: v.slow_consumers ?? 0,
          jetstream_role: !v.jetstream?.config ? "disabled" : !v.jetstream.meta?.leader ? "standalone" : v.jetstream.meta.leader === v.server_name ? "leader" : "follower",
          rtt_ms: null, source: "monitor",
        });
      }
      if (!report.jetstream.meta_leader && m.jetstream?.meta_leader) report.jetstream.meta_leader = m.jetstream.meta_leader;
    }
    delete m.varz; // the JSON shape carries the summary, not the whole page
  }
  if (report.system_account.access) {
    report.cluster.source = "system";
    report.cluster.servers_seen = report.servers.filter((s) => s.source === "system").length;
  } else if (monitors.some((m) => m.reachable)) {
    report.cluster.source = "monitor";
    report.cluster.servers_seen = Math.max(urls, report.servers.length);
  } else {
    report.cluster.source = "connect_urls";
    report.cluster.servers_seen = report.connection ? Math.max(1, urls) : 0;
  }
}

function evaluate(report: StatusReport, th: Thresholds): void {
  const add = (check: StatusProblem["check"], code: number, message: string) => report.problems.push({ check, code, message });
  if (th.expectServers !== undefined && report.cluster.servers_seen < th.expectServers) {
    add("expect-servers", StatusCode.SERVERS_MISSING, `expected ${th.expectServers} servers, saw ${report.cluster.servers_seen} (from ${sourceText(report.cluster.source)})`);
  }
  if (th.maxRttMs !== undefined) {
    if (!report.connection) add("max-rtt", StatusCode.CANNOT_CHECK, "--max-rtt needs a NATS connection (not with --monitor-only)");
    else if (report.connection.rtt_ms > th.maxRttMs) add("max-rtt", StatusCode.RTT_TOO_HIGH, `round trip ${humanDuration(report.connection.rtt_ms)} is over --max-rtt ${humanDuration(th.maxRttMs)}`);
  }
  if (th.requireJetstream) {
    const viaMonitor = report.monitor.some((m) => m.jetstream?.enabled);
    const ok = report.connection ? report.jetstream.enabled : viaMonitor;
    if (!ok) add("require-jetstream", StatusCode.JETSTREAM_UNAVAILABLE, `JetStream is not available: ${report.jetstream.reason ?? "the monitored servers do not run JetStream"}`);
  }
  if (th.maxSlow !== undefined) {
    if (report.servers.length === 0) {
      add("max-slow-consumers", StatusCode.CANNOT_CHECK, "--max-slow-consumers needs per-server statistics: connect as a system account user or pass --monitor URL");
    } else {
      const slow = report.servers.reduce((a, s) => a + s.slow_consumers, 0);
      if (slow > th.maxSlow) add("max-slow-consumers", StatusCode.SLOW_CONSUMERS, `${slow} slow consumers reported, over --max-slow-consumers ${th.maxSlow}`);
    }
  }
  for (const m of report.monitor) {
    if (!m.reachable) add("healthz", StatusCode.SERVER_UNHEALTHY, m.error ?? `${m.url} is unreachable`);
    else if (m.healthz && !m.healthz.ok) add("healthz", StatusCode.SERVER_UNHEALTHY, `${m.url}/healthz says ${m.healthz.status}${m.healthz.error ? `: ${m.healthz.error}` : ""}`);
  }
  const p = report.probe;
  if (p) {
    if (p.failed_step) add("probe", StatusCode.PROBE_FAILED, `step ${p.failed_step} failed: ${p.reason}`);
    if (!p.cleanup.ok) add("probe", StatusCode.PROBE_FAILED, `could not remove ${p.cleanup.left.join(", ")}: delete them with \`nats stream rm\``);
    for (const s of p.steps) {
      if (s.status === "crit") add("probe-latency", StatusCode.PROBE_TOO_SLOW, `step ${s.name} took ${preciseDuration(s.latency_ms ?? 0)}, over --crit ${humanDuration(p.crit_ms ?? 0)}`);
      if (s.status === "warn") report.notes.push(`probe step ${s.name} took ${preciseDuration(s.latency_ms ?? 0)}, over --warn ${humanDuration(p.warn_ms ?? 0)}`);
    }
  }
  // Several failures: the first in the documented order (lowest code) decides the exit code.
  report.problems.sort((a, b) => a.code - b.code);
  report.healthy = report.problems.length === 0;
  report.exit_code = report.problems[0]?.code ?? 0;
}

function sourceText(s: StatusReport["cluster"]["source"]): string {
  return s === "system" ? "$SYS.REQ.SERVER.PING replies" : s === "monitor" ? "the monitoring endpoints" : "the server's INFO connect_urls";
}

function renderStatus(deps: Deps, r: StatusReport): void {
  const io = deps.io;
  const c = new Columns();
  if (r.connection) {
    const k = r.connection;
    c.title("Connected Server");
    c.row("Name", k.server_name).row("ID", k.server_id).row("Version", k.version).row("Cluster", k.cluster ?? "none")
      .row("Address", k.address).row("URL", k.url).row("TLS", k.tls ? "yes" : "no").row("Max Payload", humanBytes(k.max_payload)).row("RTT", humanDuration(k.rtt_ms));
  }
  c.title("Cluster");
  c.row("Name", r.cluster.name ?? "none (not clustered)");
  c.row("Servers Seen", `${r.cluster.servers_seen} (from ${sourceText(r.cluster.source)})`);
  if (r.cluster.connect_urls.length) c.row("Client URLs", r.cluster.connect_urls.join(", "));
  if (!r.system_account.access) c.row("Per-Server Stats", `not available: ${r.system_account.reason ?? "unknown"}`);
  io.out.write(c.render());
  if (r.servers.length) {
    io.out.write("\n");
    printTable(io, ["Name", "Cluster", "Version", "Uptime", "Conns", "Subs", "Msgs In", "Msgs Out", "Bytes In", "Bytes Out", "Mem", "CPU %", "Slow", "JetStream", "RTT"],
      r.servers.map((s) => [s.name, s.cluster ?? "", s.version, s.uptime_ms === null ? "" : humanDuration(s.uptime_ms), commas(s.connections), commas(s.subscriptions),
        commas(s.msgs_in), commas(s.msgs_out), humanBytes(s.bytes_in), humanBytes(s.bytes_out), humanBytes(s.mem), s.cpu.toFixed(1), commas(s.slow_consumers), s.jetstream_role,
        s.rtt_ms === null ? "(monitor)" : humanDuration(s.rtt_ms)]),
      { title: `Servers (${r.servers.length})` }, deps.env);
  }
  const j = new Columns();
  j.title("JetStream");
  const aj: AccountJetStream = r.jetstream.account
    ? { enabled: true, info: { ...r.jetstream.account, limits: r.jetstream.account.limits, api: r.jetstream.account.api } as never }
    : { enabled: false, reason: r.jetstream.reason ?? undefined };
  if (r.connection) addJetStreamRows(j, aj);
  else j.row("JetStream", r.monitor.some((m) => m.jetstream?.enabled) ? "enabled on the monitored servers" : "not seen on the monitored servers");
  j.row("Meta Leader", r.jetstream.meta_leader ? `${r.jetstream.meta_leader}${r.jetstream.meta_cluster_size ? ` (cluster size ${r.jetstream.meta_cluster_size})` : ""}` : r.system_account.access || r.monitor.length ? "none" : "unknown (needs the system account or --monitor)");
  for (const m of r.monitor) {
    j.title(`Monitoring ${m.url}`);
    if (!m.reachable) j.row("Error", m.error ?? "unreachable");
    else {
      j.row("Server", m.server_name ?? "");
      j.row("Health", m.healthz ? (m.healthz.ok ? "ok" : `${m.healthz.status}${m.healthz.error ? `: ${m.healthz.error}` : ""}`) : "unknown");
      j.row("Routes", m.routes ?? "unknown");
      j.row("JetStream", m.jetstream ? (m.jetstream.enabled ? `enabled, ${m.jetstream.streams} streams, ${m.jetstream.consumers} consumers` : "disabled") : "unknown");
    }
  }
  if (r.probe) {
    j.title(`Probe (${r.probe.resources.subject_prefix}.*)`);
    for (const s of r.probe.steps) {
      const state = s.status === "ok" ? "ok" : s.status === "failed" ? `FAILED: ${s.error}` : s.status === "skipped" ? "skipped (an earlier step failed)" : s.status.toUpperCase();
      j.row(s.name, `${state}${s.latency_ms !== null ? ` in ${preciseDuration(s.latency_ms)}` : ""}`);
    }
    j.row("Cleanup", r.probe.cleanup.ok ? (r.probe.cleanup.removed.length ? `removed ${r.probe.cleanup.removed.join(", ")}` : "nothing to remove") : `could not remove ${r.probe.cleanup.left.join(", ")}`);
  }
  j.title("Health");
  if (r.healthy) j.row("Status", "HEALTHY");
  else {
    j.row("Status", `UNHEALTHY (exit ${r.exit_code})`);
    for (const p of r.problems) j.row("", `${p.check}: ${p.message}`);
  }
  for (const n of r.notes) j.row("Note", n);
  // a blank line between the cluster part (or the servers table) and the JetStream section
  io.out.write(`\n${j.render()}`);
  if (!r.system_account.access && r.connection) printNotice(io, `note: per-server statistics need the system account: ${SYSTEM_ACCOUNT_HOWTO} — ${SYSTEM_ACCOUNT_HINT}`);
}
