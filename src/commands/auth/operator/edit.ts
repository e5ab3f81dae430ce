import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { collect } from "../../../util/flags.js";
import { checkUrl, examples, listOption, updateTags } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";
import type { OperatorEntity } from "../shared/store.js";
import { showOperator } from "./shared.js";

export interface AuthOperatorEditOptions { accountServer?: string; service?: string[]; tags?: string[]; noTags?: string[] }

/** `nats auth operator edit [NAME]`. */
export function authOperatorEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"])
    .description("Edit an Operator")
    .argument("[name]", "Operator to edit")
    .option("--account-server <url>", "URL for the Account Server (\"\" removes it)")
    .option("--service <url>", "URLs for the Operator Services, replacing the current ones (repeatable; \"\" removes them)", collect)
    .option("--tags <tag>", "Tags to add to this Operator (repeatable)", collect)
    .addOption(listOption("--no-tags <tag>", "Tags to remove from the Operator (repeatable)", "noTags"))
    .action(async (name: string | undefined, opts: AuthOperatorEditOptions) => {
      await authOperatorEdit(deps, name, opts);
    });
  return examples(cmd, "nats auth operator edit MyOperator --account-server https://jwt.example.net/jwt/v1", "nats auth operator edit MyOperator --tags prod --no-tags staging");
}

/** Changes the service URLs, account server and tags given, re-signs the operator and shows it. */
export async function authOperatorEdit(deps: Deps, name: string | undefined, opts: AuthOperatorEditOptions): Promise<OperatorEntity> {
  const { store, op } = await selectOperator(deps, name);
  const n = op.claims.nats;
  if (opts.accountServer !== undefined) {
    if (opts.accountServer === "") delete n.account_server_url;
    else n.account_server_url = checkUrl(opts.accountServer, "--account-server");
  }
  if (opts.service !== undefined) {
    const list = opts.service.filter((s) => s !== "").map((s) => checkUrl(s, "--service"));
    if (list.length) n.operator_service_urls = list;
    else delete n.operator_service_urls;
  }
  n.tags = updateTags(n.tags, opts.tags, opts.noTags);
  await op.resign();
  await store.commit(op);
  showOperator(deps, op, false);
  return op;
}
