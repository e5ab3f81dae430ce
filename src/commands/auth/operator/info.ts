import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";
import type { OperatorEntity } from "../shared/store.js";
import { showOperator } from "./shared.js";

export interface AuthOperatorInfoOptions { json?: boolean }

/** `nats auth operator info [NAME]`. */
export function authOperatorInfoCommand(deps: Deps): Command {
  const cmd = new Command("info").aliases(["i", "show", "view"])
    .description("Show Operator information")
    .argument("[name]", "Operator to view")
    .option("-j, --json", "Produce JSON output (seeds masked)")
    .action(async (name: string | undefined, opts: AuthOperatorInfoOptions) => {
      await authOperatorInfo(deps, name, opts);
    });
  return examples(cmd, "nats auth operator info MyOperator", "nats auth operator info --json");
}

/** Shows the operator (the selected or only one when no name is given). */
export async function authOperatorInfo(deps: Deps, name: string | undefined, opts: AuthOperatorInfoOptions): Promise<OperatorEntity> {
  const { op } = await selectOperator(deps, name);
  showOperator(deps, op, opts.json);
  return op;
}
