import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas } from "../../output/format.js";
import { fromNanos } from "../../jetstream/wire.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { listConsumers } from "./shared.js";

export interface ConsumerReportOptions { json?: boolean; all?: boolean }

/** `consumer report [STREAM]`: one row per consumer with mode, ack state and replicas. */
export function consumerReportCommand(deps: Deps): Command {
  return new Command("report").description("Reports on Consumer statistics").argument("[stream]", "Stream name")
    .option("-j, --json", "Produce JSON output")
    .action(async (stream: string | undefined, o: ConsumerReportOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerReport(deps, nc, ctx, stream, { ...o, all: allFlag(c) }));
    });
}

/** Prints the report of the stream's consumers: mode, ack policy, pending, redelivered and replicas. */
export async function consumerReport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, o: ConsumerReportOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  const list = await listConsumers(jsm, s);
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
      replicas,
    };
  });
  if (o.json) return printJson(deps.io, rows);
  if (!rows.length) {
    deps.io.out.write(`No Consumers defined for Stream ${s}\n`);
    return;
  }
  printTable(deps.io, ["Consumer", "Mode", "Ack Policy", "Ack Wait", "Ack Pending", "Redelivered", "Unprocessed", "Ack Floor", "Cluster"],
    rows.map((r) => [r.consumer, r.mode, r.ack_policy, r.ack_policy === "none" ? "" : humanDuration(fromNanos(r.ack_wait)), commas(r.ack_pending), commas(r.redelivered), commas(r.unprocessed), commas(r.ack_floor), r.replicas.join(", ")]),
    { title: `Consumer report for ${s} with ${rows.length} consumers` }, deps.env);
}
