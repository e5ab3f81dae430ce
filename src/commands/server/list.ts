import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { ExitCode, ExitStatus, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printNotice } from "../../output/errors.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas, humanBytes } from "../../output/format.js";
import { parseExpect } from "./shared/args.js";
import { deadlineIn, gather, noResults, type SysReply } from "../../sys/gather.js";
import { examplesText } from "../shared/examples.js";

export interface ServerListOptions { json?: boolean; sort: string; reverse?: boolean; archive?: string }

interface Statsz {
  start?: string; mem?: number; cores?: number; cpu?: number; connections?: number; subscriptions?: number; slow_consumers?: number;
  routes?: unknown[]; gateways?: unknown[]; active_servers?: number;
}

const SORTS: Record<string, (r: SysReply<Statsz>) => number | string> = {
  name: (r) => r.server.name, cluster: (r) => r.server.cluster ?? "", conns: (r) => r.data.connections ?? 0, subs: (r) => r.data.subscriptions ?? 0,
  routes: (r) => r.data.routes?.length ?? 0, gw: (r) => r.data.gateways?.length ?? 0, mem: (r) => r.data.mem ?? 0, cpu: (r) => r.data.cpu ?? 0,
  slow: (r) => r.data.slow_consumers ?? 0, uptime: (r) => -Date.parse(r.data.start ?? ""), rtt: (r) => r.rttMs,
};
const SORT_ALIASES: Record<string, string> = { conn: "conns", sub: "subs", route: "routes" };

const uptime = (r: SysReply<Statsz>) => (r.data.start ? humanDuration(Math.max(0, Date.parse(r.server.time ?? "") - Date.parse(r.data.start))) : "");

/** `nats server list [EXPECT]`: a table of every server's statsz (system account). */
export function serverListCommand(deps: Deps): Command {
  return new Command("list").alias("ls")
    .description("List known servers (system account)")
    .argument("[expect]", "How many servers to expect")
    .option("-j, --json", "Produce JSON output", false)
    .option("--sort <key>", "Sort by name, cluster, conns, subs, routes, gw, mem, cpu, slow, uptime or rtt", "rtt")
    .option("-R, --reverse", "Reverse the sort order", false)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", examplesText("nats server list --context sys", "nats server list 3 --sort conns --context sys   # expect 3 servers"))
    .action(async (expectArg: string | undefined, opts: ServerListOptions, cmd: Command) => {
      const expect = parseExpect(expectArg);
      const key = SORT_ALIASES[opts.sort] ?? opts.sort;
      const by = SORTS[key];
      if (!by) throw usageError(`invalid --sort "${opts.sort}"`, `use one of ${Object.keys(SORTS).join(", ")}`);
      if (opts.archive) {
        const { AuditArchive } = await import("../../sys/archive.js");
        const replies = (await AuditArchive.open(opts.archive)).ping<Statsz>("STATZ");
        renderServerList(deps, replies, expect, undefined, opts);
        return;
      }
      await withConnection(deps, cmd, (nc, ctx) => serverList(deps, nc, ctx, expect, opts));
    });
}

/** Lists the servers that answer \$SYS.REQ.SERVER.PING as a table or JSON; fails when fewer than `expect` answered. */
export async function serverList(deps: Deps, nc: NatsConnection, ctx: ConnCtx, expect: number | undefined, opts: ServerListOptions): Promise<void> {
  let active: number | undefined;
  const r = await gather<Statsz>(nc, "$SYS.REQ.SERVER.PING", {
    deadline: deadlineIn(ctx.plan.timeoutMs),
    expect: () => expect ?? active,
    onReply: (rep) => { active ??= (rep.data as Statsz).active_servers; },
    spinner: { io: deps.io, text: "Waiting for the servers to answer" },
  });
  if (r.replies.length === 0) throw noResults("$SYS.REQ.SERVER.PING", r);
  renderServerList(deps, r.replies, expect, active, opts);
}

/** Prints the servers' statsz as a table or JSON, and warns (exit 1 with EXPECT) when fewer answered than expected. */
function renderServerList(deps: Deps, replies: SysReply<Statsz>[], expect: number | undefined, active: number | undefined, opts: ServerListOptions): void {
  const by = SORTS[SORT_ALIASES[opts.sort] ?? opts.sort]!;
  const rows = [...replies].sort((a, b) => {
    const x = by(a), y = by(b);
    const c = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
    return opts.reverse ? -c : c;
  });
  if (opts.json) {
    printJson(deps.io, rows.map((x) => ({ server: x.server, statsz: x.data })));
  } else {
    const sum = (f: (s: Statsz) => number) => rows.reduce((a, x) => a + f(x.data), 0);
    const clusters = new Set(rows.map((x) => x.server.cluster).filter(Boolean));
    printTable(deps.io, ["Name", "Cluster", "Host", "Version", "JS", "Conns", "Subs", "Routes", "GWs", "Mem", "CPU %", "Cores", "Slow", "Uptime", "RTT"],
      rows.map((x) => [x.server.name, x.server.cluster ?? "", x.server.host, x.server.ver, x.server.jetstream ? "yes" : "no", commas(x.data.connections ?? 0),
        commas(x.data.subscriptions ?? 0), x.data.routes?.length ?? 0, x.data.gateways?.length ?? 0, humanBytes(x.data.mem ?? 0), (x.data.cpu ?? 0).toFixed(0),
        x.data.cores ?? "", x.data.slow_consumers ?? 0, uptime(x), humanDuration(x.rttMs)]),
      { title: "Server Overview", footer: ["", clusters.size, rows.length, "", rows.filter((x) => x.server.jetstream).length, commas(sum((s) => s.connections ?? 0)),
        commas(sum((s) => s.subscriptions ?? 0)), sum((s) => s.routes?.length ?? 0), sum((s) => s.gateways?.length ?? 0), humanBytes(sum((s) => s.mem ?? 0)), "", "", sum((s) => s.slow_consumers ?? 0), "", ""] },
      deps.env);
  }
  const want = expect ?? active;
  if (want !== undefined && replies.length < want) {
    printNotice(deps.io, `warning: ${want - replies.length} of ${want} server(s) did not answer`);
    if (expect !== undefined) throw new ExitStatus(ExitCode.FAILURE);
  }
}
