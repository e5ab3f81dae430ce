import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { examples } from "../shared/command.js";
import { selectOperator } from "../shared/select.js";

export interface AuthOperatorKeysRmOptions { force?: boolean }

/** `nats auth operator keys rm [NAME] KEY`. */
export function authOperatorKeysRmCommand(deps: Deps): Command {
  const cmd = new Command("rm").aliases(["delete"])
    .description("Removes a Signing Key")
    .argument("[name]", "Operator to act on")
    .argument("[key]", "The public key to remove")
    .option("-f, --force", "Remove without prompting")
    .action(async (name: string | undefined, key: string | undefined, opts: AuthOperatorKeysRmOptions) => {
      await authOperatorKeysRm(deps, name, key, opts);
    });
  return examples(cmd, "nats auth operator keys rm MyOperator OC5LYP… -f");
}

/** Removes a signing key from the operator and its seed from the key store; refuses without -f when it cannot ask. */
export async function authOperatorKeysRm(deps: Deps, name: string | undefined, key: string | undefined, opts: AuthOperatorKeysRmOptions): Promise<boolean> {
  if (!key) throw usageError("public key is required", "pass the signing key to remove: nats auth operator keys rm OPERATOR KEY");
  const { store, op } = await selectOperator(deps, name);
  const keys = op.claims.nats.signing_keys ?? [];
  if (!keys.includes(key)) throw new CliError("signing key was not found", { exitCode: ExitCode.NOT_FOUND, hint: `list them with \`nats auth operator keys ls ${op.name}\`` });
  if (!(await confirmDestructive(deps.io, opts.force, `Really remove the signing key ${key}`, `remove signing key ${key}`))) return false;
  op.claims.nats.signing_keys = keys.filter((k) => k !== key);
  op.signingKeys.delete(key);
  op.deletedKeys.push(key);
  await op.resign();
  await store.commit(op);
  deps.io.out.write("Signing key removed\n");
  return true;
}
