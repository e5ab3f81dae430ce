import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { performance } from "node:perf_hooks";
import { randomFillSync } from "node:crypto";
import * as path from "node:path";
import type { Deps } from "../deps.js";
import { buildConnectPlan, connectPlan, resolveFromCommand } from "../context/connect.js";
import { writeFileAtomic } from "../context/store.js";
import { CliError, ExitCode, usageError } from "../errors.js";
import { createInbox, inboxPrefixOf } from "../nats-client.js";
import { printJson } from "../output/json.js";
import { humanBytes, preciseDuration } from "../output/format.js";
import { measureRtt } from "../sys/rtt.js";
import { parseDuration } from "../util/duration.js";
import { parseIntFlag } from "../util/flags.js";

export interface LatencyOptions { serverB: string; size: string; rate: string; duration: string; histogram?: string; json?: boolean }

/** natscli's HDR percentiles, in the order it prints them. */
export const PERCENTILES = [10, 50, 75, 90, 99, 99.9, 99.99, 99.999, 99.9999, 99.99999, 100];

/** What `latency` measured; `--json` prints it (milliseconds throughout). */
export interface LatencyReport {
  pub_server_rtt_ms: number;
  sub_server_rtt_ms: number;
  payload_bytes: number;
  target: { duration_ms: number; msgs_per_sec: number; bytes_per_sec: number; messages: number };
  actual: { msgs_per_sec: number; bytes_per_sec: number; sent: number; received: number; lost: number };
  latency_ms: { min: number; median: number; max: number; percentiles: Record<string, number> };
  wall_time_ms: { first_sent: number; last_sent: number; last_received: number };
}

/** `nats latency --server-b URL`: one-way latency between two servers (or one), with HDR percentiles. */
export function createCommand(deps: Deps): Command {
  return new Command("latency").alias("lat")
    .description("Perform latency tests between two NATS servers")
    .requiredOption("--server-b <url>", "The second server to subscribe on")
    .option("--size <bytes>", "Message size", "8")
    .option("--rate <n>", "Rate of messages per second", "1000")
    .option("--duration <duration>", "Test duration", "5s")
    .option("--histogram <file>", "Output file to store the histogram in (FILE.histogram and the raw values in FILE.raw)")
    .option("-j, --json", "Produce JSON output (natsx)", false)
    .addHelpText("after", `
Publishes on the connection of --server/the context and receives on a second connection to --server-b
(same credentials), each message carrying its send time, so both ends share one clock.

Examples:
  nats latency --server-b nats://n2:4222 --rate 500 --duration 10s
  nats latency --server-b nats://127.0.0.1:4222 --json | jq .latency_ms.percentiles`)
    .action(async (opts: LatencyOptions, cmd: Command) => {
      const size = parseIntFlag(opts.size, "--size", { min: 1 });
      if (size < 8) throw usageError("message Payload Size must be at least 8 bytes", "the first 8 bytes carry the send time");
      const rate = parseIntFlag(opts.rate, "--rate", { min: 1 });
      const durationMs = parseDuration(opts.duration, "--duration");
      if (durationMs < 1000) throw usageError(`invalid --duration "${opts.duration}": the test runs at least 1s`);
      const resolved = await resolveFromCommand(deps, cmd);
      const planA = await buildConnectPlan(resolved, deps.env);
      const planB = await buildConnectPlan({ ...resolved, settings: { ...resolved.settings, url: opts.serverB }, sources: { ...resolved.sources, url: "--server-b" } }, deps.env);
      const a = await connectPlan(deps, planA);
      let b: NatsConnection | undefined;
      try {
        b = await connectPlan(deps, planB);
        const r = await latencyRun(deps, a, b, { size, rate, durationMs, histogram: opts.histogram });
        if (opts.json) printJson(deps.io, r);
        else deps.io.out.write(renderLatency(r));
        if (r.actual.lost > 0) throw new CliError(`${r.actual.lost} of ${r.actual.sent} messages did not arrive within the wait`, { exitCode: ExitCode.FAILURE });
      } finally {
        await Promise.all([a.close().catch(() => undefined), b?.close().catch(() => undefined)]);
      }
    });
}

