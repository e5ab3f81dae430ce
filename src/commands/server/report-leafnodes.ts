import { Command, Option } from "commander";
import { commas, humanBytes } from "../../output/format.js";
import type { Deps } from "../../deps.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import type { ServerIdentity } from "../../sys/gather.js";
import { refuseWithArchive } from "../../sys/archive.js";
import { addFilterOptions, compareBy, parseLimit, withSys, reverseFlag, shortAccount, watching } from "./shared/sys.js";

export interface ServerReportLeafnodesOptions { sort: string; account?: string; json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

interface Leaf { name?: string; account?: string; ip?: string; port?: number; rtt?: string; in_msgs?: number; out_msgs?: number; in_bytes?: number; out_bytes?: number; subscriptions?: number; compression?: string; spoke?: boolean }
type Row = { server: ServerIdentity; leaf: Leaf };

const SORTS: Record<string, (r: Row) => string | number> = {
  server: (r) => r.server.name, name: (r) => r.leaf.name ?? "", account: (r) => r.leaf.account ?? "", subs: (r) => r.leaf.subscriptions ?? 0,
  "in-bytes": (r) => r.leaf.in_bytes ?? 0, "out-bytes": (r) => r.leaf.out_bytes ?? 0, "in-msgs": (r) => r.leaf.in_msgs ?? 0, "out-msgs": (r) => r.leaf.out_msgs ?? 0,
};

/** Leafnode connections of every server (LEAFZ) as natscli's Leafnode Report. */
export async function serverReportLeafnodes(deps: Deps, cmd: Command, limit: number | undefined, o: ServerReportLeafnodesOptions): Promise<Row[]> {
  if (o.archive) refuseWithArchive({ "--account": o.account });
  return withSys(deps, cmd, o.archive, async (ping) => {
    const replies = await ping<{ leafs?: Leaf[] }>("LEAFZ", o, o.account ? { account: o.account } : {}, limit);
    const rows: Row[] = replies.flatMap((r) => (r.data.leafs ?? []).map((leaf) => ({ server: r.server, leaf })));
    rows.sort(compareBy(SORTS[o.sort] ?? SORTS.server!, reverseFlag(cmd)));
    if (o.json) { printJson(deps.io, rows); return rows; }
    printTable(deps.io, ["Server", "Name", "Account", "Address", "RTT", "Msgs In", "Msgs Out", "Bytes In", "Bytes Out", "Subs", "Compressed", "Spoke"],
      rows.map(({ server, leaf: l }) => [server.name, l.name ?? "", shortAccount(l.account), `${l.ip}:${l.port}`, l.rtt ?? "", commas(l.in_msgs ?? 0), commas(l.out_msgs ?? 0),
        humanBytes(l.in_bytes ?? 0), humanBytes(l.out_bytes ?? 0), commas(l.subscriptions ?? 0), l.compression ?? "off", l.spoke ? "true" : "false"]),
      { title: "Leafnode Report" }, deps.env);
    return rows;
  });
}

/** `nats server report leafnodes [LIMIT]`: leafnode connections of every server (system account). */
export function serverReportLeafnodesCommand(deps: Deps): Command {
  return addFilterOptions(new Command("leafnodes").aliases(["leaf", "leafz"])
    .description("Report on Leafnode connections")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .option("--account <account>", "Produce the report for a specific account")
    .addOption(new Option("--sort <key>", "Sort by a specific property").choices(Object.keys(SORTS)).default("server")))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report leafnodes --sort in-bytes --account APP\n")
    .action(async (limit: string | undefined, o: ServerReportLeafnodesOptions, cmd: Command) => { await watching(deps, cmd, () => serverReportLeafnodes(deps, cmd, parseLimit(limit), o)); });
}
