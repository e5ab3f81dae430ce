import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import type { UserScope } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { selectScope, showScope } from "./shared.js";

export interface AuthAccountKeysInfoOptions { operator?: string; json?: boolean }

/** `nats auth account keys info [ACCOUNT] [KEY]`. */
export function authAccountKeysInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show information for a Scoped Signing Key")
    .argument("[account]", "Account to view")
    .argument("[key]", "The role or key to view")
    .option("--operator <name>", "Operator to act on")
    .option("-j, --json", "Produce JSON output")
    .action(async (account: string | undefined, key: string | undefined, opts: AuthAccountKeysInfoOptions) => {
      await authAccountKeysInfo(deps, account, key, opts);
    });
  return examples(cmd, "nats auth account keys info MyAccount ops");
}

/** Shows a scoped signing key's role and template. */
export async function authAccountKeysInfo(deps: Deps, account: string | undefined, key: string | undefined, opts: AuthAccountKeysInfoOptions): Promise<UserScope> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const s = await selectScope(deps, acct, key);
  showScope(deps, s, opts.json);
  return s;
}
