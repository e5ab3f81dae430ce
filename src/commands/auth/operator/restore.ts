import { Command } from "commander";
import { fromSeed, type KeyPair } from "@nats-io/nkeys";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { decodeJwt, type AccountClaims, type OperatorClaims, type UserClaims } from "../shared/claims.js";
import { examples } from "../shared/command.js";
import { curveKey, readUserFile } from "../shared/keys.js";
import { AccountEntity, AuthStore, checkEntityName, UserEntity, type OperatorEntity } from "../shared/store.js";
import { showOperator } from "./shared.js";

export interface AuthOperatorRestoreOptions { key?: string }

/** `nats auth operator restore NAME FILE`. */
export function authOperatorRestoreCommand(deps: Deps): Command {
  const cmd = new Command("restore")
    .description("Restores an operator from a backup")
    .argument("<name>", "Operator to act on")
    .argument("<input>", "File to read backup from")
    .option("--key <file>", "Curve (X25519) NKey seed file to decrypt with")
    .action(async (name: string, input: string, opts: AuthOperatorRestoreOptions) => {
      await authOperatorRestore(deps, name, input, opts);
    });
  return examples(cmd, "nats auth operator restore MyOperator op.backup --key backup.xk");
}

interface KeyDoc { key?: string }
interface BackupDoc { name?: string; key?: KeyDoc | null; token?: string; signingKeys?: (KeyDoc | null)[] | null; accounts?: { name?: string; key?: KeyDoc | null; token?: string; signingKeys?: (KeyDoc | null)[] | null; users?: { name?: string; key?: KeyDoc | null; token?: string }[] | null }[] | null }

function seed(k: KeyDoc | null | undefined, where: string): KeyPair | undefined {
  if (!k?.key) return undefined;
  try {
    return fromSeed(new TextEncoder().encode(k.key));
  } catch {
    throw new CliError(`the backup holds an invalid seed for ${where}`);
  }
}

/** Recreates the operator, accounts, users and their seeds under NAME from a (possibly sealed) backup. */
export async function authOperatorRestore(deps: Deps, name: string, input: string, opts: AuthOperatorRestoreOptions): Promise<OperatorEntity> {
  checkEntityName("operator", name);
  const store = AuthStore.for(deps);
  if ((await store.operatorNames()).includes(name)) throw new CliError(`operator ${name} already exist`, { exitCode: ExitCode.CONFLICT });
  let text = (await readUserFile(deps.cwd, input, "backup file")).toString("utf8");
  if (opts.key) {
    const kp = await curveKey(deps.cwd, opts.key);
    const opened = kp.open(new Uint8Array(Buffer.from(text.trim(), "base64")), kp.getPublicKey());
    if (!opened) throw new CliError(`could not decrypt ${input} with the key in ${opts.key}`, { hint: "use the curve key the backup was made with" });
    text = new TextDecoder().decode(opened);
  }
  let doc: BackupDoc;
  try {
    doc = JSON.parse(text) as BackupDoc;
  } catch {
    throw usageError(`${input} is not an operator backup${opts.key ? "" : " (an encrypted backup needs --key)"}`);
  }
  if (!doc.token) throw usageError(`${input} is not an operator backup: it has no operator token`);
  const claims = decodeJwt<OperatorClaims["nats"]>(doc.token, "the backup's operator JWT", "operator");
  const keys = [seed(doc.key, "the operator"), ...(doc.signingKeys ?? []).map((k) => seed(k, "an operator signing key"))].filter((k): k is KeyPair => !!k);
  const op = store.adopt(name, doc.token, claims, keys);
  for (const a of doc.accounts ?? []) {
    if (!a.token) continue;
    const ac = decodeJwt<AccountClaims["nats"]>(a.token, `the backup's account ${a.name ?? ""}`, "account");
    const aname = a.name || ac.name;
    checkEntityName("account", aname);
    const akeys = [seed(a.key, `account ${aname}`), ...(a.signingKeys ?? []).map((k) => seed(k, `a signing key of ${aname}`))].filter((k): k is KeyPair => !!k);
    op.addedKeys.push(...akeys);
    const sks = new Map(akeys.filter((k) => k.getPublicKey() !== ac.sub).map((k) => [k.getPublicKey(), k]));
    const acct = new AccountEntity(op, aname, ac, a.token, akeys.find((k) => k.getPublicKey() === ac.sub), sks);
    acct.modified = true;
    for (const u of a.users ?? []) {
      if (!u.token) continue;
      const uc = decodeJwt<UserClaims["nats"]>(u.token, `the backup's user ${u.name ?? ""}`, "user");
      const uname = u.name || uc.name;
      checkEntityName("user", uname);
      const ukey = seed(u.key, `user ${uname}`);
      if (ukey) op.addedKeys.push(ukey);
      const user = new UserEntity(acct, uname, uc, u.token, ukey);
      user.modified = true;
      acct.users.push(user);
    }
    op.accounts.push(acct);
  }
  await store.commit(op);
  showOperator(deps, op, false);
  return op;
}
