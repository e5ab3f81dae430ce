import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { readKeyFile } from "../shared/keys.js";

/** `nats auth nkey show KEYFILE`. */
export function authNkeyShowCommand(deps: Deps): Command {
  const cmd = new Command("show")
    .description("Show the public key")
    .argument("<key>", "File containing NKey to act on")
    .action(async (key: string) => {
      await authNkeyShow(deps, key);
    });
  return examples(cmd, "nats auth nkey show user.nk");
}

/** Prints the public key of the seed in a file. */
export async function authNkeyShow(deps: Deps, keyFile: string): Promise<string> {
  const pub = (await readKeyFile(deps.cwd, keyFile, { seedOnly: true })).getPublicKey();
  deps.io.out.write(`${pub}\n`);
  return pub;
}
