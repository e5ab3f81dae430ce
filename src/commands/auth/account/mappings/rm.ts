import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import { confirmDestructive } from "../../../../output/prompt.js";
import { examples } from "../../shared/command.js";
import { pickValue, selectOperatorAccount } from "../../shared/select.js";

export interface AuthAccountMappingRmOptions { operator?: string; force?: boolean }

/** `nats auth account mappings rm [ACCOUNT] [SOURCE]`. */
export function authAccountMappingRmCommand(deps: Deps): Command {
  const cmd = new Command("rm")
    .description("Remove a mapping")
    .argument("[account]", "Account to remove the mappings from")
    .argument("[source]", "The source subject of the mapping")
    .option("--operator <name>", "Operator to act on")
    .option("-f, --force", "Removes without prompting")
    .action(async (account: string | undefined, source: string | undefined, opts: AuthAccountMappingRmOptions) => {
      await authAccountMappingRm(deps, account, source, opts);
    });
  return examples(cmd, "nats auth account mappings rm MyAccount orders.in -f");
}

/**
 * Removes every mapping of the source subject. natscli deletes without asking; natsx asks on a terminal and
 * needs -f without one, as for every other removal.
 */
export async function authAccountMappingRm(deps: Deps, account: string | undefined, source: string | undefined, opts: AuthAccountMappingRmOptions): Promise<boolean> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  const all = acct.claims.nats.mappings ?? {};
  const sources = Object.keys(all).sort();
  if (!sources.length) {
    deps.io.out.write("No mappings defined\n");
    return false;
  }
  source = await pickValue(deps, source, sources, "Select a mapping to delete", "no source subject given", "pass the mapping's source subject");
  if (!all[source]) throw new CliError(`no mapping for "${source}" in account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND });
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the mappings of ${source}`, `remove the mappings of ${source}`))) return false;
  const rest = { ...all };
  delete rest[source];
  acct.claims.nats.mappings = Object.keys(rest).length ? rest : undefined;
  await acct.resign();
  await store.commit(op);
  deps.io.out.write(`Deleted mapping {${source}}\n`);
  return true;
}
