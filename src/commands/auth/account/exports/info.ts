import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import type { ExportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { pickValue, selectOperatorAccount } from "../../shared/select.js";
import { findExport, notExported, showExport } from "./shared.js";

export interface AuthAccountExportInfoOptions { operator?: string; json?: boolean }

/** `nats auth account exports info [SUBJECT] [ACCOUNT]`. */
export function authAccountExportInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show information for an Export")
    .argument("[subject]", "Export to view by subject")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator hosting the account")
    .option("-j, --json", "Produce JSON output")
    .action(async (subject: string | undefined, account: string | undefined, opts: AuthAccountExportInfoOptions) => {
      await authAccountExportInfo(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account exports info 'events.>' MyAccount");
}

/** Shows one export (picked on a terminal when no subject is given). */
export async function authAccountExportInfo(deps: Deps, subject: string | undefined, account: string | undefined, opts: AuthAccountExportInfoOptions): Promise<ExportClaim> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const known = (acct.claims.nats.exports ?? []).map((e) => e.subject);
  if (!subject && !known.length) throw new CliError("no exports defined", { exitCode: ExitCode.NOT_FOUND });
  subject = await pickValue(deps, subject, known, "Select an Export", "subject is required", "pass the exported subject");
  const e = findExport(acct, subject);
  if (!e) throw notExported(acct, subject);
  showExport(deps, e, opts.json);
  return e;
}
