import { Command, Option } from "commander";
import { commas, humanBytes } from "../../output/format.js";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { parseIntFlag } from "../../util/flags.js";
import { accountActivity, fetchConnz, type AccountActivity } from "../../sys/connz.js";
import { renderConnections } from "../../sys/conn-table.js";
import { addFilterOptions, compareBy, parseLimit, reverseFlag, watching, withSys } from "./shared/sys.js";

export interface ServerReportAccountsOptions { sort: string; top: string; json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

const SORTS: Record<string, (a: AccountActivity) => number> = {
  "in-bytes": (a) => a.in_bytes, "out-bytes": (a) => a.out_bytes, "in-msgs": (a) => a.in_msgs, "out-msgs": (a) => a.out_msgs, conns: (a) => a.connections, subs: (a) => a.subscriptions,
};

/** Account activity from every server's connections; with ACCOUNT, that account's connections. */
export async function serverReportAccounts(deps: Deps, cmd: Command, account: string | undefined, limit: number | undefined, o: ServerReportAccountsOptions): Promise<AccountActivity[]> {
  const top = parseIntFlag(o.top, "--top", { min: 1 });
  const reverse = reverseFlag(cmd);
  return withSys(deps, cmd, o.archive, async (ping, live) => {
    const { conns, perServer } = await fetchConnz(ping, live, { ...o, account, limit });
    const accounts = accountActivity(conns);
    if (account) {
      const a = accounts.find((x) => x.account === account);
      if (!a) throw new CliError(`did not receive any results for account ${account}`, { exitCode: ExitCode.NOT_FOUND, hint: "list the accounts with `nats server report accounts`" });
      if (o.json) printJson(deps.io, a);
      else renderConnections(deps, a.connection_info, perServer, { sort: "subs", top, reverse, json: false });
      return [a];
    }
    // natscli sorts ascending and keeps the last N (the largest); -R keeps the smallest
    accounts.sort(compareBy(SORTS[o.sort]!, false));
    const kept = reverse ? accounts.slice(0, top) : accounts.slice(Math.max(0, accounts.length - top));
    if (reverse) kept.reverse();
    if (o.json) { printJson(deps.io, kept); return kept; }
    printTable(deps.io, ["Account", "Connections", "In Msgs", "Out Msgs", "In Bytes", "Out Bytes", "Subs"],
      kept.map((a) => [a.account, commas(a.connections), commas(a.in_msgs), commas(a.out_msgs), humanBytes(a.in_bytes), humanBytes(a.out_bytes), commas(a.subscriptions)]),
      { title: `${kept.length} Accounts Overview` }, deps.env);
    return kept;
  });
}

/** `nats server report accounts [ACCOUNT] [LIMIT]`: connections, messages, bytes and subscriptions per account (system account). */
export function serverReportAccountsCommand(deps: Deps): Command {
  return addFilterOptions(new Command("accounts").alias("acct")
    .description("Report on account activity")
    .argument("[account]", "Account to produce a report for")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .addOption(new Option("--sort <key>", "Sort by a specific property").choices(Object.keys(SORTS)).default("subs"))
    .option("--top <n>", "Limit results to the top results", "1000"))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report accounts --sort in-msgs --top 5\n  nats server report accounts APP --json\n")
    .action(async (account: string | undefined, limit: string | undefined, o: ServerReportAccountsOptions, cmd: Command) => {
      await watching(deps, cmd, () => serverReportAccounts(deps, cmd, account, parseLimit(limit), o));
    });
}
