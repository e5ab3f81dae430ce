import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { planFromCommand } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { createMultiProgress } from "../../output/progress.js";
import { parseTimerDuration } from "../../util/duration.js";
import { commas, humanBytes } from "../../output/format.js";
import { addCommonBenchFlags, banner, parseCommonBenchFlags, report, splitMessages, withClients, type BenchCommonOptions, type ClientSample } from "./shared.js";

export interface BenchPubOptions extends BenchCommonOptions {
  sleep?: string;
  viaClient?: boolean;
}

const LABEL = "Core NATS publisher";

/** `nats bench pub SUBJECT`: publishes --msgs messages of --size bytes from --clients connections and reports msgs/s. */
export function benchPubCommand(deps: Deps): Command {
  const cmd = new Command("pub")
    .description("Benchmark utility: Core NATS publisher")
    .argument("<subject>", "Subject to use for the benchmark")
    .option("--sleep <duration>", "Sleep for the specified interval between publications", "0s")
    .option("--via-client", "Publish with the NATS client's publish() per message instead of natsx's framing path: measures the JavaScript client rather than the server (natsx)", false);
  addCommonBenchFlags(cmd);
  return cmd.action(async (subject: string, opts: BenchPubOptions, c: Command) => {
    const plan = await planFromCommand(deps, c);
    const { clients, msgs, size } = parseCommonBenchFlags(opts);
    const sleepMs = parseTimerDuration(opts.sleep ?? "0s", "--sleep");
    const n = Math.min(clients, msgs);
    banner(deps, LABEL, { clients: String(n), "msg-size": humanBytes(size), msgs: commas(msgs), sleep: opts.sleep ?? "0s", subject });
    await withClients(deps, plan, n, async (conns) => {
      const shares = splitMessages(msgs, n);
      for (let i = 0; i < n; i++) log(deps.io, deps.now(), `[${i + 1}] Starting ${LABEL}, publishing ${commas(shares[i]!)} messages`);
      // natscli draws a bar per client
      const bars = await createMultiProgress(deps.io, { enabled: opts.progress !== false });
      let samples: ClientSample[];
      try {
        samples = await Promise.all(conns.map((nc, i) => {
          const bar = bars.bar({ label: n > 1 ? `Publishing [${i + 1}]` : "Publishing", total: shares[i]! });
          const tick = (k: number) => bar.add(k);
          const run = sleepMs > 0 || opts.viaClient ? publishClient(deps, nc, subject, shares[i]!, size, sleepMs, `P${i}`, tick) : framedClient(deps, nc, subject, shares[i]!, size, `P${i}`, tick);
          return run.finally(() => bar.done());
        }));
      } finally {
        bars.stop();
      }
      await report(deps, LABEL, samples, opts.csv);
    });
  });
}

async function publishClient(deps: Deps, nc: NatsConnection, subject: string, count: number, size: number, sleepMs: number, id: string, tick: (k: number) => void): Promise<ClientSample> {
  // One payload reused for every message, no await per message, a yield every 10k (natsjs.md §7.3).
  const payload = new Uint8Array(size);
  const start = performance.now();
  let sent = 0;
  for (let i = 0; i < count && !deps.signal.aborted; i++) {
    nc.publish(subject, payload);
    sent++;
    if (sleepMs > 0) {
      await nc.flush();
      await new Promise((r) => setTimeout(r, sleepMs));
      tick(1);
    } else if (sent % 10_000 === 0) {
      await new Promise((r) => setImmediate(r));
      tick(10_000);
    }
  }
  await nc.flush();
  const end = performance.now();
  return { id, msgs: sent, bytes: sent * size, startMs: start, endMs: end };
}

/** The framing path (natscli's figure: the server's rate): the frame encoded once, chunks of copies of it, flushed back-pressure. */
async function framedClient(deps: Deps, nc: NatsConnection, subject: string, count: number, size: number, id: string, tick: (k: number) => void): Promise<ClientSample> {
  // loaded here, not at the top: only bulk paths need it (start-up of the other commands)
  const { FramePublisher } = await import("../../messaging/frame-publisher.js");
  const fp = new FramePublisher(nc);
  const prefix = fp.prefix(subject);
  const start = performance.now();
  await fp.repeat(prefix, new Uint8Array(size), count, () => deps.signal.aborted, tick);
  await fp.flush();
  const end = performance.now();
  return { id, msgs: fp.sent, bytes: fp.sent * size, startMs: start, endMs: end };
}
