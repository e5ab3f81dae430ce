import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount, selectUser } from "../shared/select.js";

export interface AuthUserRmOptions { operator?: string; revoke?: boolean; force?: boolean }

/** `nats auth user rm [NAME] [ACCOUNT]`. */
export function authUserRmCommand(deps: Deps): Command {
  const cmd = new Command("rm")
    .description("Removes an user")
    .argument("[name]", "Unique name for this User")
    .argument("[account]", "Account to query")
    .option("--operator <name>", "Operator holding the Account")
    .option("--revoke", "Also revokes the user before deleting it")
    .option("-f, --force", "Removes without prompting")
    .action(async (name: string | undefined, account: string | undefined, opts: AuthUserRmOptions) => {
      await authUserRm(deps, name, account, opts);
    });
  return examples(cmd, "nats auth user rm alice MyAccount --revoke -f", "nats auth account push MyAccount   # make the revocation known to the servers");
}

/**
 * Deletes the user's JWT and seed; with --revoke the account also revokes every JWT of that user issued until
 * now (servers learn it when the account is pushed). Refuses without -f when it cannot ask.
 */
export async function authUserRm(deps: Deps, name: string | undefined, account: string | undefined, opts: AuthUserRmOptions): Promise<boolean> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const user = await selectUser(deps, acct, name);
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the User ${user.name}`, `remove user ${user.name}`))) return false;
  if (opts.revoke) {
    acct.claims.nats.revocations = { ...(acct.claims.nats.revocations ?? {}), [user.subject]: Math.floor(deps.now() / 1000) };
    await acct.resign();
  }
  acct.users = acct.users.filter((u) => u !== user);
  acct.deletedUsers.push(user.name);
  op.deletedKeys.push(user.subject);
  await store.commit(op);
  deps.io.out.write(`Removed user ${user.name}\n`);
  return true;
}
