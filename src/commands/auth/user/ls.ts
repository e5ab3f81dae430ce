import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { printJson } from "../../../output/json.js";
import { printTable } from "../../../output/table.js";
import { examples, userJson } from "../shared/command.js";
import { selectOperatorAccount } from "../shared/select.js";
import type { UserEntity } from "../shared/store.js";
import { effectiveLimits } from "./shared.js";

export interface AuthUserLsOptions { operator?: string; names?: boolean; json?: boolean }

/** `nats auth user ls [ACCOUNT]`. */
export function authUserLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List users")
    .argument("[account]", "Account to query")
    .option("--operator <name>", "Operator holding the Account")
    .option("--names", "Show just the User names")
    .option("-j, --json", "Produce JSON output (seeds and JWTs masked)")
    .action(async (account: string | undefined, opts: AuthUserLsOptions) => {
      await authUserLs(deps, account, opts);
    });
  return examples(cmd, "nats auth user ls MyAccount", "nats auth user ls MyAccount --names");
}

/** Lists the account's users: a table (scoped, permissions, subscription limit), names, or JSON. */
export async function authUserLs(deps: Deps, account: string | undefined, opts: AuthUserLsOptions): Promise<UserEntity[]> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const users = acct.users;
  if (opts.json) {
    printJson(deps.io, opts.names ? users.map((u) => u.name) : users.map(userJson));
    return users;
  }
  if (users.length === 0) {
    deps.io.out.write("No users found\n");
    return users;
  }
  if (opts.names) {
    for (const u of users) deps.io.out.write(`${u.name}\n`);
    return users;
  }
  // natscli prints the publish mark under "Sub Perms" and the other way round; here each is under its own header
  printTable(deps.io, ["Name", "Subject", "Scoped", "Pub Perms", "Sub Perms", "Max Subscriptions"], users.map((u) => {
    const l = effectiveLimits(u);
    const has = (p: { allow?: string[]; deny?: string[] } | undefined) => (p?.allow?.length || p?.deny?.length ? "✓" : "");
    return [u.name, u.subject, String(u.scoped), has(l.pub), has(l.sub), l.subs === undefined || l.subs === -1 ? "Unlimited" : String(l.subs)];
  }), { title: `Users in account ${acct.name}` }, deps.env);
  return users;
}
