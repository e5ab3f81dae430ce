import type { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import { Columns } from "../../../../output/columns.js";
import { printJson } from "../../../../output/json.js";
import type { ExportClaim } from "../../shared/claims.js";
import type { AccountEntity } from "../../shared/store.js";

/** The account's export of `subject` (stream or service). */
export function findExport(acct: AccountEntity, subject: string): ExportClaim | undefined {
  return (acct.claims.nats.exports ?? []).find((e) => e.subject === subject);
}

/** The "not exported" error (exit 7). */
export function notExported(acct: AccountEntity, subject: string): CliError {
  return new CliError(`subject "${subject}" is not exported by account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list the exports with \`nats auth account exports ls ${acct.name}\`` });
}

/** Shows an export as natscli's `exports info`, or its JSON (the JWT's export entry). */
export function showExport(deps: Deps, e: ExportClaim, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, e);
    return;
  }
  const c = new Columns(`Export info for ${e.name ?? ""} exporting ${e.subject}`);
  c.title("Configuration");
  c.row("Name", e.name ?? "");
  c.rowIf(e.description, "Description", e.description);
  c.row("Kind", e.type === "service" ? "Service" : "Stream");
  c.rowIf(e.info_url, "Info", e.info_url);
  c.row("Subject", e.subject);
  c.row("Activation Required", Boolean(e.token_req));
  c.row("Account Token Position", e.account_token_position ?? 0);
  c.row("Advertised", Boolean(e.advertise));
  c.title("Revocations");
  const revs = Object.entries(e.revocations ?? {});
  if (revs.length) for (const [k, at] of revs) c.row(new Date(at * 1000).toISOString(), k);
  else c.line().line("No revocations found");
  c.print(deps.io);
}

/**
 * Checks an account token position as jwt.Export.Validate does: the subject's token at that (1-based)
 * position must be the `*` wildcard the importing account's public key fills in.
 */
export function checkTokenPosition(subject: string, pos: number): string | undefined {
  if (pos <= 0) return undefined;
  const toks = subject.split(".");
  if (pos > toks.length) return `--token-position ${pos} is beyond the ${toks.length} tokens of "${subject}"`;
  if (toks[pos - 1] !== "*") return `--token-position ${pos} must point at a "*" token of "${subject}" (it is "${toks[pos - 1]}")`;
  return undefined;
}

/** The flags `exports add` and `exports edit` share. */
export function addExportOptions(cmd: Command): Command {
  return cmd
    .option("--operator <name>", "Operator hosting the account")
    .option("--description <text>", "Friendly description")
    .option("--url <url>", "Sets a URL for further information")
    .option("--token-position <n>", "The position to use for the Account name")
    .option("--advertise", "Advertise the Export");
}
