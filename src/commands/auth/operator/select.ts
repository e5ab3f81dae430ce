import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";
import type { OperatorEntity } from "../shared/store.js";

/** `nats auth operator select [NAME]`. */
export function authOperatorSelectCommand(deps: Deps): Command {
  const cmd = new Command("select")
    .description("Selects the default operator")
    .argument("[name]", "Operator to select")
    .action(async (name: string | undefined) => {
      await authOperatorSelect(deps, name);
    });
  return examples(cmd, "nats auth operator select MyOperator");
}

/** Makes the operator the default of every auth command (natscli's $XDG_CONFIG_HOME/nats/cli/config.json). */
export async function authOperatorSelect(deps: Deps, name: string | undefined): Promise<OperatorEntity> {
  const { store, op } = await selectOperator(deps, name, false);
  await store.selectOperator(op.name);
  deps.io.out.write(`Selected operator "${op.name}" as default\n`);
  return op;
}
