import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";

/** `nats auth operator keys add [NAME]`. */
export function authOperatorKeysAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["new", "create"])
    .description("Adds a new Signing Key")
    .argument("[name]", "Operator to act on")
    .action(async (name: string | undefined) => {
      await authOperatorKeysAdd(deps, name);
    });
  return examples(cmd, "nats auth operator keys add MyOperator");
}

/** Creates a signing key, stores its seed, re-signs the operator and prints the new public key. */
export async function authOperatorKeysAdd(deps: Deps, name: string | undefined): Promise<string> {
  const { store, op } = await selectOperator(deps, name);
  const pub = op.addSigningKey();
  await op.resign();
  await store.commit(op);
  deps.io.out.write(`${pub}\n`);
  return pub;
}
