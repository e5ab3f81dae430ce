import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";

/** `nats auth operator keys ls [NAME]`. */
export function authOperatorKeysLsCommand(deps: Deps): Command {
  const cmd = new Command("list").aliases(["ls"])
    .description("List Signing Keys")
    .argument("[name]", "Operator to act on")
    .action(async (name: string | undefined) => {
      await authOperatorKeysLs(deps, name);
    });
  return examples(cmd, "nats auth operator keys ls MyOperator");
}

/** Prints the operator's signing keys, one public key per line. */
export async function authOperatorKeysLs(deps: Deps, name: string | undefined): Promise<string[]> {
  const { op } = await selectOperator(deps, name);
  const keys = op.claims.nats.signing_keys ?? [];
  for (const k of keys) deps.io.out.write(`${k}\n`);
  return keys;
}
