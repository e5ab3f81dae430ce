import { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { durFlag, numFlag, runJsCheck, threshold, type CheckResult, type ClusterInfoLike, replicaProblems } from "./shared.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckJetStreamOptions {
  memWarn: string; memCritical: string; storeWarn: string; storeCritical: string; streamsWarn: string; streamsCritical: string;
  consumersWarn: string; consumersCritical: string; replicas: boolean; replicaSeenCritical: string; replicaLagCritical: string;
}

function pct(r: CheckResult, name: string, label: string, used: number, limit: number | undefined, warn?: number, crit?: number): void {
  r.metric({ name, value: used, unit: name === "memory" || name === "storage" ? "B" : undefined });
  // natscli always reports the *_pct figure, 0 when the account has no limit, so dashboards keep their series.
  const limited = limit !== undefined && limit > 0;
  const p = limited ? Math.floor((used / limit) * 100) : 0;
  r.metric({ name: `${name}_pct`, value: p, warning: warn, critical: crit, unit: "%" });
  if (limited) threshold(r, `${label} using`, p, warn, crit, "%");
}

/** The thresholds of `server check jetstream`, parsed. */
export interface ServerCheckJetStreamThresholds {
  memW?: number; memC?: number; stoW?: number; stoC?: number; strW?: number; strC?: number; conW?: number; conC?: number; seen?: number; lag?: number;
}

/** `server check jetstream`: the account's JetStream usage against limits, and the health of replicated streams. */
export function serverCheckJetStreamCommand(deps: Deps): Command {
  return new Command("jetstream").alias("js")
    .description("Checks JetStream usage and cluster health for the account")
    .option("--mem-warn <pct>", "Warning threshold for memory storage, in percent", "75")
    .option("--mem-critical <pct>", "Critical threshold for memory storage, in percent", "90")
    .option("--store-warn <pct>", "Warning threshold for disk storage, in percent", "75")
    .option("--store-critical <pct>", "Critical threshold for disk storage, in percent", "90")
    .option("--streams-warn <n>", "Warning threshold for number of streams used, in percent", "-1")
    .option("--streams-critical <n>", "Critical threshold for number of streams used, in percent", "-1")
    .option("--consumers-warn <n>", "Warning threshold for number of consumers used, in percent", "-1")
    .option("--consumers-critical <n>", "Critical threshold for number of consumers used, in percent", "-1")
    .option("--no-replicas", "Do not check the health of clustered stream replicas")
    .option("--replica-seen-critical <duration>", "Critical threshold for when a stream replica should have been seen", "5s")
    .option("--replica-lag-critical <ops>", "Critical threshold for how many operations behind a peer can be", "200")
    .addHelpText("after", examplesText("nats server check jetstream --store-warn 75 --store-critical 90", "nats server check js --streams-critical 1000 --no-replicas"))
    .action(async (o: ServerCheckJetStreamOptions, cmd: Command) => {
      // Parse every threshold before connecting: a typo is a usage error (exit 2), not a CRITICAL.
      const t = {
        memW: numFlag(o.memWarn, "--mem-warn"), memC: numFlag(o.memCritical, "--mem-critical"), stoW: numFlag(o.storeWarn, "--store-warn"),
        stoC: numFlag(o.storeCritical, "--store-critical"), strW: numFlag(o.streamsWarn, "--streams-warn"), strC: numFlag(o.streamsCritical, "--streams-critical"),
        conW: numFlag(o.consumersWarn, "--consumers-warn"), conC: numFlag(o.consumersCritical, "--consumers-critical"),
        seen: durFlag(o.replicaSeenCritical, "--replica-seen-critical"), lag: numFlag(o.replicaLagCritical, "--replica-lag-critical"),
      };
      await runJsCheck(deps, cmd, "jetstream", "JetStream", (r, jsm) => serverCheckJetStream(deps, r, jsm, o, t));
    });
}

/** Checks the account's JetStream usage against its limits and, unless --no-replicas, every replicated stream's health. */
export async function serverCheckJetStream(deps: Deps, r: CheckResult, jsm: JetStreamManager, o: ServerCheckJetStreamOptions, t: ServerCheckJetStreamThresholds): Promise<void> {
  const ai = await jsm.getAccountInfo();
  pct(r, "memory", "memory", ai.memory, ai.limits?.max_memory, t.memW, t.memC);
  pct(r, "storage", "storage", ai.storage, ai.limits?.max_storage, t.stoW, t.stoC);
  pct(r, "streams", "streams", ai.streams, ai.limits?.max_streams, t.strW, t.strC);
  pct(r, "consumers", "consumers", ai.consumers, ai.limits?.max_consumers, t.conW, t.conC);
  if (!o.replicas) return;
  const list: { name: string; replicas: number; cluster?: ClusterInfoLike }[] = [];
  for await (const si of jsm.streams.list()) list.push({ name: si.config.name, replicas: si.config.num_replicas ?? 1, cluster: si.cluster });
  const p = replicaProblems(list, t.seen, t.lag);
  r.metric({ name: "replicas_ok", value: p.ok }).metric({ name: "replicas_no_leader", value: p.noLeader.length })
    .metric({ name: "replicas_missing_replicas", value: p.missing.length }).metric({ name: "replicas_lagged", value: p.lagged.length })
    .metric({ name: "replicas_not_seen", value: p.notSeen.length });
  const fail = p.noLeader.length + p.missing.length + p.lagged.length + p.notSeen.length;
  r.metric({ name: "replicas_fail", value: fail });
  if (p.noLeader.length) r.crit(`streams without a leader: ${p.noLeader.join(", ")}`);
  if (p.missing.length) r.crit(`streams missing replicas: ${p.missing.join(", ")}`);
  if (p.lagged.length) r.crit(`streams with lagged replicas: ${p.lagged.join(", ")}`);
  if (p.notSeen.length) r.crit(`streams with replicas not seen recently: ${p.notSeen.join(", ")}`);
  if (!fail) r.ok(`${p.ok} replicated streams healthy`);
}
