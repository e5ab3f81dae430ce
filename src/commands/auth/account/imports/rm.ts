import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { confirmDestructive } from "../../../../output/prompt.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { findImport, localSubject, notImported } from "./shared.js";

export interface AuthAccountImportRmOptions { operator?: string; force?: boolean }

/** `nats auth account imports rm SUBJECT [ACCOUNT]`. */
export function authAccountImportRmCommand(deps: Deps): Command {
  const cmd = new Command("rm")
    .description("Removes an Import")
    .argument("<subject>", "Import to remove by local subject")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator hosting the account")
    .option("-f, --force", "Removes without prompting")
    .action(async (subject: string, account: string | undefined, opts: AuthAccountImportRmOptions) => {
      await authAccountImportRm(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account imports rm 'events.>' OTHER -f");
}

/** Removes the import used on that local subject; refuses without -f when it cannot ask. */
export async function authAccountImportRm(deps: Deps, subject: string, account: string | undefined, opts: AuthAccountImportRmOptions): Promise<boolean> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const i = findImport(acct, subject);
  if (!i) throw notImported(acct, subject);
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the ${localSubject(i)} import`, `remove the import on ${localSubject(i)}`))) return false;
  acct.claims.nats.imports = (acct.claims.nats.imports ?? []).filter((x) => x !== i);
  deps.io.out.write(`Removing ${i.type} Import for local Subject "${localSubject(i)}" imported from Account "${i.account}"\n`);
  await acct.resign();
  await store.commit(op);
  return true;
}
