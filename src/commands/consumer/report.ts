import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas } from "../../output/format.js";
import { goDuration } from "../../output/message.js";
import { fromNanos } from "../../jetstream/wire.js";
import { raftLeaderRows, renderCluster, type RaftLeader } from "../../jetstream/cluster.js";
import { ackPolicyText } from "../../jetstream/consumer-info.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { listConsumers } from "./shared.js";

export interface ConsumerReportOptions { json?: boolean; raw?: boolean; leaders?: boolean; all?: boolean }

/** `consumer report [STREAM]`: one row per consumer with mode, ack state, API level and replicas. */
export function consumerReportCommand(deps: Deps): Command {
  return new Command("report").description("Reports on Consumer statistics").argument("[stream]", "Stream name")
    .option("-r, --raw", "Show un-formatted numbers")
    .option("-l, --leaders", "Show details about the leaders")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats consumer report ORDERS\n  nats consumer report ORDERS --leaders   # and how many consumers each server leads\n")
    .action(async (stream: string | undefined, o: ConsumerReportOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerReport(deps, nc, ctx, stream, { ...o, all: allFlag(c) }));
    });
}

/** Prints natscli's report of the stream's consumers: mode, ack policy, pending, redelivered, API level and replicas. */
export async function consumerReport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, o: ConsumerReportOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  const [si, list] = await Promise.all([jsm.streams.info(s), listConsumers(jsm, s)]);
  const rows = list.map((ci) => {
    const cl = ci.cluster;
    const replicas = cl ? [`${cl.leader ?? "?"}*`, ...(cl.replicas ?? []).map((r) => `${r.name}${r.current && !r.offline ? "" : "!"}`)] : [];
    return {
      consumer: ci.name,
      mode: ci.config.deliver_subject ? "Push" : "Pull",
      ack_policy: ci.config.ack_policy,
      ack_wait: ci.config.ack_wait,
      ack_pending: ci.num_ack_pending,
      redelivered: ci.num_redelivered,
      unprocessed: ci.num_pending,
      ack_floor: ci.ack_floor.stream_seq,
      api_level: Number((ci.config.metadata as Record<string, string> | undefined)?.["_nats.req.level"] ?? 0),
      replicas,
      ci,
    };
  });
  if (o.json) return printJson(deps.io, rows.map(({ ci: _ci, ...r }) => r));
  if (!rows.length) {
    deps.io.out.write(`No Consumers defined for Stream ${s}\n`);
    return;
  }
  const msgs = si.state.messages;
  printTable(deps.io, ["Consumer", "Mode", "Ack Policy", "Ack Wait", "Ack Pending", "Redelivered", "Unprocessed", "Ack Floor", "API Level", "Cluster"],
    rows.map((r) => {
      // natscli: the unprocessed count with its share of the stream's messages
      const unprocessed = o.raw ? r.unprocessed : r.unprocessed > 0 ? `${commas(r.unprocessed)} / ${Math.min(100, Math.floor((r.unprocessed / Math.max(1, msgs)) * 100))}%` : "0";
      const wait = o.raw ? goDuration(fromNanos(r.ack_wait)) : humanDuration(fromNanos(r.ack_wait));
      const n = (v: number) => (o.raw ? v : commas(v));
      return [r.consumer, r.mode, ackPolicyText(r.ack_policy), wait, n(r.ack_pending), n(r.redelivered), unprocessed, n(r.ack_floor), r.api_level, renderCluster(r.ci.cluster)];
    }),
    { title: `Consumer report for ${s} with ${commas(si.state.consumer_count)} consumers` }, deps.env);
  if (o.leaders) {
    const leaders = new Map<string, RaftLeader>();
    for (const { ci } of rows) {
      const leader = ci.cluster?.leader;
      if (!leader) continue;
      const l = leaders.get(leader) ?? { name: leader, cluster: ci.cluster?.name ?? "", groups: 0 };
      l.groups++;
      leaders.set(leader, l);
    }
    if (leaders.size) printTable(deps.io, ["Server", "Cluster", "Consumers", "Distribution"], raftLeaderRows(leaders.values()), { title: "RAFT Leader Report" }, deps.env);
  }
}
