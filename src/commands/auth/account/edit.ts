import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount } from "../shared/select.js";
import type { AccountEntity } from "../shared/store.js";
import { addLimitOptions, applyLimits, showAccount, type AccountLimitOptions } from "./shared.js";

export interface AuthAccountEditOptions extends AccountLimitOptions { operator?: string }

/** `nats auth account edit [ACCOUNT]`. */
export function authAccountEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"])
    .description("Edit Account settings")
    .argument("[account]", "Unique name for this Account")
    .option("--operator <name>", "Operator hosting the account");
  addLimitOptions(cmd, true)
    .action(async (name: string | undefined, opts: AuthAccountEditOptions) => {
      await authAccountEdit(deps, name, opts);
    });
  return examples(cmd, "nats auth account edit MyAccount --connections 1000 --payload 1MB", "nats auth account edit MyAccount --jetstream --js-disk 10GB --js-memory -1");
}

/** Changes the limits given (everything else keeps its value), re-signs the account and shows it. */
export async function authAccountEdit(deps: Deps, name: string | undefined, opts: AuthAccountEditOptions): Promise<AccountEntity> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, name);
  await applyLimits(deps, acct, opts, true);
  await acct.resign();
  await store.commit(op);
  showAccount(deps, op, acct, false);
  return acct;
}
