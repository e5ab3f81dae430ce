import * as path from "node:path";
import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { writeFileAtomic } from "../../../context/store.js";
import { examples } from "../shared/command.js";
import { curveKey } from "../shared/keys.js";
import { selectOperator } from "../shared/select.js";
import { seedOf, type OperatorEntity } from "../shared/store.js";

export interface AuthOperatorBackupOptions { key?: string }

/** `nats auth operator backup NAME FILE`. */
export function authOperatorBackupCommand(deps: Deps): Command {
  const cmd = new Command("backup")
    .description("Creates a backup of an operator")
    .argument("<name>", "Operator to act on")
    .argument("<output>", "File to write backup to")
    .option("--key <file>", "Curve (X25519) NKey seed file to encrypt with")
    .action(async (name: string, output: string, opts: AuthOperatorBackupOptions) => {
      await authOperatorBackup(deps, name, output, opts);
    });
  return examples(cmd, "nats auth nkey gen curve --output backup.xk", "nats auth operator backup MyOperator op.backup --key backup.xk");
}

const keyJson = (kp: { getSeed(): Uint8Array } | undefined) => (kp ? { key: seedOf(kp as never) } : null);

/** The operator, its accounts and users with every seed, in natscli's backup format (jwt-auth-builder's JSON). */
export function backupDocument(op: OperatorEntity): Record<string, unknown> {
  return {
    name: op.name,
    key: keyJson(op.key),
    token: op.token,
    signingKeys: [...op.signingKeys.values()].map(keyJson),
    accounts: op.accounts.map((a) => ({
      name: a.name,
      key: keyJson(a.key),
      token: a.token,
      signingKeys: [...a.signingKeys.values()].map(keyJson),
      users: a.users.map((u) => ({ name: u.name, key: keyJson(u.key), token: u.token })),
    })),
  };
}

/**
 * Writes the backup atomically with mode 0600; with --key it is sealed to the curve key (base64, as natscli).
 * The seeds go only into the file the user asked for, never to the terminal.
 */
export async function authOperatorBackup(deps: Deps, name: string, output: string, opts: AuthOperatorBackupOptions): Promise<void> {
  const { op } = await selectOperator(deps, name);
  let data: string = JSON.stringify(backupDocument(op), null, 2);
  if (opts.key) {
    const kp = await curveKey(deps.cwd, opts.key);
    data = Buffer.from(kp.seal(new TextEncoder().encode(data), kp.getPublicKey())).toString("base64");
  }
  await writeFileAtomic(path.resolve(deps.cwd, output), data);
  deps.io.out.write(`Wrote backup for ${op.name} to ${output}\n`);
  if (!opts.key) deps.io.err.write("\nWARNING: The output file is unencrypted and contains secrets,\nconsider encrypting it with 'nats auth nkey seal'\n");
}
