import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { commas, humanBytes } from "../../output/format.js";
import { deadlineIn, discoverServerCount, filterBody, gather, noResults } from "../../sys/gather.js";
import { CONN_STATES } from "./shared.js";
import { parseIntFlag } from "../../util/flags.js";

export interface ServerReportConnectionsOptions { account?: string; sort: string; top?: string; subject?: string; username?: string; state: string; json?: boolean; reverse?: boolean; cluster?: string; host?: string }

interface Conn {
  cid: number; name?: string; ip?: string; port?: number; account?: string; authorized_user?: string; uptime?: string; start?: string;
  in_msgs?: number; out_msgs?: number; in_bytes?: number; out_bytes?: number; subscriptions?: number; lang?: string; version?: string; rtt?: string;
}
interface Connz { num_connections?: number; total?: number; connections?: Conn[] }

const SORTS: Record<string, (c: Conn) => number> = {
  "in-msgs": (c) => c.in_msgs ?? 0, "out-msgs": (c) => c.out_msgs ?? 0, "in-bytes": (c) => c.in_bytes ?? 0, "out-bytes": (c) => c.out_bytes ?? 0,
  subs: (c) => c.subscriptions ?? 0, cid: (c) => c.cid, uptime: (c) => -Date.parse(c.start ?? ""),
};

/** `nats server report connections [LIMIT]`: the busiest connections across all servers (system account). */
export function serverReportConnectionsCommand(deps: Deps): Command {
  return new Command("connections").aliases(["conn", "connz", "conns"])
    .description("Report on connections")
    .argument("[limit]", "Limit the report to this many connections")
    .option("--account <account>", "Limit the report to a specific account")
    .option("--sort <key>", "Sort by in-msgs, out-msgs, in-bytes, out-bytes, subs, cid or uptime", "subs")
    .option("--top <n>", "Limit the report to the top N connections", "1000")
    .option("--subject <subject>", "Limits the report to connections with interest in a subject")
    .option("--username <user>", "Limits the report to connections for a specific user")
    .option("--state <state>", "Limits the report to connections in a specific state (open, closed, all)", "open")
    .option("--cluster <cluster>", "Limit the report to servers in this cluster")
    .option("--host <host>", "Limit the report to servers on this host")
    .option("-R, --reverse", "Reverse the sort order", false)
    .option("-j, --json", "Produce JSON output", false)
    .action(async (limitArg: string | undefined, opts: ServerReportConnectionsOptions, cmd: Command) => {
      const by = SORTS[opts.sort];
      if (!by) throw usageError(`invalid --sort "${opts.sort}"`, `use one of ${Object.keys(SORTS).join(", ")}`);
      const top = parseIntFlag(limitArg ?? opts.top ?? "1000", limitArg !== undefined ? "limit" : "--top", { min: 1 });
      if (!["open", "closed", "all"].includes(opts.state)) throw usageError(`invalid --state "${opts.state}"`, "use open, closed or all");
      await withConnection(deps, cmd, (nc, ctx) => serverReportConnections(deps, nc, ctx, top, opts));
    });
}

/** Reports the `top` connections of every answering server by the --sort key, and the connections per server. */
export async function serverReportConnections(deps: Deps, nc: NatsConnection, ctx: ConnCtx, top: number, opts: ServerReportConnectionsOptions): Promise<void> {
  const by = SORTS[opts.sort]!;
  const body = filterBody({ cluster: opts.cluster, host: opts.host }, {
    auth: true, limit: 10_000, state: CONN_STATES[opts.state], ...(opts.account ? { acc: opts.account } : {}), ...(opts.subject ? { filter_subject: opts.subject } : {}),
    ...(opts.username ? { user: opts.username } : {}),
  });
  const deadline = deadlineIn(ctx.plan.timeoutMs);
  const expect = await discoverServerCount(nc, deadline, filterBody({ cluster: opts.cluster, host: opts.host }));
  const r = await gather<Connz>(nc, "$SYS.REQ.SERVER.PING.CONNZ", { deadline, body, expect: () => expect, spinner: { io: deps.io, text: "Waiting for the servers to answer" } });
  if (r.replies.length === 0) throw noResults("$SYS.REQ.SERVER.PING.CONNZ", r);
  const all = r.replies.flatMap((rep) => (rep.data.connections ?? []).map((c) => ({ ...c, server: rep.server.name, cluster: rep.server.cluster ?? "" })));
  all.sort((a, b) => (opts.reverse ? by(a) - by(b) : by(b) - by(a)));
  const shown = all.slice(0, top);
  if (opts.json) {
    printJson(deps.io, shown);
    return;
  }
  printTable(deps.io, ["CID", "Name", "Server", "Cluster", "IP", "Account", "Uptime", "In Msgs", "Out Msgs", "In Bytes", "Out Bytes", "Subs"],
    shown.map((c) => [c.cid, c.name ?? "", c.server, c.cluster, c.ip ?? "", c.account ?? "", c.uptime ?? "", commas(c.in_msgs ?? 0), commas(c.out_msgs ?? 0),
      humanBytes(c.in_bytes ?? 0), humanBytes(c.out_bytes ?? 0), commas(c.subscriptions ?? 0)]),
    { title: `Top ${shown.length} Connections out of ${all.length} by ${opts.sort}` }, deps.env);
  deps.io.out.write("\n");
  printTable(deps.io, ["Server", "Cluster", "Connections"],
    r.replies.map((rep) => [rep.server.name, rep.server.cluster ?? "", commas(rep.data.num_connections ?? 0)]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    { title: "Connections per server" }, deps.env);
}
