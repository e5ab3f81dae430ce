import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { printTable } from "../../../../output/table.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import type { MappingSet } from "./shared.js";

export interface AuthAccountMappingLsOptions { operator?: string }

/** `nats auth account mappings ls [ACCOUNT]`. */
export function authAccountMappingLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List mappings")
    .argument("[account]", "Account to list the mappings from")
    .option("--operator <name>", "Operator to act on")
    .action(async (account: string | undefined, opts: AuthAccountMappingLsOptions) => {
      await authAccountMappingLs(deps, account, opts);
    });
  return examples(cmd, "nats auth account mappings ls MyAccount");
}

/** Lists every mapping of the account, one row per target. */
export async function authAccountMappingLs(deps: Deps, account: string | undefined, opts: AuthAccountMappingLsOptions): Promise<MappingSet> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const set = acct.claims.nats.mappings ?? {};
  if (!Object.keys(set).length) {
    deps.io.out.write("No mappings defined\n");
    return set;
  }
  // natscli right-aligns the weight (at most 3 digits, so padding to the header's width does it)
  const rows = Object.entries(set).flatMap(([src, list]) => list.map((m) => [src, m.subject, String(m.weight ?? 0).padStart("Weight".length), m.cluster ?? ""]));
  printTable(deps.io, ["Source Subject", "Target Subject", "Weight", "Cluster"], rows, { title: `Subject mappings for account ${acct.name}` }, deps.env);
  return set;
}
