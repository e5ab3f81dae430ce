import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../../errors.js";
import { canPrompt, pick } from "../../../../output/prompt.js";
import type { ImportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
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
  if (!subject) {
    const known = (acct.claims.nats.imports ?? []).map(localSubject).sort();
    if (!known.length) throw new CliError("no imports defined", { exitCode: ExitCode.NOT_FOUND });
    if (!canPrompt(deps.io)) throw usageError("subject is required", "pass the import's local subject");
    subject = await pick(deps.io, "Select an Import", known.map((k) => ({ value: k, label: k })));
  }
  const i = findImport(acct, subject);
  if (!i) throw notImported(acct, subject);
  showImport(deps, op, i, opts.json);
  return i;
}
