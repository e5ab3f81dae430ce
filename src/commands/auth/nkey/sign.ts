import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { readKeyFile, readUserFile } from "../shared/keys.js";

/** `nats auth nkey sign FILE KEYFILE`. */
export function authNkeySignCommand(deps: Deps): Command {
  const cmd = new Command("sign")
    .description("Signs data using NKeys")
    .argument("<file>", "File to sign")
    .argument("<key>", "File containing NKey to sign with")
    .action(async (file: string, key: string) => {
      await authNkeySign(deps, file, key);
    });
  return examples(cmd, "nats auth nkey sign release.tgz user.nk > release.sig");
}

/** Prints the file's ed25519 signature as unpadded base64url, as natscli does. */
export async function authNkeySign(deps: Deps, file: string, keyFile: string): Promise<string> {
  const kp = await readKeyFile(deps.cwd, keyFile, { seedOnly: true });
  const sig = Buffer.from(kp.sign(new Uint8Array(await readUserFile(deps.cwd, file, "file")))).toString("base64url");
  deps.io.out.write(`${sig}\n`);
  return sig;
}
