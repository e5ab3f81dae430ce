import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { printTable } from "../../../../output/table.js";
import type { ImportClaim } from "../../shared/claims.js";
import { examples } from "../../shared/command.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { localSubject } from "./shared.js";

/** `nats auth account imports ls [ACCOUNT] [OPERATOR]`. */
export function authAccountImportLsCommand(deps: Deps): Command {
  const cmd = new Command("ls").aliases(["list"])
    .description("List Imports")
    .argument("[account]", "Account to act on")
    .argument("[operator]", "Operator to act on")
    .action(async (account: string | undefined, operator: string | undefined) => {
      await authAccountImportLs(deps, account, operator);
    });
  return examples(cmd, "nats auth account imports ls OTHER");
}

/** Lists the account's imports by remote subject, naming source accounts this store knows. */
export async function authAccountImportLs(deps: Deps, account: string | undefined, operator: string | undefined): Promise<ImportClaim[]> {
  const { op, acct } = await selectOperatorAccount(deps, operator, account);
  const list = [...(acct.claims.nats.imports ?? [])].sort((a, b) => a.subject.localeCompare(b.subject));
  if (!list.length) {
    deps.io.out.write("No Imports defined\n");
    return list;
  }
  printTable(deps.io, ["Name", "Kind", "Source", "Local Subject", "Remote Subject", "Allows Tracing", "Sharing Connection Info"],
    list.map((i) => [i.name ?? "", i.type === "service" ? "Service" : "Stream", op.account(i.account)?.name ?? i.account, localSubject(i), i.subject, i.type === "service" ? "" : String(Boolean(i.allow_trace)), String(Boolean(i.share))]),
    { title: `Imports for account ${acct.name}` }, deps.env);
  return list;
}
