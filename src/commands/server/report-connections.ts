import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { refuseWithArchive } from "../../sys/archive.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { parseIntFlag } from "../../util/flags.js";
import { addFilterOptions, parseLimit, reverseFlag, watching, withSys } from "./shared/sys.js";
import { CONN_STATES } from "./shared/args.js";
import { closedReasonFilter, fetchConnz } from "../../sys/connz.js";
import { CONN_SORTS, renderConnections } from "../../sys/conn-table.js";


export interface ServerReportConnectionsOptions { account?: string; sort: string; top: string; subject?: string; username?: string; state: string; closedReason?: string; json?: boolean; cluster?: string; host?: string; tags?: string[]; archive?: string }

/** `nats server report connections [LIMIT]`: the busiest connections across all servers (system account). */
export function serverReportConnectionsCommand(deps: Deps): Command {
  return addFilterOptions(new Command("connections").aliases(["conn", "connz", "conns"])
    .description("Report on connections")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .option("--account <account>", "Limit report to a specific account")
    .addOption(new Option("--sort <key>", "Sort by a specific property").choices(Object.keys(CONN_SORTS)).default("subs"))
    .option("--top <n>", "Limit results to the top results", "1000")
    .option("--subject <subject>", "Limits responses only to those connections with matching subscription interest")
    .option("--username <user>", "Limits responses only to those connections for a specific authentication username")
    .addOption(new Option("--state <state>", "Limits responses only to those connections that are in a specific state").choices(Object.keys(CONN_STATES)).default("open"))
    .option("--closed-reason <regex>", "Filter results based on a closed reason (implies --state closed unless --state is given)"))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report connections --account APP --sort in-msgs --top 10\n  nats server report conns --json | jq '.[].subscriptions_list'\n")
    .action(async (limitArg: string | undefined, opts: ServerReportConnectionsOptions, cmd: Command) => {
      const limit = parseLimit(limitArg);
      const top = parseIntFlag(opts.top, "--top", { min: 1 });
      if (!CONN_SORTS[opts.sort]) throw usageError(`invalid --sort "${opts.sort}"`);
      const reverse = reverseFlag(cmd);
      if (opts.archive) refuseWithArchive({ "--subject": opts.subject, "--username": opts.username, "--state": opts.state === "open" ? undefined : opts.state });
      await watching(deps, cmd, () => withSys(deps, cmd, opts.archive, async (ping, live) => {
        const keep = closedReasonFilter(opts.closedReason);
        const state = opts.closedReason && cmd.getOptionValueSource("state") === "default" ? "closed" : opts.state;
        const { conns: all, perServer } = await fetchConnz(ping, live, { ...opts, state, user: opts.username, limit });
        const conns = all.filter(keep);
        const shown = renderConnections(deps, conns, perServer, { sort: opts.sort, top, reverse, json: Boolean(opts.json) });
        if (opts.json) printJson(deps.io, shown);
      }));
    });
}
