import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode } from "../../../../errors.js";
import { examples } from "../../shared/command.js";
import { pickValue, selectOperatorAccount } from "../../shared/select.js";
import { showMappings, type MappingSet } from "./shared.js";

export interface AuthAccountMappingInfoOptions { operator?: string; json?: boolean }

/** `nats auth account mappings info [ACCOUNT] [SOURCE]`. */
export function authAccountMappingInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show information about a mapping")
    .argument("[account]", "Account to inspect the mappings from")
    .argument("[source]", "The source subject of the mapping")
    .option("--operator <name>", "Operator to act on")
    .option("-j, --json", "Produce JSON output")
    .action(async (account: string | undefined, source: string | undefined, opts: AuthAccountMappingInfoOptions) => {
      await authAccountMappingInfo(deps, account, source, opts);
    });
  return examples(cmd, "nats auth account mappings info MyAccount orders.in");
}

/** Shows the mappings of one source subject. */
export async function authAccountMappingInfo(deps: Deps, account: string | undefined, source: string | undefined, opts: AuthAccountMappingInfoOptions): Promise<MappingSet> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const all = acct.claims.nats.mappings ?? {};
  const sources = Object.keys(all).sort();
  if (!sources.length) {
    deps.io.out.write("No mappings defined\n");
    return {};
  }
  source = await pickValue(deps, source, sources, "Select a mapping to inspect", "no source subject given", "pass the mapping's source subject");
  if (!all[source]) throw new CliError(`no mapping for "${source}" in account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND });
  const set = { [source]: all[source] };
  showMappings(deps, set, opts.json);
  return set;
}
