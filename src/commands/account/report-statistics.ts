import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { commas, humanBytes } from "../../output/format.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { deadlineIn, gather, noResults, type ServerIdentity } from "../../sys/gather.js";

export interface AccountReportStatisticsOptions { json?: boolean }

interface AccountStat { acc?: string; conns?: number; leafnodes?: number; num_subscriptions?: number; sent?: { msgs?: number; bytes?: number }; received?: { msgs?: number; bytes?: number }; slow_consumers?: number }

/** The connected account's statistics on every server ($SYS.REQ.ACCOUNT.PING.STATZ), natscli's Server Statistics table. */
export async function accountReportStatistics(deps: Deps, cmd: Command, o: AccountReportStatisticsOptions): Promise<{ server: ServerIdentity; stats: AccountStat }[]> {
  return withConnection(deps, cmd, async (nc, ctx) => {
    const subject = "$SYS.REQ.ACCOUNT.PING.STATZ";
    const r = await gather<{ account_statz?: AccountStat[] }>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), stallMs: 300 });
    if (r.errors.length && !r.replies.length) throw new CliError(`${subject} failed: ${r.errors[0]!.description}`, { exitCode: ExitCode.FAILURE });
    if (!r.replies.length) throw noResults(subject, r);
    // one entry for the asking account under account_statz
    const rows = r.replies.map((rep) => ({ server: rep.server, stats: rep.data.account_statz?.[0] })).filter((x): x is { server: ServerIdentity; stats: AccountStat } => Boolean(x.stats));
    if (o.json) { printJson(deps.io, rows); return rows; }
    const sum = (f: (s: AccountStat) => number | undefined) => rows.reduce((a, x) => a + (f(x.stats) ?? 0), 0);
    printTable(deps.io, ["Server", "Cluster", "Version", "Tags", "Connections", "Subscriptions", "Leafnodes", "Sent Bytes", "Sent Messages", "Received Bytes", "Received Messages", "Slow Consumers"],
      rows.map(({ server, stats: s }) => [server.host, server.cluster ?? "", server.ver, (server.tags ?? []).join(", "), commas(s.conns ?? 0), commas(s.num_subscriptions ?? 0), commas(s.leafnodes ?? 0),
        humanBytes(s.sent?.bytes ?? 0), commas(s.sent?.msgs ?? 0), humanBytes(s.received?.bytes ?? 0), commas(s.received?.msgs ?? 0), commas(s.slow_consumers ?? 0)]),
      { title: "Server Statistics", footer: [commas(rows.length), "", "", "", commas(sum((s) => s.conns)), commas(sum((s) => s.num_subscriptions)), commas(sum((s) => s.leafnodes)),
        humanBytes(sum((s) => s.sent?.bytes)), commas(sum((s) => s.sent?.msgs)), humanBytes(sum((s) => s.received?.bytes)), commas(sum((s) => s.received?.msgs)), commas(sum((s) => s.slow_consumers))] },
      deps.env);
    return rows;
  });
}

/** `nats account report statistics` (stats, statsz): the account's traffic per server (no system account needed). */
export function accountReportStatisticsCommand(deps: Deps): Command {
  return new Command("statistics").aliases(["stats", "statsz"])
    .description("Report on server statistics")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats account report statistics\n")
    .action(async (o: AccountReportStatisticsOptions, cmd: Command) => { await accountReportStatistics(deps, cmd, o); });
}
