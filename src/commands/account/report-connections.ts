import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { parseIntFlag } from "../../util/flags.js";
import { CONN_STATES, closedReasonFilter, fetchAccountConnz, type ServerConn } from "../../sys/connz.js";
import { CONN_SORTS, renderConnections } from "../../sys/conn-table.js";

export interface AccountReportConnectionsOptions { sort: string; top: string; subject?: string; username?: string; reverse?: boolean; state: string; closedReason?: string; json?: boolean }

/** The connected account's connections on every server, as `server report connections` shows them; returns those shown. */
export async function accountReportConnections(deps: Deps, cmd: Command, o: AccountReportConnectionsOptions): Promise<ServerConn[]> {
  const top = parseIntFlag(o.top, "--top", { min: 1 });
  return withConnection(deps, cmd, async (nc, ctx) => {
    const keep = closedReasonFilter(o.closedReason);
    const state = o.closedReason && cmd.getOptionValueSource("state") === "default" ? "closed" : o.state;
    const { conns: all, perServer } = await fetchAccountConnz(nc, ctx, { subject: o.subject, user: o.username, state });
    const conns = all.filter(keep);
    const shown = renderConnections(deps, conns, perServer, { sort: o.sort, top, reverse: Boolean(o.reverse), json: Boolean(o.json) });
    if (o.json) printJson(deps.io, shown);
    return shown;
  });
}

/** `nats account report connections`: this account's connections (no system account needed). */
export function accountReportConnectionsCommand(deps: Deps): Command {
  return new Command("connections").aliases(["conn", "connz", "conns"])
    .description("Report on connections")
    .addOption(new Option("--sort <key>", "Sort by a specific property").choices(Object.keys(CONN_SORTS)).default("subs"))
    .option("--top <n>", "Limit results to the top results", "1000")
    .option("--subject <subject>", "Limits responses only to those connections with matching subscription interest")
    .option("--username <user>", "Limits responses only to those connections for a specific authentication username")
    .option("-R, --reverse", "Reverse sort connections")
    .addOption(new Option("--state <state>", "Limits responses only to those connections that are in a specific state").choices(Object.keys(CONN_STATES)).default("open"))
    .option("--closed-reason <regex>", "Filter results based on a closed reason (implies --state closed unless --state is given)")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats account report connections --sort in-msgs --top 10\n")
    .action(async (o: AccountReportConnectionsOptions, cmd: Command) => { await accountReportConnections(deps, cmd, o); });
}
