import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { ask, canPrompt } from "../../../output/prompt.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";
import { checkEntityName, type AccountEntity } from "../shared/store.js";
import { addLimitOptions, applyLimits, askAddLimits, showAccount, type AccountLimitOptions } from "./shared.js";

export interface AuthAccountAddOptions extends AccountLimitOptions { operator?: string; key?: string; defaults?: boolean }

/** `nats auth account add [NAME]`. */
export function authAccountAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["create", "new"])
    .description("Adds a new Account")
    .argument("[account]", "Unique name for this Account")
    .option("--operator <name>", "Operator to add the account to")
    .option("--key <public key>", "The operator signing key to issue the account with (default: the operator's own key)");
  addLimitOptions(cmd, false)
    .option("--defaults", "Accept default values without prompting")
    .action(async (name: string | undefined, opts: AuthAccountAddOptions) => {
      await authAccountAdd(deps, name, opts);
    });
  return examples(cmd, "nats auth account add MyAccount --defaults", "nats auth account add JS --jetstream --js-disk 10GB --js-memory 1GB --connections 100 --operator MyOperator");
}

/** Creates an account under the operator with the limits given (asking for the common ones on a terminal). */
export async function authAccountAdd(deps: Deps, name: string | undefined, opts: AuthAccountAddOptions): Promise<AccountEntity> {
  const { store, op } = await selectOperator(deps, opts.operator);
  if (!name) {
    if (!canPrompt(deps.io)) throw usageError("no account name given", "pass the name: nats auth account add NAME");
    name = await ask(deps.io, "Account Name", { required: true });
  }
  checkEntityName("account", name);
  if (op.accounts.some((a) => a.name === name)) throw new CliError(`account ${name} already exist`, { exitCode: ExitCode.CONFLICT });
  if (opts.key && opts.key !== op.subject && !op.claims.nats.signing_keys?.includes(opts.key)) {
    throw usageError(`${opts.key} is not a key of operator ${op.name}`, `use one of its signing keys: nats auth operator keys ls ${op.name}`);
  }
  if (!opts.defaults && canPrompt(deps.io)) await askAddLimits(deps, opts);
  const acct = await op.addAccount(name, opts.key);
  await applyLimits(deps, acct, opts, false);
  await acct.resign();
  await store.commit(op);
  showAccount(deps, op, acct, false);
  return acct;
}
