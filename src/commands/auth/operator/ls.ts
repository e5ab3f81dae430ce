import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { printJson } from "../../../output/json.js";
import { printTable } from "../../../output/table.js";
import { examples } from "../shared/command.js";
import { AuthStore, type OperatorEntity } from "../shared/store.js";

export interface AuthOperatorLsOptions { names?: boolean; json?: boolean }

/** `nats auth operator ls`. */
export function authOperatorLsCommand(deps: Deps): Command {
  const cmd = new Command("list").aliases(["ls"])
    .description("List Operators")
    .option("--names", "Show just the Operator names")
    .option("-j, --json", "Produce JSON output (the operator names)")
    .action(async (opts: AuthOperatorLsOptions) => {
      await authOperatorLs(deps, opts);
    });
  return examples(cmd, "nats auth operator ls", "nats auth operator ls --names");
}

/** Lists the operators in the store as natscli's table, names or JSON names. */
export async function authOperatorLs(deps: Deps, opts: AuthOperatorLsOptions): Promise<OperatorEntity[]> {
  const store = AuthStore.for(deps);
  const ops: OperatorEntity[] = [];
  for (const n of await store.operatorNames()) ops.push(await store.load(n));
  if (opts.json) {
    printJson(deps.io, ops.map((o) => o.name));
    return ops;
  }
  if (ops.length === 0) {
    deps.io.out.write("No Operators found\n");
    return ops;
  }
  if (opts.names) {
    for (const o of ops) deps.io.out.write(`${o.name}\n`);
    return ops;
  }
  printTable(deps.io, ["Name", "Subject", "Accounts", "Account Server", "Signing Keys"],
    ops.map((o) => [o.name, o.subject, o.accounts.length, o.claims.nats.account_server_url ?? "", o.claims.nats.signing_keys?.length ?? 0]), { title: "Operators" }, deps.env);
  return ops;
}
