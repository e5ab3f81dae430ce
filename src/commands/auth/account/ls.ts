import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { printJson } from "../../../output/json.js";
import { printTable } from "../../../output/table.js";
import { accountJson, examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";
import type { AccountEntity } from "../shared/store.js";
import { jsEnabled } from "./shared.js";

export interface AuthAccountLsOptions { names?: boolean; json?: boolean }

/** `nats auth account ls [OPERATOR]`. */
export function authAccountLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List Accounts")
    .argument("[operator]", "Operator to act on")
    .option("--names", "Show just the Account names")
    .option("-j, --json", "Produce JSON output (seeds masked)")
    .action(async (operator: string | undefined, opts: AuthAccountLsOptions) => {
      await authAccountLs(deps, operator, opts);
    });
  return examples(cmd, "nats auth account ls", "nats auth account ls MyOperator --names");
}

/** Lists the operator's accounts: a table (users, JetStream, system), names, or JSON. */
export async function authAccountLs(deps: Deps, operator: string | undefined, opts: AuthAccountLsOptions): Promise<AccountEntity[]> {
  const { op } = await selectOperator(deps, operator);
  const list = op.accounts;
  if (opts.json) {
    printJson(deps.io, opts.names ? list.map((a) => a.name) : list.map(accountJson));
    return list;
  }
  if (list.length === 0) {
    deps.io.out.write("No Accounts found\n");
    return list;
  }
  if (opts.names) {
    for (const a of list) deps.io.out.write(`${a.name}\n`);
    return list;
  }
  printTable(deps.io, ["Name", "Subject", "Users", "JetStream", "System"],
    list.map((a) => [a.name, a.subject, a.users.length, jsEnabled(a.claims.nats.limits) ? "true" : "", a.isSystem ? "true" : ""]), { title: "Accounts" }, deps.env);
  return list;
}
