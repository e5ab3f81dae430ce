import type { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { nuid } from "../../nats-client.js";
import type { Deps } from "../../deps.js";
import { connectPlan } from "../../context/connect.js";
import type { ConnectPlan } from "../../context/plan.js";
import { writeFileAtomic } from "../../context/store.js";
import { log } from "../../output/io.js";
import { parseSize } from "../../util/size.js";
import { commas, humanBytes } from "../../output/format.js";
import { parseIntFlag } from "../../util/flags.js";

/** Flags every bench command shares (natscli bench_command.go). */
export interface BenchCommonOptions {
  clients: string;
  msgs: string;
  size: string;
  progress: boolean;
  csv?: string;
}

/** One client's measured run. */
export interface ClientSample {
  id: string;
  msgs: number;
  bytes: number;
  startMs: number;
  endMs: number;
}

function rate(s: ClientSample): number {
  const secs = Math.max(1e-9, (s.endMs - s.startMs) / 1000);
  return s.msgs / secs;
}

function fmtRate(v: number): string {
  return commas(Math.round(v));
}

/** Splits `msgs` across `clients` as natscli does (remainder to the first clients). */
export function splitMessages(msgs: number, clients: number): number[] {
  const base = Math.floor(msgs / clients);
  const rest = msgs % clients;
  return Array.from({ length: clients }, (_, i) => base + (i < rest ? 1 : 0));
}

/** natscli's start banner: `Starting <label> benchmark [k=v, …]` with keys sorted. */
export function banner(deps: Deps, label: string, settings: Record<string, string>): void {
  const kv = Object.keys(settings).sort().map((k) => `${k}=${settings[k]}`).join(", ");
  log(deps.io, deps.now(), `Starting ${label} benchmark [${kv}]`);
}

/** Prints the stats report on stdout (one line for one client; per-client lines and aggregates otherwise) and writes --csv. */
export async function report(deps: Deps, label: string, samples: ClientSample[], csv?: string): Promise<void> {
  const out = deps.io.out;
  out.write("\n");
  const line = (s: ClientSample) => {
    const r = rate(s);
    return `${fmtRate(r)} msgs/sec ~ ${humanBytes(Math.round((r * s.bytes) / Math.max(1, s.msgs)))}/sec`;
  };
  if (samples.length === 1) {
    out.write(`NATS ${label} stats: ${line(samples[0]!)}\n`);
  } else {
    samples.forEach((s, i) => out.write(` [${i + 1}] ${line(s)} (${commas(s.msgs)} msgs)\n`));
    const start = Math.min(...samples.map((s) => s.startMs));
    const end = Math.max(...samples.map((s) => s.endMs));
    const agg: ClientSample = { id: "agg", msgs: samples.reduce((a, s) => a + s.msgs, 0), bytes: samples.reduce((a, s) => a + s.bytes, 0), startMs: start, endMs: end };
    const rates = samples.map(rate);
    const avg = rates.reduce((a, b) => a + b, 0) / rates.length;
    const sd = Math.sqrt(rates.reduce((a, b) => a + (b - avg) ** 2, 0) / rates.length);
    out.write(`\n NATS ${label} aggregated stats: ${line(agg)}\n`);
    out.write(` message rates min ${fmtRate(Math.min(...rates))} | avg ${fmtRate(avg)} | max ${fmtRate(Math.max(...rates))} | stddev ${fmtRate(sd)} msgs\n`);
  }
  if (csv) {
    const run = nuid.next();
    const rows = ["#RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs"];
    for (const s of samples) {
      const r = rate(s);
      rows.push([run, s.id, s.msgs, s.bytes, r.toFixed(2), ((r * s.bytes) / Math.max(1, s.msgs)).toFixed(2), ((s.endMs - s.startMs) / 1000).toFixed(6)].join(","));
    }
    await writeFileAtomic(csv, `${rows.join("\n")}\n`, 0o644);
    log(deps.io, deps.now(), `Saved metric data in csv file ${csv}`);
  }
}

/** The common flags as numbers: at least one client, at least one message (a usage error otherwise), a size of 0 or more. */
export function parseCommonBenchFlags(opts: BenchCommonOptions): { clients: number; msgs: number; size: number } {
  const clients = parseIntFlag(opts.clients, "--clients", { min: 1 });
  const msgs = parseIntFlag(opts.msgs, "--msgs", { min: 1 });
  const size = parseSize(opts.size, "--size", { unlimited: false });
  return { clients, msgs, size };
}

/** Opens `n` connections one after another, runs `fn` with them, and closes every one that opened, whatever happens. */
export async function withClients<T>(deps: Deps, plan: ConnectPlan, n: number, fn: (conns: NatsConnection[]) => Promise<T>): Promise<T> {
  const conns: NatsConnection[] = [];
  try {
    for (let i = 0; i < n; i++) conns.push(await connectPlan(deps, plan));
    return await fn(conns);
  } finally {
    for (const nc of conns) await nc.close().catch(() => undefined);
  }
}

/** Adds natscli's common bench flags. */
export function addCommonBenchFlags(cmd: Command): Command {
  return cmd
    .option("--clients <n>", "Number of concurrent clients", "1")
    .option("--msgs <n>", "Number of messages to publish or subscribe to", "100000")
    .option("--size <size>", "Size of the test messages", "128B")
    .option("--progress", "Enable progress bar while publishing (default)")
    .option("--no-progress", "Disable progress bar while publishing")
    .option("--csv <file>", "Save benchmark data to CSV file");
}
