import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fromPublic, fromSeed, type KeyPair } from "@nats-io/nkeys";
import { usageError } from "../../../errors.js";

/** Reads a file the user named, as a usage error that names it when it cannot be read. */
export async function readUserFile(cwd: string, file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(path.resolve(cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(`${what} ${file} ${code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : `cannot be read (${code})`}`);
  }
}

/**
 * The first line of a key file that is an nkey (natscli's ReadKeyFile): a seed gives a full key pair, a public
 * key one that can only verify (or be a recipient). The file's text is never echoed in errors: it is a secret.
 */
export async function readKeyFile(cwd: string, file: string, opts: { seedOnly?: boolean } = {}): Promise<KeyPair> {
  const text = (await readUserFile(cwd, file, "key file")).toString("utf8");
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    try {
      if (line.startsWith("S")) return fromSeed(new TextEncoder().encode(line));
      if (!opts.seedOnly) return fromPublic(line);
    } catch {
      // not an nkey: keep looking, as natscli does
    }
  }
  throw usageError(`could not find a valid ${opts.seedOnly ? "seed" : "key"} in ${file}`, "an nkey file holds a seed (S…) or a public key on a line of its own");
}

/** A curve (X25519, X…) key pair from a seed file, for sealing and opening. */
export async function curveKey(cwd: string, file: string): Promise<KeyPair> {
  const kp = await readKeyFile(cwd, file, { seedOnly: true });
  if (!kp.getPublicKey().startsWith("X")) throw usageError(`the key in ${file} is not a curve (X25519) key`, "make one with `nats auth nkey gen curve --output FILE`");
  return kp;
}
