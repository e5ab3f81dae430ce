import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { confirmDestructive } from "../../../../output/prompt.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { selectScope } from "./shared.js";

export interface AuthAccountKeysRmOptions { key?: string; operator?: string; force?: boolean }

/** `nats auth account keys rm [ACCOUNT] --key KEY`. */
export function authAccountKeysRmCommand(deps: Deps): Command {
  const cmd = new Command("rm")
    .description("Remove a scoped signing key")
    .argument("[account]", "Account to act on")
    .option("--key <key>", "The key (or role) to remove")
    .option("--operator <name>", "Operator to act on")
    .option("-f, --force", "Removes without prompting")
    .action(async (account: string | undefined, opts: AuthAccountKeysRmOptions) => {
      await authAccountKeysRm(deps, account, opts);
    });
  return examples(cmd, "nats auth account keys rm MyAccount --key ops -f");
}

/** Removes the key from the account and its seed from the store: users it issued stop working once pushed. */
export async function authAccountKeysRm(deps: Deps, account: string | undefined, opts: AuthAccountKeysRmOptions): Promise<boolean> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const s = await selectScope(deps, acct, opts.key);
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the Scoped Signing Key ${s.key} with role ${s.role}`, `remove signing key ${s.key}`))) return false;
  acct.claims.nats.signing_keys = (acct.claims.nats.signing_keys ?? []).filter((k) => (typeof k === "string" ? k : k.key) !== s.key);
  acct.signingKeys.delete(s.key);
  op.deletedKeys.push(s.key);
  await acct.resign();
  await store.commit(op);
  deps.io.out.write(`key "${s.key}" removed\n`);
  return true;
}
