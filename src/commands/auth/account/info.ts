import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount } from "../shared/select.js";
import type { AccountEntity } from "../shared/store.js";
import { showAccount } from "./shared.js";

export interface AuthAccountInfoOptions { operator?: string; json?: boolean }

/** `nats auth account info [ACCOUNT]`. */
export function authAccountInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show Account information")
    .argument("[account]", "Account to view")
    .option("--operator <name>", "Operator hosting the account")
    .option("-j, --json", "Produce JSON output (seeds masked)")
    .action(async (name: string | undefined, opts: AuthAccountInfoOptions) => {
      await authAccountInfo(deps, name, opts);
    });
  return examples(cmd, "nats auth account info MyAccount", "nats auth account info SYSTEM --operator MyOperator --json");
}

/** Shows the account's configuration and limits. */
export async function authAccountInfo(deps: Deps, name: string | undefined, opts: AuthAccountInfoOptions): Promise<AccountEntity> {
  const { op, acct } = await selectOperatorAccount(deps, opts.operator, name);
  showAccount(deps, op, acct, opts.json);
  return acct;
}
