import { Command } from "commander";
import { randomInt } from "node:crypto";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { canPrompt, readSecret } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";

export interface ServerPasswdOptions { pass?: string; cost: string; generate?: boolean }

// natscli's passphrase alphabet (internal/util RandomPassword)
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#_-%^&()";

/** A random passphrase of `n` characters from a CSPRNG. */
export function randomPassword(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/**
 * A bcrypt hash of the password as nats-server accepts in `password:` (Go's bcrypt reads the $2b$
 * bcryptjs writes). The password comes from --pass, $PASSWORD, --generate, a hidden prompt on a
 * terminal, or the first line of stdin.
 */
export async function serverPasswd(deps: Deps, o: ServerPasswdOptions): Promise<string> {
  const cost = parseIntFlag(o.cost, "--cost");
  if (cost < 4 || cost > 31) throw usageError(`bcrypt cost should be between 4 and 31, not ${cost}`);
  let pass = o.pass ?? deps.env.PASSWORD ?? "";
  if (!pass && o.generate) {
    pass = randomPassword(22);
    deps.io.out.write(`Generated password: ${pass}\n`);
  } else if (!pass && canPrompt(deps.io)) {
    const a = await readSecret(deps.io, "? Enter password: ");
    const b = await readSecret(deps.io, "? Re-enter password: ");
    if (a !== b) throw usageError("entered and re-entered passwords do not match");
    pass = a;
  } else if (!pass) {
    const { readAll } = await import("../../util/stdin.js");
    pass = (await readAll(deps.io.in as NodeJS.ReadableStream, deps.signal)).toString("utf8").split(/\r?\n/)[0] ?? "";
    if (!pass) throw usageError("no password given", "pass --pass, set PASSWORD, pipe it on stdin or use --generate");
  }
  if (pass.length < 10) throw usageError("password should be at least 10 characters long");
  const bcrypt = (await import("bcryptjs")).default;
  const hash = await bcrypt.hash(pass, await bcrypt.genSalt(cost));
  deps.io.out.write(o.generate ? `       bcrypt hash: ${hash}\n` : `${hash}\n`);
  return hash;
}

/** `nats server passwd` (mkpasswd, pass, password): a bcrypt hash for the server's configuration. */
export function serverPasswdCommand(deps: Deps): Command {
  return new Command("passwd").aliases(["mkpasswd", "pass", "password"])
    .description("Creates encrypted passwords for use in NATS Server")
    .option("-p, --pass <password>", "The password to encrypt (default $PASSWORD; visible to other users in the process list, prefer stdin)")
    .option("-c, --cost <n>", "The cost to use in the bcrypt argument", "11")
    .option("-g, --generate", "Generates a secure passphrase and encrypt it")
    .addHelpText("after", "\nExamples:\n  nats server passwd --generate\n  printf '%s\\n' \"$SECRET\" | nats server passwd   # then: password: \"<hash>\" in the server config\n")
    .action(async (o: ServerPasswdOptions) => { await serverPasswd(deps, o); });
}
