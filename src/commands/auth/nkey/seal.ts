import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { examples } from "../shared/command.js";
import { curveKey, readUserFile } from "../shared/keys.js";
import { publicKey } from "../shared/store.js";
import { writeResult } from "./shared.js";

export interface AuthNkeySealOptions { output?: string; b64: boolean }

/** `nats auth nkey seal FILE KEYFILE RECIPIENT`. */
export function authNkeySealCommand(deps: Deps): Command {
  const cmd = new Command("seal").aliases(["encrypt", "enc"])
    .description("Encrypts a file using NKeys")
    .argument("<file>", "File to encrypt")
    .argument("<key>", "File containing NKey to encrypt with")
    .argument("<recipient>", "Public XKey of recipient")
    .option("--output <file>", "Write the encrypted data to a file")
    .option("--b64", "Write base64 encoded data (default)", true)
    .option("--no-b64", "Write the raw encrypted bytes")
    .action(async (file: string, key: string, recipient: string, opts: AuthNkeySealOptions) => {
      await authNkeySeal(deps, file, key, recipient, opts);
    });
  return examples(cmd, "nats auth nkey seal secret.txt me.xk XAB3… --output secret.enc");
}

/** Seals the file for the recipient's curve key (xkv1 format, as nkeys in Go), base64 unless --no-b64. */
export async function authNkeySeal(deps: Deps, file: string, keyFile: string, recipient: string, opts: AuthNkeySealOptions): Promise<void> {
  publicKey(recipient, "X", "recipient public XKey");
  const kp = await curveKey(deps.cwd, keyFile);
  const sealed = kp.seal(new Uint8Array(await readUserFile(deps.cwd, file, "file")), recipient);
  await writeResult(deps, opts.b64 ? Buffer.from(sealed).toString("base64") : sealed, opts.output);
}
