import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import { Columns } from "../../../../output/columns.js";
import { printJson } from "../../../../output/json.js";
import type { ImportClaim } from "../../shared/claims.js";
import type { AccountEntity, OperatorEntity } from "../../shared/store.js";

/** The subject an import is used on in the importing account (local_subject, older JWTs' `to`, else the subject). */
export function localSubject(i: ImportClaim): string {
  return i.local_subject || i.to || i.subject;
}

/** The account's import used on local `subject`. */
export function findImport(acct: AccountEntity, subject: string): ImportClaim | undefined {
  return (acct.claims.nats.imports ?? []).find((i) => localSubject(i) === subject);
}

/** The "not imported" error (exit 7). */
export function notImported(acct: AccountEntity, subject: string): CliError {
  return new CliError(`subject "${subject}" is not imported by account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list the imports with \`nats auth account imports ls ${acct.name}\`` });
}

/** Shows an import as natscli's `imports info`, or its JSON (the JWT's import entry). */
export function showImport(deps: Deps, op: OperatorEntity, i: ImportClaim, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, i);
    return;
  }
  const src = op.account(i.account);
  const c = new Columns(`Import info for import "${i.name ?? ""}" importing "${localSubject(i)}"`);
  c.title("Configuration");
  c.row("Name", i.name ?? "");
  c.row("From Account", src ? `${src.name} (${src.subject})` : i.account);
  c.row("Local Subject", localSubject(i));
  c.row("Kind", i.type === "service" ? "Service" : "Stream");
  c.row("Remote Subject", i.subject);
  c.row("Sharing Connection Info", Boolean(i.share));
  if (i.type === "stream") c.row("Allows Message Tracing", Boolean(i.allow_trace));
  c.print(deps.io);
}
