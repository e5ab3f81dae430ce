import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { usageError } from "../../../../errors.js";
import { checkSubscribeSubject } from "../../../../util/subject.js";
import type { ImportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { findImport, notImported, showImport } from "./shared.js";

export interface AuthAccountImportEditOptions { local?: string; share?: boolean; traceable?: boolean; operator?: string }

/** `nats auth account imports edit SUBJECT [ACCOUNT]`. */
export function authAccountImportEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"])
    .description("Edits an Import")
    .argument("<subject>", "The Local import Subject to edit")
    .argument("[account]", "Account to act on")
    .option("--local <subject>", "The local Subject to use for the import")
    .option("--share", "Shares connection information with the exporter")
    .option("--no-share", "Stops sharing connection information")
    .option("--traceable", "Enable tracing messages across Stream imports")
    .option("--no-traceable", "Disable tracing messages across Stream imports")
    .option("--operator <name>", "Operator hosting the account")
    .action(async (subject: string, account: string | undefined, opts: AuthAccountImportEditOptions) => {
      await authAccountImportEdit(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account imports edit 'events.>' OTHER --local 'upstream.events.>' --share");
}

/** Changes the local subject, sharing or tracing of an import. */
export async function authAccountImportEdit(deps: Deps, subject: string, account: string | undefined, opts: AuthAccountImportEditOptions): Promise<ImportClaim> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const i = findImport(acct, subject);
  if (!i) throw notImported(acct, subject);
  if (opts.traceable !== undefined) {
    if (i.type === "service") throw usageError("service imports cannot allow tracing");
    i.allow_trace = opts.traceable || undefined;
  }
  if (opts.share !== undefined) i.share = opts.share || undefined;
  if (opts.local !== undefined) {
    checkSubscribeSubject(opts.local);
    i.local_subject = opts.local === i.subject ? undefined : opts.local;
    delete i.to;
  }
  await acct.resign();
  await store.commit(op);
  showImport(deps, op, i, false);
  return i;
}
