import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamInfo } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { commas, humanBytes } from "../../output/format.js";
import { log } from "../../output/io.js";
import { allFlag } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { listStreams } from "../../jetstream/streams.js";
import { examplesText } from "../shared/examples.js";

/** One row of the report, also the --json shape. */
export interface StreamReportRow {
  stream: string;
  storage: string;
  placement: string;
  consumers: number;
  messages: number;
  bytes: number;
  lost: number;
  deleted: number;
  replicas: string[];
  leader?: string;
}

/** Replicas compacted as natscli: leader marked `*`, outdated or offline replicas marked `!`. */
export function reportRow(si: StreamInfo): StreamReportRow {
  const cl = si.cluster;
  const replicas: string[] = [];
  if (cl?.leader) replicas.push(`${cl.leader}*`);
  for (const r of cl?.replicas ?? []) replicas.push(`${r.name}${r.current && !r.offline ? "" : "!"}`);
  const p = si.config.placement;
  return {
    stream: si.config.name,
    storage: si.config.storage === "memory" ? "Memory" : "File",
    placement: [p?.cluster, ...(p?.tags ?? [])].filter(Boolean).join(", "),
    consumers: si.state.consumer_count,
    messages: si.state.messages,
    bytes: si.state.bytes,
    lost: (si.state as { lost?: { msgs?: number[] } }).lost?.msgs?.length ?? 0,
    deleted: si.state.num_deleted ?? 0,
    replicas: replicas.sort((a, b) => (b.endsWith("*") ? 1 : 0) - (a.endsWith("*") ? 1 : 0) || a.localeCompare(b)),
    leader: cl?.leader,
  };
}

export interface StreamReportOptions { subject?: string; cluster?: string; consumers?: boolean; messages?: boolean; name?: boolean; storage?: boolean; json?: boolean; all?: boolean }

/** `stream report`: one table of every stream with consumers, messages, bytes, replicas and leader. */
export function streamReportCommand(deps: Deps): Command {
  return new Command("report").description("Reports on Stream statistics")
    .option("--subject <subject>", "Limit the report to streams with matching subjects")
    .option("--cluster <name>", "Limit report to streams within a specific cluster")
    .option("-o, --consumers", "Sort by number of Consumers")
    .option("-m, --messages", "Sort by number of Messages")
    .option("-n, --name", "Sort by Stream name")
    .option("-t, --storage", "Sort by Storage type")
    .option("-j, --json", "Produce JSON output")
    .option("-a, --all", "Include system streams")
    .addHelpText("after", examplesText("nats stream report", "nats stream report --messages --subject 'orders.>'", "nats stream report --json"))
    .action(async (o: StreamReportOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamReport(deps, nc, ctx, { ...o, all: Boolean(o.all) || allFlag(c) }));
    });
}

/** Prints the report of every stream (or those of --subject/--cluster), sorted as asked. */
export async function streamReport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, o: StreamReportOptions): Promise<void> {
  if (!o.json) log(deps.io, deps.now(), "Obtaining Stream stats");
  const jsm = await manager(nc, ctx);
  let rows = (await listStreams(jsm, Boolean(o.all), o.subject)).filter((s) => !o.cluster || s.cluster?.name === o.cluster).map(reportRow);
  rows = rows.sort((a, b) => {
    if (o.name) return a.stream.localeCompare(b.stream);
    if (o.consumers) return a.consumers - b.consumers || a.stream.localeCompare(b.stream);
    if (o.messages) return a.messages - b.messages || a.stream.localeCompare(b.stream);
    if (o.storage) return a.storage.localeCompare(b.storage) || a.stream.localeCompare(b.stream);
    return a.bytes - b.bytes || a.stream.localeCompare(b.stream);
  });
  if (o.json) return printJson(deps.io, rows);
  if (rows.length === 0) {
    deps.io.out.write("No Streams defined\n");
    return;
  }
  printTable(deps.io, ["Stream", "Storage", "Placement", "Consumers", "Messages", "Bytes", "Lost", "Deleted", "Replicas"],
    rows.map((r) => [r.stream, r.storage, r.placement, commas(r.consumers), commas(r.messages), humanBytes(r.bytes), commas(r.lost), commas(r.deleted), r.replicas.join(", ")]),
    { title: "Stream Report" }, deps.env);
}
