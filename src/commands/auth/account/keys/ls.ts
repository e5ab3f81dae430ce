import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { printTable } from "../../../../output/table.js";
import type { UserScope } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";

export interface AuthAccountKeysLsOptions { operator?: string }

/** `nats auth account keys ls [ACCOUNT]`. */
export function authAccountKeysLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List Scoped Signing Keys")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator to act on")
    .action(async (account: string | undefined, opts: AuthAccountKeysLsOptions) => {
      await authAccountKeysLs(deps, account, opts);
    });
  return examples(cmd, "nats auth account keys ls MyAccount");
}

/** Lists the account's scoped signing keys with a summary of their templates. */
export async function authAccountKeysLs(deps: Deps, account: string | undefined, opts: AuthAccountKeysLsOptions): Promise<UserScope[]> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const scopes = acct.scopes();
  if (!scopes.length) {
    deps.io.out.write("No Scoped Signing Keys or Roles defined\n");
    return scopes;
  }
  const count = (p: { allow?: string[]; deny?: string[] } | undefined) => (p?.allow?.length ?? 0) + (p?.deny?.length ?? 0);
  printTable(deps.io, ["Role", "Key", "Description", "Max Subscriptions", "Pub Perms", "Sub Perms"],
    scopes.map((s) => [s.role, s.key, s.description ?? "", s.template.subs ?? -1, count(s.template.pub), count(s.template.sub)]), { title: "Scoped Signing Keys" }, deps.env);
  return scopes;
}
