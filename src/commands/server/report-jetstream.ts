import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas, humanBytes } from "../../output/format.js";
import { refuseWithArchive } from "../../sys/archive.js";
import { deadlineIn, discoverServerCount, filterBody, gather, noResults, type SysReply } from "../../sys/gather.js";
import { examplesText } from "../shared/examples.js";

export interface ServerReportJetStreamOptions { account?: string; sort: string; json?: boolean; reverse?: boolean; cluster?: string; host?: string; archive?: string }

interface Jsz {
  disabled?: boolean; streams?: number; consumers?: number; messages?: number; bytes?: number; memory?: number; storage?: number;
  api?: { total?: number; errors?: number };
  meta_cluster?: { name?: string; leader?: string; cluster_size?: number; replicas?: { name: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[] };
}

const SORTS: Record<string, (r: SysReply<Jsz>) => number | string> = {
  name: (r) => r.server.name, streams: (r) => r.data.streams ?? 0, consumers: (r) => r.data.consumers ?? 0, msgs: (r) => r.data.messages ?? 0,
  bytes: (r) => r.data.bytes ?? 0, mem: (r) => r.data.memory ?? 0, file: (r) => r.data.storage ?? 0, api: (r) => r.data.api?.total ?? 0, err: (r) => r.data.api?.errors ?? 0,
};

/** `nats server report jetstream`: JetStream usage per server and the meta group (system account). */
export function serverReportJetStreamCommand(deps: Deps): Command {
  return new Command("jetstream").aliases(["jsz", "js"])
    .description("Report on JetStream activity")
    .option("--account <account>", "Produce the report for a specific account")
    .option("--sort <key>", "Sort by name, streams, consumers, msgs, bytes, mem, file, api or err", "name")
    .option("--cluster <cluster>", "Limit the report to servers in this cluster")
    .option("--host <host>", "Limit the report to servers on this host")
    .option("-R, --reverse", "Reverse the sort order", false)
    .option("-j, --json", "Produce JSON output", false)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", examplesText("nats server report jetstream --context sys", "nats server report jetstream --account APP --sort streams", "nats server report jsz --cluster east --json"))
    .action(async (opts: ServerReportJetStreamOptions, cmd: Command) => {
      const by = SORTS[opts.sort];
      if (!by) throw usageError(`invalid --sort "${opts.sort}"`, `use one of ${Object.keys(SORTS).join(", ")}`);
      if (opts.archive) {
        refuseWithArchive({ "--account": opts.account });
        const { AuditArchive } = await import("../../sys/archive.js");
        const a = await AuditArchive.open(opts.archive);
        renderJetStreamReport(deps, a.ping<Jsz>("JSZ", { cluster: opts.cluster, host: opts.host }), opts);
        return;
      }
      await withConnection(deps, cmd, (nc, ctx) => serverReportJetStream(deps, nc, ctx, opts));
    });
}

/** Reports JetStream usage per server and the meta group's RAFT state. */
export async function serverReportJetStream(deps: Deps, nc: NatsConnection, ctx: ConnCtx, opts: ServerReportJetStreamOptions): Promise<void> {
  const body = filterBody({ cluster: opts.cluster, host: opts.host }, opts.account ? { account: opts.account, accounts: true } : {});
  const deadline = deadlineIn(ctx.plan.timeoutMs);
  const expect = await discoverServerCount(nc, deadline, filterBody({ cluster: opts.cluster, host: opts.host }));
  const r = await gather<Jsz>(nc, "$SYS.REQ.SERVER.PING.JSZ", { deadline, body, expect: () => expect, spinner: { io: deps.io, text: "Waiting for the servers to answer" } });
  if (r.replies.length === 0) throw noResults("$SYS.REQ.SERVER.PING.JSZ", r);
  renderJetStreamReport(deps, r.replies, opts);
}

/** Prints the per-server JetStream table and the meta group (or the replies as JSON). */
function renderJetStreamReport(deps: Deps, replies: SysReply<Jsz>[], opts: ServerReportJetStreamOptions): void {
  const by = SORTS[opts.sort]!;
  const rows = [...replies].sort((a, b) => {
    const x = by(a), y = by(b);
    const c = typeof x === "string" ? x.localeCompare(String(y)) : (y as number) - x;
    return opts.reverse ? -c : c;
  });
  if (opts.json) {
    printJson(deps.io, rows.map((x) => ({ server: x.server, data: x.data })));
    return;
  }
  const sum = (f: (j: Jsz) => number) => rows.reduce((a, x) => a + f(x.data), 0);
  printTable(deps.io, ["Server", "Cluster", "Streams", "Consumers", "Messages", "Bytes", "Memory", "File", "API Req", "API Err"],
    rows.map((x) => [x.server.name + (x.data.meta_cluster?.leader === x.server.name ? "*" : ""), x.server.cluster ?? "", commas(x.data.streams ?? 0), commas(x.data.consumers ?? 0),
      commas(x.data.messages ?? 0), humanBytes(x.data.bytes ?? 0), humanBytes(x.data.memory ?? 0), humanBytes(x.data.storage ?? 0), commas(x.data.api?.total ?? 0), commas(x.data.api?.errors ?? 0)]),
    { title: "JetStream Summary", footer: ["", "", commas(sum((j) => j.streams ?? 0)), commas(sum((j) => j.consumers ?? 0)), commas(sum((j) => j.messages ?? 0)),
      humanBytes(sum((j) => j.bytes ?? 0)), humanBytes(sum((j) => j.memory ?? 0)), humanBytes(sum((j) => j.storage ?? 0)), commas(sum((j) => j.api?.total ?? 0)), commas(sum((j) => j.api?.errors ?? 0))] },
    deps.env);
  const leader = rows.find((x) => x.data.meta_cluster?.leader === x.server.name);
  const meta = leader?.data.meta_cluster;
  if (meta) {
    deps.io.out.write("\n");
    const peers = [{ name: leader!.server.name, current: true, offline: false, active: 0, lag: 0, leader: true }, ...(meta.replicas ?? []).map((p) => ({ ...p, leader: false }))];
    printTable(deps.io, ["Name", "Leader", "Current", "Online", "Active", "Lag"],
      peers.sort((a, b) => a.name.localeCompare(b.name)).map((p) => [p.name, p.leader ? "yes" : "", p.current ? "true" : "false", p.offline ? "false" : "true",
        p.leader ? "" : humanDuration((p.active ?? 0) / 1e6), commas(p.lag ?? 0)]),
      { title: "RAFT Meta Group Information" }, deps.env);
  } else if (rows.some((x) => x.data.meta_cluster)) {
    deps.io.out.write("\nNo meta group leader was seen among the answering servers\n");
  }
}
