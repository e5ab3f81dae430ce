import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { planFromCommand } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { createMultiProgress, type ProgressBar } from "../../output/progress.js";
import { commas, humanBytes } from "../../output/format.js";
import { aborted } from "../../util/stdin.js";
import { addCommonBenchFlags, banner, parseCommonBenchFlags, report, withClients, type BenchCommonOptions, type ClientSample } from "./shared.js";

const LABEL = "Core NATS subscriber";

/** `nats bench sub SUBJECT`: each of --clients connections expects --msgs messages; the clock starts at the first one. */
export function benchSubCommand(deps: Deps): Command {
  const cmd = new Command("sub")
    .description("Benchmark utility: Core NATS subscriber")
    .argument("<subject>", "Subject to use for the benchmark")
    .option("--via-client", "Receive through the NATS client's subscription callbacks instead of natsx's framing reader: measures the JavaScript client rather than the server (natsx)", false);
  addCommonBenchFlags(cmd);
  return cmd.action(async (subject: string, opts: BenchCommonOptions & { viaClient?: boolean }, c: Command) => {
    const plan = await planFromCommand(deps, c);
    const { clients, msgs, size } = parseCommonBenchFlags(opts);
    banner(deps, LABEL, { clients: String(clients), "msg-size": humanBytes(size), msgs: commas(msgs), subject });
    await withClients(deps, plan, clients, async (conns) => {
      for (let i = 0; i < clients; i++) log(deps.io, deps.now(), `[${i + 1}] Starting ${LABEL}, expecting ${commas(msgs)} messages`);
      // natscli draws a bar per client
      const bars = await createMultiProgress(deps.io, { enabled: opts.progress !== false });
      const clientBars: ProgressBar[] = [];
      let total = 0;
      // natscli's figure is the server's rate: messages come straight from the socket chunks (framing reader)
      const framed = opts.viaClient ? undefined : await import("../../messaging/frame-reader.js");
      const runs = conns.map((nc, i) => {
        const bar = bars.bar({ label: clients > 1 ? `Receiving [${i + 1}]` : "Receiving", total: msgs });
        clientBars.push(bar);
        const s: ClientSample = { id: `S${i}`, msgs: 0, bytes: 0, startMs: 0, endMs: 0 };
        let finish!: () => void;
        const done = new Promise<void>((r) => { finish = r; });
        const got = (bytes: number) => {
          if (s.msgs >= msgs) return;
          if (s.msgs === 0) s.startMs = performance.now();
          s.msgs++;
          s.bytes += bytes;
          total++;
          if ((s.msgs & 0x3fff) === 0) bar.update(s.msgs);
          if (s.msgs >= msgs) {
            s.endMs = performance.now();
            finish();
          }
        };
        const routes = framed?.frameRoutes(nc);
        const sub = nc.subscribe(subject, {
          max: msgs,
          callback: (err, m) => {
            if (err) return;
            got(m.data.length);
            if (!routes) s.endMs = performance.now();
          },
        });
        // the clock is read once per socket chunk, not per message
        routes?.add(sub, { message: (m) => got(m.size), batchEnd: () => { if (s.msgs < msgs) s.endMs = performance.now(); } });
        return { nc, s, done };
      });
      await Promise.all(conns.map((nc) => nc.flush()));
      try {
        await Promise.race([Promise.all(runs.map((r) => r.done)), aborted(deps.signal)]);
      } finally {
        runs.forEach((r, i) => { clientBars[i]!.update(r.s.msgs); clientBars[i]!.done(); });
        bars.stop();
      }
      const samples = runs.map((r) => r.s).filter((s) => s.msgs > 0);
      if (samples.length === 0) {
        log(deps.io, deps.now(), "No messages were received");
        return;
      }
      if (deps.signal.aborted) log(deps.io, deps.now(), `Interrupted: reporting the ${commas(total)} messages received so far`);
      await report(deps, LABEL, samples, opts.csv);
    });
  });
}
