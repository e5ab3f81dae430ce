import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount, selectUser } from "../shared/select.js";
import type { UserEntity } from "../shared/store.js";
import { showUser } from "./shared.js";

export interface AuthUserInfoOptions { operator?: string; json?: boolean }

/** `nats auth user info [NAME] [ACCOUNT]`. */
export function authUserInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show User information")
    .argument("[name]", "Unique name for this User")
    .argument("[account]", "Account to query")
    .option("--operator <name>", "Operator holding the Account")
    .option("-j, --json", "Produce JSON output (seed and JWT masked)")
    .action(async (name: string | undefined, account: string | undefined, opts: AuthUserInfoOptions) => {
      await authUserInfo(deps, name, account, opts);
    });
  return examples(cmd, "nats auth user info alice MyAccount");
}

/** Shows the user's configuration, limits and permissions. */
export async function authUserInfo(deps: Deps, name: string | undefined, account: string | undefined, opts: AuthUserInfoOptions): Promise<UserEntity> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const user = await selectUser(deps, acct, name);
  showUser(deps, user, opts.json);
  return user;
}
