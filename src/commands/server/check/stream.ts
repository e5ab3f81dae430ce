import { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { replicaProblems, durFlag, numFlag, runJsCheck, threshold, type CheckResult } from "./shared.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckStreamOptions {
  stream?: string; lagCritical?: string; seenCritical?: string; minSources?: string; maxSources?: string; peerExpect?: string;
  msgsWarn?: string; msgsCritical?: string; subjectsWarn?: string; subjectsCritical?: string;
}

/** The thresholds of `server check stream`, parsed. */
export interface ServerCheckStreamThresholds { mw?: number; mc?: number; sw?: number; sc?: number; min?: number; max?: number; peerExpect?: number; seen?: number; lag?: number }

/** `server check stream --stream S`: messages, subjects, sources and replica health of one stream. */
export function serverCheckStreamCommand(deps: Deps): Command {
  return new Command("stream")
    .description("Checks the health of a stream")
    .option("--stream <name>", "The stream to check")
    .option("--lag-critical <ops>", "Critical threshold for how far behind a replica may be")
    .option("--seen-critical <duration>", "Critical threshold for how long ago a replica should have been seen")
    .option("--min-sources <n>", "Minimum number of sources to expect")
    .option("--max-sources <n>", "Maximum number of sources to expect")
    .option("--peer-expect <n>", "Number of cluster replicas to expect")
    .option("--msgs-warn <n>", "Warn if there are fewer (or, when critical is higher, more) than this many messages")
    .option("--msgs-critical <n>", "Critical if there are fewer (or more) than this many messages")
    .option("--subjects-warn <n>", "Warn on this many subjects in the stream")
    .option("--subjects-critical <n>", "Critical on this many subjects in the stream")
    .addHelpText("after", examplesText("nats server check stream --stream ORDERS --peer-expect 3 --lag-critical 100", "nats server check stream --stream ORDERS --msgs-warn 10 --msgs-critical 1"))
    .action(async (o: ServerCheckStreamOptions, cmd: Command) => {
      if (!o.stream) throw usageError("server check stream needs --stream NAME");
      // Parse every threshold before connecting: a typo is a usage error (exit 2), not a CRITICAL.
      const mw = numFlag(o.msgsWarn, "--msgs-warn"), mc = numFlag(o.msgsCritical, "--msgs-critical");
      const sw = numFlag(o.subjectsWarn, "--subjects-warn"), sc = numFlag(o.subjectsCritical, "--subjects-critical");
      const min = numFlag(o.minSources, "--min-sources"), max = numFlag(o.maxSources, "--max-sources");
      const peerExpect = numFlag(o.peerExpect, "--peer-expect");
      const seen = durFlag(o.seenCritical, "--seen-critical"), lag = numFlag(o.lagCritical, "--lag-critical");
      await runJsCheck(deps, cmd, "stream", o.stream, (r, jsm) => serverCheckStream(deps, r, jsm, o, { mw, mc, sw, sc, min, max, peerExpect, seen, lag }));
    });
}

/** Checks the stream's messages, subjects, sources and replicas against the thresholds. */
export async function serverCheckStream(deps: Deps, r: CheckResult, jsm: JetStreamManager, o: ServerCheckStreamOptions, t: ServerCheckStreamThresholds): Promise<void> {
  const si = await jsm.streams.info(o.stream!);
  const msgs = si.state.messages;
  r.metric({ name: "messages", value: msgs, warning: t.mw, critical: t.mc });
  if (t.mw !== undefined || t.mc !== undefined) threshold(r, "messages", msgs, t.mw, t.mc);
  const subjects = si.state.num_subjects ?? 0;
  r.metric({ name: "subjects", value: subjects, warning: t.sw, critical: t.sc });
  if (t.sw !== undefined || t.sc !== undefined) threshold(r, "subjects", subjects, t.sw, t.sc);
  const sources = (si.sources?.length ?? 0) + (si.mirror ? 1 : 0);
  r.metric({ name: "sources", value: sources });
  if (t.min !== undefined && sources < t.min) r.crit(`${sources} sources, expected at least ${t.min}`);
  else if (t.max !== undefined && sources > t.max) r.crit(`${sources} sources, expected at most ${t.max}`);
  else r.ok(`${sources} sources`);
  const replicas = si.config.num_replicas ?? 1;
  if (t.peerExpect !== undefined) {
    const peers = si.cluster ? (si.cluster.replicas?.length ?? 0) + 1 : 1;
    r.metric({ name: "peers", value: peers });
    if (peers !== t.peerExpect) r.crit(`${peers} peers, expected ${t.peerExpect}`);
    else r.ok(`${peers} peers`);
  }
  const p = replicaProblems([{ name: o.stream!, replicas, cluster: si.cluster }], t.seen, t.lag);
  if (p.noLeader.length) r.crit("no cluster leader");
  if (p.missing.length) r.crit("replicas missing or offline");
  if (p.lagged.length) r.crit(`a replica is ${o.lagCritical} or more operations behind`);
  if (p.notSeen.length) r.crit(`a replica was not t.seen within ${o.seenCritical}`);
}
