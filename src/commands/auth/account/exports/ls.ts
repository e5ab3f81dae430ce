import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { printTable } from "../../../../output/table.js";
import type { ExportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";

export interface AuthAccountExportLsOptions { operator?: string }

/** `nats auth account exports ls [ACCOUNT]`. */
export function authAccountExportLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List Exports")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator to act on")
    .action(async (account: string | undefined, opts: AuthAccountExportLsOptions) => {
      await authAccountExportLs(deps, account, opts);
    });
  return examples(cmd, "nats auth account exports ls MyAccount");
}

/** Lists the account's exports by subject. */
export async function authAccountExportLs(deps: Deps, account: string | undefined, opts: AuthAccountExportLsOptions): Promise<ExportClaim[]> {
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const list = [...(acct.claims.nats.exports ?? [])].sort((a, b) => a.subject.localeCompare(b.subject));
  if (!list.length) {
    deps.io.out.write("No Exports defined\n");
    return list;
  }
  printTable(deps.io, ["Name", "Kind", "Subject", "Activation Required", "Advertised", "Token Position", "Revocations"],
    list.map((e) => [e.name ?? "", e.type === "service" ? "Service" : "Stream", e.subject, String(Boolean(e.token_req)), String(Boolean(e.advertise)), e.account_token_position ?? 0, Object.keys(e.revocations ?? {}).length]),
    { title: `Exports for account ${acct.name}` }, deps.env);
  return list;
}
