import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { confirmDestructive } from "../../../../output/prompt.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { findExport, notExported } from "./shared.js";

export interface AuthAccountExportRmOptions { operator?: string; force?: boolean }

/** `nats auth account exports rm SUBJECT [ACCOUNT]`. */
export function authAccountExportRmCommand(deps: Deps): Command {
  const cmd = new Command("rm")
    .description("Removes an Export")
    .argument("<subject>", "Export to remove by subject")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator hosting the account")
    .option("-f, --force", "Removes without prompting")
    .action(async (subject: string, account: string | undefined, opts: AuthAccountExportRmOptions) => {
      await authAccountExportRm(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account exports rm 'events.>' MyAccount -f");
}

/** Removes the export; refuses without -f when it cannot ask. */
export async function authAccountExportRm(deps: Deps, subject: string, account: string | undefined, opts: AuthAccountExportRmOptions): Promise<boolean> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const e = findExport(acct, subject);
  if (!e) throw notExported(acct, subject);
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the ${subject} Export`, `remove the export of ${subject}`))) return false;
  acct.claims.nats.exports = (acct.claims.nats.exports ?? []).filter((x) => x !== e);
  deps.io.out.write(`Removing ${e.type === "service" ? "Service" : "Stream"} Export for subject "${subject}"\n`);
  await acct.resign();
  await store.commit(op);
  return true;
}
