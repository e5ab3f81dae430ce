import { Command, Option } from "commander";
import { commas, humanBytes } from "../../output/format.js";
import type { Deps } from "../../deps.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import type { SysReply } from "../../sys/gather.js";
import { refuseWithArchive } from "../../sys/archive.js";
import { addFilterOptions, compareBy, parseLimit, withSys, reverseFlag, watching } from "./shared/sys.js";

export interface ServerReportGatewaysOptions { sort: string; filterName?: string; json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

interface GwConn { connection?: { cid?: number; ip?: string; port?: number; uptime?: string; rtt?: string; in_bytes?: number; out_bytes?: number }; accounts?: unknown[] }
interface Gatewayz { name?: string; port?: number; outbound_gateways?: Record<string, GwConn>; inbound_gateways?: Record<string, GwConn[]> }

/** Gateway (super cluster) connections per server (GATEWAYZ) as natscli's Super Cluster Report. */
export async function serverReportGateways(deps: Deps, cmd: Command, limit: number | undefined, o: ServerReportGatewaysOptions): Promise<SysReply<Gatewayz>[]> {
  if (o.archive) refuseWithArchive({ "--filter-name": o.filterName });
  return withSys(deps, cmd, o.archive, async (ping) => {
    const replies = await ping<Gatewayz>("GATEWAYZ", o, { accounts: true, ...(o.filterName ? { name: o.filterName } : {}) }, limit);
    const byServer = compareBy<SysReply<Gatewayz>>((g) => g.server.name), byCluster = compareBy<SysReply<Gatewayz>>((g) => g.server.cluster ?? "");
    replies.sort((a, b) => { const c = o.sort === "cluster" ? byCluster(a, b) || byServer(a, b) : byServer(a, b) || byCluster(a, b); return reverseFlag(cmd) ? -c : c; });
    if (o.json) { printJson(deps.io, replies.map((g) => ({ server: g.server, data: g.data }))); return replies; }
    const rows: (string | number)[][] = [];
    let total = 0, bytes = 0;
    for (const g of replies) {
      rows.push([g.server.name, g.server.cluster ?? "", g.data.port ?? "", "", "", "", "", "", "", ""]);
      let last = "";
      const add = (dir: string, name: string, c: GwConn, b: number) => {
        total++; bytes += b;
        rows.push(["", "", "", dir === last ? "" : dir, `${name} ${c.connection?.ip}:${c.connection?.port}`, `gid:${c.connection?.cid}`, c.connection?.uptime ?? "", c.connection?.rtt ?? "", humanBytes(b), commas(c.accounts?.length ?? 0)]);
        last = dir;
      };
      for (const [name, conns] of Object.entries(g.data.inbound_gateways ?? {})) for (const c of conns) add("Inbound", name, c, c.connection?.in_bytes ?? 0);
      for (const [name, c] of Object.entries(g.data.outbound_gateways ?? {})) add("Outbound", name, c, c.connection?.out_bytes ?? 0);
    }
    printTable(deps.io, ["Server", "Name", "Port", "Kind", "Connection", "ID", "Uptime", "RTT", "Bytes", "Accounts"], rows, {
      title: "Super Cluster Report",
      footer: [commas(replies.length), commas(new Set(replies.map((g) => g.server.cluster)).size), "", "", commas(total), "", "", "", humanBytes(bytes), ""],
    }, deps.env);
    return replies;
  });
}

/** `nats server report gateways [LIMIT]`: gateway connections of every server (system account). */
export function serverReportGatewaysCommand(deps: Deps): Command {
  return addFilterOptions(new Command("gateways").aliases(["super", "gateway"])
    .description("Report on Gateway (Super Cluster) connections")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .option("--filter-name <name>", "Limits responses to a certain name")
    .addOption(new Option("--sort <key>", "Sorts by a specific property").choices(["server", "cluster"]).default("cluster")))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report gateways --filter-name east\n")
    .action(async (limit: string | undefined, o: ServerReportGatewaysOptions, cmd: Command) => { await watching(deps, cmd, () => serverReportGateways(deps, cmd, parseLimit(limit), o)); });
}
