import type { Deps } from "../../../deps.js";
import { Columns } from "../../../output/columns.js";
import { printJson } from "../../../output/json.js";
import { commas } from "../../../output/format.js";
import { operatorJson } from "../shared/command.js";
import type { OperatorEntity } from "../shared/store.js";

/** Shows an operator as natscli's `auth operator info` does, or as JSON (seeds masked). */
export function showOperator(deps: Deps, op: OperatorEntity, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, operatorJson(op));
    return;
  }
  const n = op.claims.nats;
  const c = new Columns(`Operator ${op.name} (${op.subject})`);
  c.title("Configuration");
  c.row("Name", op.name);
  c.row("Subject", op.subject);
  if (n.tags?.length) c.list("Tags", n.tags);
  c.rowIf(n.operator_service_urls?.length, "Service URL(s)", n.operator_service_urls?.join(", "));
  c.rowIf(n.account_server_url, "Account Server", n.account_server_url);
  c.row("Accounts", commas(op.accounts.length));
  const sys = op.systemAccount();
  c.row("System Account", sys ? `${sys.name} (${sys.subject})` : "not set");
  if (n.signing_keys?.length) c.list("Signing Keys", n.signing_keys);
  c.print(deps.io);
}
