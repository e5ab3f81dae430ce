import { Command } from "commander";
import { createInbox } from "../../../nats-client.js";
import { performance } from "node:perf_hooks";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import type { OptionSource } from "../../../context/plan.js";
import { measureRtt } from "../../../sys/rtt.js";
import { durFlag, runCheck, type CheckResult } from "./shared.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckConnectionOptions { connectWarn: string; connectCritical: string; rttWarn: string; rttCritical: string; reqWarn: string; reqCritical: string }

function timed(r: CheckResult, name: string, what: string, ms: number, warn?: number, crit?: number): void {
  const s = (n: number) => n / 1000;
  r.metric({ name, value: s(ms), warning: warn === undefined ? undefined : s(warn), critical: crit === undefined ? undefined : s(crit), unit: "s" });
  const text = `${what} ${s(ms).toFixed(4)}s`;
  if (crit !== undefined && ms >= crit) r.crit(`${text} >= ${s(crit)}s`);
  else if (warn !== undefined && ms >= warn) r.warn(`${text} >= ${s(warn)}s`);
  else r.ok(text);
}

/** The thresholds of `server check connection`, parsed. */
export interface ServerCheckConnectionThresholds { cw?: number; cc?: number; rw?: number; rc?: number; qw?: number; qc?: number }

/** `server check connection`: connect time, RTT and a request round trip against warn/critical thresholds. */
export function serverCheckConnectionCommand(deps: Deps): Command {
  return new Command("connection").alias("conn")
    .description("Checks basic server connection")
    .option("--connect-warn <duration>", "Warning threshold to allow for establishing connections", "500ms")
    .option("--connect-critical <duration>", "Critical threshold to allow for establishing connections", "1s")
    .option("--rtt-warn <duration>", "Warning threshold to allow for server RTT", "500ms")
    .option("--rtt-critical <duration>", "Critical threshold to allow for server RTT", "1s")
    .option("--req-warn <duration>", "Warning threshold to allow for full round trip test", "500ms")
    .option("--req-critical <duration>", "Critical threshold to allow for full round trip test", "1s")
    .addHelpText("after", examplesText("nats server check connection --connect-warn 500ms --rtt-critical 1s", "nats server check conn -s nats://nats1.example.net:4222 --req-critical 2s"))
    .action(async (o: ServerCheckConnectionOptions, cmd: Command) => {
      const th = {
        cw: durFlag(o.connectWarn, "--connect-warn"), cc: durFlag(o.connectCritical, "--connect-critical"), rw: durFlag(o.rttWarn, "--rtt-warn"),
        rc: durFlag(o.rttCritical, "--rtt-critical"), qw: durFlag(o.reqWarn, "--req-warn"), qc: durFlag(o.reqCritical, "--req-critical"),
      };
      await runCheck(deps, cmd, "connections", "Connection", (r) => serverCheckConnection(deps, r, cmd, th));
    });
}

/** Checks the connect time, the RTT and a request round trip to our own responder against the thresholds. */
export async function serverCheckConnection(deps: Deps, r: CheckResult, source: OptionSource, th: ServerCheckConnectionThresholds): Promise<void> {
  const t0 = performance.now();
  await withConnection(deps, source, async (nc, ctx) => {
    timed(r, "connect_time", `connected to ${nc.getServer()} in`, performance.now() - t0, th.cw, th.cc);
    timed(r, "rtt", "rtt time", await measureRtt(nc, 1, ctx.plan.timeoutMs), th.rw, th.rc);
    // A request to our own responder proves publish, subscribe and routing all work.
    const subject = createInbox();
    const sub = nc.subscribe(subject, { max: 1, callback: (_e, m) => { try { m.respond(m.data); } catch { /* reply lost: the request times out */ } } });
    await nc.flush();
    const t1 = performance.now();
    await nc.request(subject, "ping", { timeout: ctx.plan.timeoutMs });
    timed(r, "request_time", "round trip took", performance.now() - t1, th.qw, th.qc);
    sub.unsubscribe();
  });
}
