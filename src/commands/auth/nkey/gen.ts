import { promises as fs } from "node:fs";
import * as path from "node:path";
import { Argument, Command } from "commander";
import { createPair, fromSeed, Prefix, type KeyPair } from "@nats-io/nkeys";
import { Codec } from "@nats-io/nkeys/lib/codec.js";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { examples } from "../shared/command.js";
import { seedOf } from "../shared/store.js";
import { writeResult } from "./shared.js";

export interface AuthNkeyGenOptions { public?: boolean; entropy?: string; output?: string }

const TYPES: Record<string, Prefix> = { user: Prefix.User, account: Prefix.Account, server: Prefix.Server, cluster: Prefix.Cluster, operator: Prefix.Operator, curve: Prefix.Curve, x25519: Prefix.Curve };

/** `nats auth nkey gen TYPE`. */
export function authNkeyGenCommand(deps: Deps): Command {
  const cmd = new Command("gen")
    .description("Generates NKeys")
    .addArgument(new Argument("<type>", "Type of key to generate").choices(Object.keys(TYPES)))
    .option("--public", "Output the public key too")
    .option("--entropy <file>", "Source of entropy eg. /dev/urandom")
    .option("--output <file>", "Write the key to a file (mode 0600) instead of stdout")
    .action(async (type: string, opts: AuthNkeyGenOptions) => {
      await authNkeyGen(deps, type, opts);
    });
  return examples(cmd, "nats auth nkey gen user --output user.nk", "nats auth nkey gen curve --public");
}

/** The first `n` bytes of a file or device (/dev/urandom never ends: read only what is needed). */
async function readBytes(file: string, n: number): Promise<Buffer> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, "r");
  } catch (e) {
    throw usageError(`cannot open the entropy source ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await fh.read(buf, got, n - got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/**
 * Creates a key of the type and writes its seed (and with --public the public key) to --output or stdout:
 * printing a seed is what this command is asked for, so it is the one place a seed is shown.
 */
export async function authNkeyGen(deps: Deps, type: string, opts: AuthNkeyGenOptions): Promise<KeyPair> {
  const prefix = TYPES[type.toLowerCase()];
  if (prefix === undefined) throw usageError(`unknown key type "${type}"`, `use one of ${Object.keys(TYPES).join(", ")}`);
  let kp: KeyPair;
  if (opts.entropy) {
    // natscli reads the 32 random bytes of the seed from the entropy source
    const raw = await readBytes(path.resolve(deps.cwd, opts.entropy), 32);
    if (raw.length < 32) throw usageError(`the entropy source ${opts.entropy} gave ${raw.length} bytes, 32 are needed`);
    kp = fromSeed(Codec.encodeSeed(prefix, new Uint8Array(raw)));
  } else {
    kp = createPair(prefix);
  }
  const text = opts.public ? `${seedOf(kp)}\n${kp.getPublicKey()}` : seedOf(kp);
  await writeResult(deps, opts.output ? `${text}\n` : text, opts.output);
  return kp;
}
