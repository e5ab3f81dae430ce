import { Command, Option } from "commander";
import { commas, humanBytes, humanDuration } from "../../output/format.js";
import type { Deps } from "../../deps.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import type { ServerIdentity } from "../../sys/gather.js";
import { addFilterOptions, compareBy, parseLimit, withSys, reverseFlag, shortAccount, watching } from "./shared/sys.js";

export interface ServerReportRoutesOptions { sort: string; json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

interface Route { rid?: number; remote_name?: string; account?: string; ip?: string; port?: number; start?: string; rtt?: string; subscriptions?: number; in_bytes?: number; out_bytes?: number }
type Row = { server: ServerIdentity; route: Route };

const SORTS: Record<string, (r: Row) => string | number> = {
  server: (r) => r.server.name, cluster: (r) => r.server.cluster ?? "", name: (r) => r.route.remote_name ?? "", account: (r) => r.route.account ?? "",
  subs: (r) => r.route.subscriptions ?? 0, "in-bytes": (r) => r.route.in_bytes ?? 0, "out-bytes": (r) => r.route.out_bytes ?? 0,
};

/** Route connections of every server (ROUTEZ) as natscli's Cluster Report; returns the rows. */
export async function serverReportRoutes(deps: Deps, cmd: Command, limit: number | undefined, o: ServerReportRoutesOptions): Promise<Row[]> {
  return withSys(deps, cmd, o.archive, async (ping) => {
    const replies = await ping<{ routes?: Route[] }>("ROUTEZ", o, {}, limit);
    const rows: Row[] = replies.flatMap((r) => (r.data.routes ?? []).map((route) => ({ server: r.server, route })));
    // the key first, then a stable order by server, cluster, remote and account (natscli)
    const tie = [SORTS.server!, SORTS.cluster!, SORTS.name!, SORTS.account!].map((k) => compareBy(k));
    const main = compareBy(SORTS[o.sort] ?? SORTS.server!);
    rows.sort((a, b) => { const c = main(a, b) || tie.reduce((acc, f) => acc || f(a, b), 0); return reverseFlag(cmd) ? -c : c; });
    if (o.json) { printJson(deps.io, rows); return rows; }
    let lastServer = "", lastCluster = "", lastRemote = "";
    let subs = 0, bin = 0, bout = 0;
    const cells = rows.map(({ server, route: r }) => {
      const sname = server.name === lastServer ? "" : server.name;
      if (sname) { lastRemote = ""; lastCluster = ""; }
      lastServer = server.name;
      const cname = server.cluster === lastCluster ? "" : server.cluster ?? "";
      lastCluster = server.cluster ?? "";
      const rname = r.remote_name === lastRemote ? "" : r.remote_name ?? "";
      lastRemote = r.remote_name ?? "";
      subs += r.subscriptions ?? 0; bin += r.in_bytes ?? 0; bout += r.out_bytes ?? 0;
      const up = r.start && server.time ? humanDuration(Math.max(0, Date.parse(server.time) - Date.parse(r.start))) : "";
      return [sname, cname, rname, shortAccount(r.account), `${r.ip}:${r.port}`, `rid:${r.rid}`, up, r.rtt ?? "", commas(r.subscriptions ?? 0), humanBytes(r.in_bytes ?? 0), humanBytes(r.out_bytes ?? 0)];
    });
    printTable(deps.io, ["Server", "Cluster", "Name", "Account", "Address", "ID", "Uptime", "RTT", "Subs", "Bytes In", "Bytes Out"], cells, {
      title: "Cluster Report",
      footer: [commas(new Set(rows.map((r) => r.server.name)).size), commas(new Set(rows.map((r) => r.server.cluster)).size), "", "", commas(rows.length), "", "", "", commas(subs), humanBytes(bin), humanBytes(bout)],
    }, deps.env);
    return rows;
  });
}

/** `nats server report routes [LIMIT]`: route (cluster) connections per server (system account). */
export function serverReportRoutesCommand(deps: Deps): Command {
  return addFilterOptions(new Command("routes").alias("route")
    .description("Report on Route (Cluster) connections")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .addOption(new Option("--sort <key>", "Sort by a specific property").choices(Object.keys(SORTS)).default("server")))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report routes --sort out-bytes -R\n")
    .action(async (limit: string | undefined, o: ServerReportRoutesOptions, cmd: Command) => { await watching(deps, cmd, () => serverReportRoutes(deps, cmd, parseLimit(limit), o)); });
}
