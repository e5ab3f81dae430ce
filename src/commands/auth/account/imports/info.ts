import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import type { ImportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { pickValue, selectOperatorAccount } from "../../shared/select.js";
import { findImport, localSubject, notImported, showImport } from "./shared.js";

export interface AuthAccountImportInfoOptions { operator?: string; json?: boolean }

/** `nats auth account imports info [SUBJECT] [ACCOUNT]`. */
export function authAccountImportInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show information for an Import")
    .argument("[subject]", "Import to view by local subject")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator hosting the account")
    .option("-j, --json", "Produce JSON output")
    .action(async (subject: string | undefined, account: string | undefined, opts: AuthAccountImportInfoOptions) => {
      await authAccountImportInfo(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account imports info 'events.>' OTHER");
}

/** Shows one import (picked on a terminal when no subject is given). */
export async function authAccountImportInfo(deps: Deps, subject: string | undefined, account: string | undefined, opts: AuthAccountImportInfoOptions): Promise<ImportClaim> {
  const { op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const known = (acct.claims.nats.imports ?? []).map(localSubject);
  if (!subject && !known.length) throw new CliError("no imports defined", { exitCode: ExitCode.NOT_FOUND });
  subject = await pickValue(deps, subject, known, "Select an Import", "subject is required", "pass the import's local subject");
  const i = findImport(acct, subject);
  if (!i) throw notImported(acct, subject);
  showImport(deps, op, i, opts.json);
  return i;
}
