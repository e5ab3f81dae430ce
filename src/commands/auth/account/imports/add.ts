import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../../errors.js";
import { canPrompt } from "../../../../output/prompt.js";
import { checkSubscribeSubject } from "../../../../util/subject.js";
import type { ImportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectAccount, selectOperatorAccount } from "../../shared/select.js";
import { publicKey } from "../../shared/store.js";
import { findImport, showImport } from "./shared.js";

export interface AuthAccountImportAddOptions { source?: string; local?: string; share?: boolean; traceable?: boolean; service?: boolean; operator?: string }

/** `nats auth account imports add NAME SUBJECT [ACCOUNT]`. */
export function authAccountImportAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["new", "a", "n"])
    .description("Adds an Import")
    .argument("<name>", "A unique name for the import")
    .argument("<subject>", "The Subject to import")
    .argument("[account]", "Account to import into")
    .option("--source <account>", "The account (name or public key) to import from")
    .option("--local <subject>", "The local Subject to use for the import")
    .option("--share", "Shares connection information with the exporter")
    .option("--traceable", "Enable tracing messages across Stream imports")
    .option("--service", "Sets the import to be a Service rather than a Stream")
    .option("--operator <name>", "Operator hosting the account")
    .action(async (name: string, subject: string, account: string | undefined, opts: AuthAccountImportAddOptions) => {
      await authAccountImportAdd(deps, name, subject, account, opts);
    });
  return examples(cmd, "nats auth account imports add events 'events.>' OTHER --source MyAccount", "nats auth account imports add weather 'weather.v1.>' OTHER --source MyAccount --local 'weather.>' --service");
}

/**
 * Adds an import of an export of the source account (one of this operator's, by name or public key, or any
 * account public key) and shows it. natscli's --traceable sets the share flag by mistake; here it allows tracing.
 */
export async function authAccountImportAdd(deps: Deps, name: string, subject: string, account: string | undefined, opts: AuthAccountImportAddOptions): Promise<ImportClaim> {
  checkSubscribeSubject(subject);
  if (opts.local !== undefined) checkSubscribeSubject(opts.local);
  if (opts.traceable && opts.service) throw usageError("service imports cannot allow tracing", "drop --traceable or --service");
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  let source: string;
  if (opts.source && !op.account(opts.source)) source = publicKey(opts.source, "A", "--source account").getPublicKey();
  else if (!opts.source && !canPrompt(deps.io)) throw usageError("no source account given", "pass --source with the exporting account's name or public key");
  else source = (await selectAccount(deps, op, opts.source, "Select the Source account")).subject;
  if (source === acct.subject) throw usageError(`account ${acct.name} cannot import from itself`);
  const local = opts.local ?? subject;
  if (findImport(acct, local)) throw new CliError(`account ${acct.name} already imports on "${local}"`, { exitCode: ExitCode.CONFLICT, hint: "change it with `nats auth account imports edit`" });
  const i: ImportClaim = { name, subject, account: source, local_subject: local === subject ? undefined : local, type: opts.service ? "service" : "stream", share: opts.share || undefined, allow_trace: opts.traceable || undefined };
  acct.claims.nats.imports = [...(acct.claims.nats.imports ?? []), i];
  await acct.resign();
  await store.commit(op);
  showImport(deps, op, i, false);
  return i;
}