/** Waits until a message published on `pub` arrives on `sub` (interest propagated over routes), as natscli's waitForRoute. */
async function waitForRoute(pub: NatsConnection, sub: NatsConnection, ms = 2000): Promise<void> {
  if (pub.info?.server_id === sub.info?.server_id) return;
  const subject = createInbox(inboxPrefixOf(sub));
  let routed = false;
  const s = sub.subscribe(subject, { callback: () => { routed = true; } });
  await sub.flush();
  const until = performance.now() + ms;
  try {
    while (!routed) {
      if (performance.now() > until) throw new CliError("couldn't receive end-to-end test message: the servers do not route to each other", { exitCode: ExitCode.FAILURE, hint: "are --server and --server-b in the same cluster (or account)?" });
      pub.publish(subject);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    s.unsubscribe();
  }
}

/** Publishes at the target rate for the duration, records every one-way latency in an HDR histogram (lazily loaded). */
export async function latencyRun(deps: Deps, a: NatsConnection, b: NatsConnection, o: { size: number; rate: number; durationMs: number; histogram?: string }): Promise<LatencyReport> {
  const start = performance.now();
  const [rttA, rttB] = await Promise.all([measureRtt(a), measureRtt(b)]);
  const total = Math.max(1, Math.floor((o.durationMs / 1000) * o.rate));
  const subject = createInbox(inboxPrefixOf(b));
  const durations: number[] = [];
  let allIn!: () => void;
  const done = new Promise<void>((r) => { allIn = r; });
  b.subscribe(subject, {
    callback: (_e, m) => {
      if (!m || m.data.length < 8) return;
      // the send time is performance.now() of this process: one clock for both ends
      const sent = Buffer.from(m.data.buffer, m.data.byteOffset, 8).readDoubleLE(0);
      durations.push(performance.now() - sent);
      if (durations.length >= total) allIn();
    },
  });
  await b.flush();
  await waitForRoute(a, b);
  const data = Buffer.alloc(o.size);
  randomFillSync(data);
  const pubStart = performance.now();
  let sent = 0;
  // publish in small bursts against the clock: JS timers are too coarse for one message per 1/rate
  while (sent < total && !deps.signal.aborted) {
    const due = Math.min(total, Math.floor(((performance.now() - pubStart) / 1000) * o.rate) + 1);
    while (sent < due) {
      data.writeDoubleLE(performance.now(), 0);
      a.publish(subject, data);
      sent++;
    }
    if (sent < total) await new Promise((r) => setTimeout(r, 1));
  }
  await a.flush();
  const pubDur = performance.now() - pubStart;
  // everything in flight arrives within a few round trips; more than 5s is loss
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([done, new Promise((r) => { timer = setTimeout(r, 5000 + 10 * (rttA + rttB)); })]);
  clearTimeout(timer);
  const subDur = performance.now() - pubStart;
  if (deps.signal.aborted) throw new CliError("interrupted: no latency report", { exitCode: ExitCode.INTERRUPTED });
  if (durations.length === 0) throw new CliError(`none of the ${sent} messages arrived`, { exitCode: ExitCode.FAILURE });

  const raw = [...durations];
  durations.sort((x, y) => x - y);
  const { build } = await import("hdr-histogram-js");
  // nanoseconds, 5 significant digits as natscli
  const h = build({ lowestDiscernibleValue: 1, highestTrackableValue: Math.max(2, Math.ceil(durations[durations.length - 1]! * 1e6)), numberOfSignificantValueDigits: 5 });
  for (const d of durations) h.recordValue(Math.max(1, Math.round(d * 1e6)));
  const percentiles: Record<string, number> = {};
  for (const p of PERCENTILES) percentiles[String(p)] = h.getValueAtPercentile(p) / 1e6;
  if (o.histogram) {
    const base = path.resolve(deps.cwd, o.histogram);
    await writeFileAtomic(`${base}.raw`, raw.map((d) => d.toFixed(6)).join("\n") + "\n", 0o644);
    // the HdrHistogram percentile distribution, in milliseconds (natscli's histwriter output)
    await writeFileAtomic(`${base}.histogram`, h.outputPercentileDistribution(5, 1e6), 0o644);
  }
  h.destroy();
  const n = durations.length;
  const median = n % 2 === 0 ? (durations[n / 2 - 1]! + durations[n / 2]!) / 2 : durations[(n - 1) / 2]!;
  const actualRate = sent / (pubDur / 1000);
  return {
    pub_server_rtt_ms: rttA,
    sub_server_rtt_ms: rttB,
    payload_bytes: o.size,
    target: { duration_ms: o.durationMs, msgs_per_sec: o.rate, bytes_per_sec: o.rate * o.size * 2, messages: total },
    actual: { msgs_per_sec: Math.round(actualRate), bytes_per_sec: Math.round(actualRate * o.size * 2), sent, received: n, lost: sent - n },
    latency_ms: { min: durations[0]!, median, max: durations[n - 1]!, percentiles },
    wall_time_ms: { first_sent: pubStart - start, last_sent: pubDur, last_received: subDur },
  };
}

/** natscli's report: RTTs, targets, HDR percentiles, then what was achieved. */
export function renderLatency(r: LatencyReport): string {
  const d = preciseDuration;
  const rule = "==============================";
  const lines = [rule, `Pub Server RTT : ${d(r.pub_server_rtt_ms)}`, `Sub Server RTT : ${d(r.sub_server_rtt_ms)}`,
    `Message Payload: ${humanBytes(r.payload_bytes)}`, `Target Duration: ${r.target.duration_ms / 1000}s`, `Target Msgs/Sec: ${r.target.msgs_per_sec}`,
    `Target Band/Sec: ${humanBytes(r.target.bytes_per_sec)}`, rule, "HDR Percentiles:"];
  for (const p of PERCENTILES) lines.push(`${`${p}:`.padEnd(10)}${d(r.latency_ms.percentiles[String(p)]!)}`);
  lines.push(rule, `Actual Msgs/Sec: ${r.actual.msgs_per_sec}`, `Actual Band/Sec: ${humanBytes(r.actual.bytes_per_sec)}`,
    `Minimum Latency: ${d(r.latency_ms.min)}`, `Median Latency : ${d(r.latency_ms.median)}`, `Maximum Latency: ${d(r.latency_ms.max)}`,
    `1st Sent Wall Time : ${d(r.wall_time_ms.first_sent)}`, `Last Sent Wall Time: ${d(r.wall_time_ms.last_sent)}`, `Last Recv Wall Time: ${d(r.wall_time_ms.last_received)}`);
  if (r.actual.lost) lines.push(`Lost Messages  : ${r.actual.lost} of ${r.actual.sent}`);
  return `${lines.join("\n")}\n`;
}
