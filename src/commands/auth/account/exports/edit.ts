import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { usageError } from "../../../../errors.js";
import { parseIntFlag } from "../../../../util/flags.js";
import type { ExportClaim } from "../../shared/claims.js";
import { checkUrl, examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { addExportOptions, checkTokenPosition, findExport, notExported, showExport } from "./shared.js";

export interface AuthAccountExportEditOptions { operator?: string; description?: string; url?: string; tokenPosition?: string; advertise?: boolean }

/** `nats auth account exports edit SUBJECT [ACCOUNT]`. */
export function authAccountExportEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"])
    .description("Edits an Export")
    .argument("<subject>", "The Export Subject to edit")
    .argument("[account]", "Account to act on");
  addExportOptions(cmd)
    .option("--no-advertise", "Do not advertise the Export")
    .action(async (subject: string, account: string | undefined, opts: AuthAccountExportEditOptions) => {
      await authAccountExportEdit(deps, subject, account, opts);
    });
  return examples(cmd, "nats auth account exports edit 'events.>' MyAccount --description 'Order events' --advertise");
}

/** Changes the description, info URL, token position or advertising of an export. */
export async function authAccountExportEdit(deps: Deps, subject: string, account: string | undefined, opts: AuthAccountExportEditOptions): Promise<ExportClaim> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const e = findExport(acct, subject);
  if (!e) throw notExported(acct, subject);
  if (opts.url !== undefined) e.info_url = checkUrl(opts.url, "--url");
  if (opts.description !== undefined) e.description = opts.description || undefined;
  if (opts.tokenPosition !== undefined) {
    const pos = parseIntFlag(opts.tokenPosition, "--token-position");
    const bad = checkTokenPosition(subject, pos);
    if (bad) throw usageError(bad);
    e.account_token_position = pos || undefined;
  }
  if (opts.advertise !== undefined) e.advertise = opts.advertise || undefined;
  await acct.resign();
  await store.commit(op);
  showExport(deps, findExport(acct, subject)!, false);
  return e;
}
