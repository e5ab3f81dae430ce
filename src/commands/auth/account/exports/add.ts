import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../../errors.js";
import { parseIntFlag } from "../../../../util/flags.js";
import { checkSubscribeSubject } from "../../../../util/subject.js";
import type { ExportClaim } from "../../shared/claims.js";
import { checkUrl, examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { addExportOptions, checkTokenPosition, showExport } from "./shared.js";

export interface AuthAccountExportAddOptions { operator?: string; description?: string; url?: string; tokenPosition?: string; advertise?: boolean; service?: boolean }

/** `nats auth account exports add NAME SUBJECT [ACCOUNT]`. */
export function authAccountExportAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["new", "a", "n"])
    .description("Adds an Export")
    .argument("<name>", "A unique name for the Export")
    .argument("<subject>", "The Subject to export")
    .argument("[account]", "Account to act on");
  addExportOptions(cmd)
    .option("--service", "Sets the Export to be a Service rather than a Stream")
    .action(async (name: string, subject: string, account: string | undefined, opts: AuthAccountExportAddOptions) => {
      await authAccountExportAdd(deps, name, subject, account, opts);
    });
  return examples(cmd, "nats auth account exports add events 'events.>' MyAccount", "nats auth account exports add weather 'weather.*.>' MyAccount --service --token-position 2");
}

/** Adds a stream (or --service) export to the account and shows it; the servers learn it on `account push`. */
export async function authAccountExportAdd(deps: Deps, name: string, subject: string, account: string | undefined, opts: AuthAccountExportAddOptions): Promise<ExportClaim> {
  checkSubscribeSubject(subject);
  const pos = opts.tokenPosition === undefined ? 0 : parseIntFlag(opts.tokenPosition, "--token-position");
  const bad = checkTokenPosition(subject, pos);
  if (bad) throw usageError(bad);
  if (opts.url !== undefined) checkUrl(opts.url, "--url");
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const type = opts.service ? "service" : "stream";
  if ((acct.claims.nats.exports ?? []).some((e) => e.subject === subject)) {
    throw new CliError(`account ${acct.name} already exports "${subject}"`, { exitCode: ExitCode.CONFLICT, hint: "change it with `nats auth account exports edit`" });
  }
  const e: ExportClaim = { name, subject, type, account_token_position: pos || undefined, advertise: opts.advertise || undefined, description: opts.description || undefined, info_url: opts.url };
  acct.claims.nats.exports = [...(acct.claims.nats.exports ?? []), e];
  await acct.resign();
  await store.commit(op);
  showExport(deps, e, false);
  return e;
}
