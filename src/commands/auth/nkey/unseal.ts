import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError } from "../../../errors.js";
import { examples } from "../shared/command.js";
import { curveKey, readUserFile } from "../shared/keys.js";
import { publicKey } from "../shared/store.js";
import { writeResult } from "./shared.js";

export interface AuthNkeyUnsealOptions { output?: string; b64: boolean }

/** `nats auth nkey unseal FILE KEYFILE SENDER`. */
export function authNkeyUnsealCommand(deps: Deps): Command {
  const cmd = new Command("unseal").aliases(["open", "decrypt", "dec"])
    .description("Decrypts a file using NKeys")
    .argument("<file>", "File to decrypt")
    .argument("<key>", "File containing NKey to decrypt with")
    .argument("<sender>", "Public XKey of sender")
    .option("--output <file>", "Write the decrypted data to a file (mode 0600)")
    .option("--b64", "Read data in as base64 encoded (default)", true)
    .option("--no-b64", "Read the raw encrypted bytes")
    .action(async (file: string, key: string, sender: string, opts: AuthNkeyUnsealOptions) => {
      await authNkeyUnseal(deps, file, key, sender, opts);
    });
  return examples(cmd, "nats auth nkey unseal secret.enc me.xk XCD4… --output secret.txt");
}

/** Opens data sealed for our curve key by the sender; fails when it was not (or was tampered with). */
export async function authNkeyUnseal(deps: Deps, file: string, keyFile: string, sender: string, opts: AuthNkeyUnsealOptions): Promise<void> {
  publicKey(sender, "X", "sender public XKey");
  const kp = await curveKey(deps.cwd, keyFile);
  const raw = await readUserFile(deps.cwd, file, "file");
  const data = opts.b64 ? Buffer.from(raw.toString("utf8").trim(), "base64") : raw;
  let opened: Uint8Array | null = null;
  try {
    opened = kp.open(new Uint8Array(data), sender);
  } catch {
    opened = null;
  }
  if (!opened) throw new CliError(`could not decrypt ${file}: it was not sealed for this key by ${sender}, or it was changed`);
  await writeResult(deps, opened, opts.output);
}
