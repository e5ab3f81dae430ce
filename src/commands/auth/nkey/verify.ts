import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError } from "../../../errors.js";
import { examples } from "../shared/command.js";
import { readKeyFile, readUserFile } from "../shared/keys.js";

/** `nats auth nkey verify FILE SIGFILE KEYFILE`. */
export function authNkeyVerifyCommand(deps: Deps): Command {
  const cmd = new Command("verify")
    .description("Verify signed data")
    .argument("<file>", "File containing the data to check")
    .argument("<signature>", "File containing the signature")
    .argument("<key>", "File containing NKey to use for verification (a seed or a public key)")
    .action(async (file: string, signature: string, key: string) => {
      await authNkeyVerify(deps, file, signature, key);
    });
  return examples(cmd, "nats auth nkey verify release.tgz release.sig user.pub");
}

/** Prints "Verified OK" when the signature matches, fails (exit 1) when it does not. */
export async function authNkeyVerify(deps: Deps, file: string, sigFile: string, keyFile: string): Promise<void> {
  const kp = await readKeyFile(deps.cwd, keyFile);
  const data = new Uint8Array(await readUserFile(deps.cwd, file, "file"));
  const sig = new Uint8Array(Buffer.from((await readUserFile(deps.cwd, sigFile, "signature file")).toString("utf8").trim(), "base64url"));
  let ok = false;
  try {
    ok = kp.verify(data, sig);
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`the signature in ${sigFile} does not match ${file} for key ${kp.getPublicKey()}`);
  deps.io.out.write("Verified OK\n");
}
