import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount, selectUser } from "../shared/select.js";
import type { UserEntity } from "../shared/store.js";
import { addUserOptions, applyUserFlags, showUser, writeCreds, type UserLimitOptions } from "./shared.js";

export interface AuthUserEditOptions extends UserLimitOptions { operator?: string; credential?: string }

/** `nats auth user edit [NAME] [ACCOUNT]`. */
export function authUserEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"])
    .description("Edits User settings")
    .argument("[name]", "Unique name for this User")
    .argument("[account]", "Account to query")
    .option("--operator <name>", "Operator holding the Account");
  addUserOptions(cmd, true)
    .option("--credential <file>", "Writes credentials to a file (mode 0600, replacing it)")
    .action(async (name: string | undefined, account: string | undefined, opts: AuthUserEditOptions) => {
      await authUserEdit(deps, name, account, opts);
    });
  return examples(cmd, "nats auth user edit alice MyAccount --pub-allow echo --sub-allow '_INBOX.>' --credential alice.creds");
}

/** Changes what was given, re-signs the user, optionally rewrites its credential, and shows it. */
export async function authUserEdit(deps: Deps, name: string | undefined, account: string | undefined, opts: AuthUserEditOptions): Promise<UserEntity> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const user = await selectUser(deps, acct, name);
  applyUserFlags(user, opts);
  await user.resign();
  await store.commit(op);
  if (opts.credential) await writeCreds(deps, user, opts.credential, true);
  showUser(deps, user, false);
  return user;
}
