import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { usageError } from "../errors.js";
import { commas, humanBytes } from "../output/format.js";
import { layoutTable } from "../output/table.js";
import { liveLoop, openScreen } from "../output/screen.js";
import { parseDuration } from "../util/duration.js";
import { parseIntFlag } from "../util/flags.js";
import { checkSubscribeSubject } from "../util/subject.js";

export interface TrafficOptions { interval: string; count?: string; json?: boolean }

/** The classes natscli's traffic sorts messages into, by subject prefix (traffic_command.go). */
export const TRAFFIC_CLASSES = {
  raft: { vote: "$NRG.V.", append: "$NRG.AE.", reply: "$NRG.R.", remove_peer: "$NRG.RP.", proposal: "$NRG.P." },
  cluster: { jsa_update: "$JSC.ARU.", stream_info: "$JSC.SI.", consumer_info: "$JSC.CI.", stream_sync: "$JSC.SYNC", reply: "$JSC.R." },
} as const;

type Counts = Record<string, number>;

/** One interval's counts, as the NDJSON record says them. */
export interface TrafficSample {
  time: string;
  interval_ms: number;
  general: { requests: number; js_api: number; js_ack: number; system: number; rest: number; bytes: number; messages: number };
  cluster: { jsa_update: number; stream_info: number; consumer_info: number; stream_sync: number; reply: number; messages: number };
  raft: { vote: number; append: number; reply: number; remove_peer: number; proposal: number; messages: number };
}

/** Which class and counter a message belongs to (natscli's order of checks: $SYS first, plain requests last). */
export function classify(subject: string, hasReply: boolean): [keyof Omit<TrafficSample, "time" | "interval_ms">, string] {
  if (subject.startsWith("$SYS.")) return ["general", "system"];
  if (subject.startsWith("$JSC.")) {
    if (subject.startsWith("$JSC.ACK.")) return ["cluster", "reply"];
    for (const [k, p] of Object.entries(TRAFFIC_CLASSES.cluster)) if (subject.startsWith(p)) return ["cluster", k];
  }
  if (subject.startsWith("$NRG.")) for (const [k, p] of Object.entries(TRAFFIC_CLASSES.raft)) if (subject.startsWith(p)) return ["raft", k];
  if (subject.startsWith("$JS.ACK.")) return ["general", "js_ack"];
  if (subject.startsWith("$JS.API.")) return ["general", "js_api"];
  return ["general", hasReply ? "requests" : "rest"];
}

/** `nats traffic [SUBJECTS]`: live message rates by class, redrawn on a terminal, one NDJSON record per interval otherwise. */
export function createCommand(deps: Deps): Command {
  return new Command("traffic")
    .description("Monitor NATS network traffic")
    .argument("[subjects...]", "Subjects to monitor, defaults to all", [">"])
    .option("--interval <duration>", "How often to count (natsx)", "1s")
    .option("--count <n>", "Stop after this many intervals (natsx)")
    .option("-j, --json", "One JSON record per interval, also on a terminal (the default when stdout is not one)", false)
    .addHelpText("after", `
Raft ($NRG) and cluster ($JSC) traffic, and other accounts' internal subjects, are only seen from the
system account; a single server has no raft or cluster traffic.

Examples:
  nats traffic                                  # everything this account sees, refreshed every second
  nats traffic 'orders.>' --json --count 10 | jq .general.messages`)
    .action(async (subjects: string[], opts: TrafficOptions, cmd: Command) => {
      for (const s of subjects) checkSubscribeSubject(s);
      const intervalMs = parseDuration(opts.interval, "--interval");
      if (intervalMs < 100) throw usageError(`invalid --interval "${opts.interval}": count at most every 100ms`);
      const count = opts.count === undefined ? undefined : parseIntFlag(opts.count, "--count", { min: 1 });
      await withConnection(deps, cmd, (nc) => trafficRun(deps, nc, subjects, { intervalMs, count, json: Boolean(opts.json) || !deps.io.outIsTTY }), { drain: true });
    });
}

