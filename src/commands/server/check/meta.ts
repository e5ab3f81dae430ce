import { Command } from "commander";
import { humanDuration } from "../../../output/format.js";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { usageError } from "../../../errors.js";
import { deadlineIn, gather, noResults } from "../../../sys/gather.js";
import { durFlag, numFlag, runCheck, type CheckResult } from "./shared.js";

export interface ServerCheckMetaOptions { expect?: string; lagCritical?: string; seenCritical?: string }

interface Meta { leader?: string; replicas?: { name: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[] }

/** The JetStream meta group as the meta leader reports it (JSZ leader_only), checked as jsm.go's monitor does. */
export async function serverCheckMeta(deps: Deps, cmd: Command, t: { expect: number; lag: number; seenMs: number }, r: CheckResult): Promise<void> {
  await withConnection(deps, cmd, async (nc, ctx) => {
    const subject = "$SYS.REQ.SERVER.PING.JSZ";
    const g = await gather<{ meta_cluster?: Meta }>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1, body: { leader_only: true } });
    if (!g.replies.length) throw noResults(subject, g);
    const ci = g.replies[0]!.data.meta_cluster;
    if (!ci) { r.crit("no cluster information"); return; }
    if (!ci.leader) { r.crit("No leader"); return; }
    const replicas = ci.replicas ?? [];
    const peers = replicas.length + 1;
    r.metric({ name: "peers", value: peers, warning: t.expect, critical: t.expect });
    if (t.expect > 0 && peers !== t.expect) r.crit(`${peers} peers of expected ${t.expect}`);
    // Go durations in JSZ are nanoseconds
    const notCurrent = replicas.filter((p) => !p.current).length;
    const offline = replicas.filter((p) => p.offline).length;
    const inactive = t.seenMs > 0 ? replicas.filter((p) => (p.active ?? 0) / 1e6 > t.seenMs).length : 0;
    const lagged = t.lag > 0 ? replicas.filter((p) => (p.lag ?? 0) > t.lag).length : 0;
    r.metric({ name: "peer_offline", value: offline }).metric({ name: "peer_not_current", value: notCurrent })
      .metric({ name: "peer_inactive", value: inactive }).metric({ name: "peer_lagged", value: lagged });
    if (notCurrent) r.crit(`${notCurrent} not current`);
    if (inactive) r.crit(`${inactive} inactive more than ${humanDuration(t.seenMs)}`);
    if (offline) r.crit(`${offline} offline`);
    if (lagged) r.crit(`${lagged} lagged more than ${t.lag} ops`);
    if (!r.criticals.length && !r.warnings.length) r.ok(`${peers} peers led by ${ci.leader}`);
  });
}

/** `server check meta --expect N --lag-critical OPS --seen-critical DUR`: the JetStream meta cluster's health. */
export function serverCheckMetaCommand(deps: Deps): Command {
  return new Command("meta").alias("raft")
    .description("Check JetStream cluster state (system account)")
    .option("--expect <servers>", "Number of servers to expect")
    .option("--lag-critical <ops>", "Critical threshold to allow for lag")
    .option("--seen-critical <duration>", "Critical threshold for how long ago a peer should have been seen")
    .addHelpText("after", "\nExamples:\n  nats server check meta --expect 3 --lag-critical 100 --seen-critical 10s\n")
    .action(async (o: ServerCheckMetaOptions, cmd: Command) => {
      // natscli requires all three
      for (const [v, f] of [[o.expect, "--expect"], [o.lagCritical, "--lag-critical"], [o.seenCritical, "--seen-critical"]] as const) {
        if (v === undefined) throw usageError(`server check meta needs ${f}`, "pass --expect SERVERS --lag-critical OPS --seen-critical DURATION");
      }
      const t = { expect: numFlag(o.expect, "--expect") ?? 0, lag: numFlag(o.lagCritical, "--lag-critical") ?? 0, seenMs: durFlag(o.seenCritical, "--seen-critical") ?? 0 };
      await runCheck(deps, cmd, "meta", "JetStream Meta Cluster", (r) => serverCheckMeta(deps, cmd, t, r));
    });
}