function empty(intervalMs: number, now: number): TrafficSample {
  return {
    time: new Date(now).toISOString(),
    interval_ms: intervalMs,
    general: { requests: 0, js_api: 0, js_ack: 0, system: 0, rest: 0, bytes: 0, messages: 0 },
    cluster: { jsa_update: 0, stream_info: 0, consumer_info: 0, stream_sync: 0, reply: 0, messages: 0 },
    raft: { vote: 0, append: 0, reply: 0, remove_peer: 0, proposal: 0, messages: 0 },
  };
}

/** Counts messages on `subjects` and reports every interval until Ctrl-C or --count intervals; returns the samples. */
export async function trafficRun(deps: Deps, nc: NatsConnection, subjects: string[], o: { intervalMs: number; count?: number; json: boolean }): Promise<TrafficSample[]> {
  let cur = empty(o.intervalMs, deps.now());
  const subs = subjects.map((s) => nc.subscribe(s, {
    callback: (_e, m) => {
      if (!m) return;
      const [cls, key] = classify(m.subject, Boolean(m.reply));
      (cur[cls] as Counts)[key]!++;
      (cur[cls] as Counts).messages!++;
      cur.general.bytes += m.data.length;
    },
  }));
  await nc.flush();
  const samples: TrafficSample[] = [];
  const screen = o.json ? undefined : openScreen(deps.io);
  const history: TrafficSample[] = [];
  const draw = () => screen?.draw(renderTraffic(history, subjects));
  screen?.onResize(draw);
  try {
    let first = true;
    await liveLoop(deps.io, deps.signal, o.intervalMs, () => {
      // the first tick only starts the clock: a sample covers one whole interval
      if (first) { first = false; draw(); return true; }
      const s = cur;
      cur = empty(o.intervalMs, deps.now());
      samples.push(s);
      if (o.json) deps.io.out.write(`${JSON.stringify({ ...s, time: new Date(deps.now()).toISOString() })}\n`);
      else {
        history.push(s);
        if (history.length > 10) history.shift();
        draw();
      }
      return o.count === undefined || samples.length < o.count;
    });
  } finally {
    screen?.close();
    for (const s of subs) s.unsubscribe();
  }
  return samples;
}

/** natscli's three tables (raft and cluster only once such traffic was seen), one row per interval, newest last. */
export function renderTraffic(history: TrafficSample[], subjects: string[]): string {
  const out: string[] = [`Traffic on ${subjects.join(", ")} (messages per ${history[0] ? `${history[0].interval_ms / 1000}s` : "interval"})`, ""];
  const c = (n: number) => commas(n);
  if (history.some((h) => h.raft.messages > 0)) {
    out.push("Raft Traffic", layoutTable(["Vote", "Append", "Reply", "Remove Peer", "Proposal", "Total Messages"], history.map((h) => [c(h.raft.vote), c(h.raft.append), c(h.raft.reply), c(h.raft.remove_peer), c(h.raft.proposal), c(h.raft.messages)])), "");
  }
  if (history.some((h) => h.cluster.messages > 0)) {
    out.push("Cluster Traffic", layoutTable(["JSA Update", "Stream Info", "Consumer Info", "Stream Sync", "Reply", "Total Messages"], history.map((h) => [c(h.cluster.jsa_update), c(h.cluster.stream_info), c(h.cluster.consumer_info), c(h.cluster.stream_sync), c(h.cluster.reply), c(h.cluster.messages)])), "");
  }
  out.push("General Traffic", layoutTable(["Requests", "JS API", "JS ACK", "System", "Rest", "Total Bytes", "Total Messages"], history.map((h) => [c(h.general.requests), c(h.general.js_api), c(h.general.js_ack), c(h.general.system), c(h.general.rest), humanBytes(h.general.bytes), c(h.general.messages)])));
  if (history.length === 0) out.push("(counting…)");
  return out.join("\n");
}
