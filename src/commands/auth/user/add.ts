import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { ask, canPrompt, valid } from "../../../output/prompt.js";
import { parseSize } from "../../../util/size.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount } from "../shared/select.js";
import { checkEntityName, type UserEntity } from "../shared/store.js";
import { addUserOptions, applyUserFlags, showUser, writeCreds, type UserLimitOptions } from "./shared.js";

export interface AuthUserAddOptions extends UserLimitOptions { key?: string; operator?: string; force?: boolean; credential?: string; defaults?: boolean }

/** `nats auth user add NAME [ACCOUNT]`. */
export function authUserAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["create", "new"])
    .description("Adds a new User")
    .argument("<name>", "Unique name for this User")
    .argument("[account]", "Account to add the user to")
    .option("--key <key>", "The signing key (public key, or the role of a scoped key) to issue the user with")
    .option("--operator <name>", "Operator to add the user to");
  addUserOptions(cmd, false)
    .option("-f, --force", "Overwrite existing files")
    .option("--credential <file>", "Writes credentials to a file (mode 0600)")
    .option("--defaults", "Accept default values without prompting")
    .action(async (name: string, account: string | undefined, opts: AuthUserAddOptions) => {
      await authUserAdd(deps, name, account, opts);
    });
  return examples(cmd, "nats auth user add alice MyAccount --defaults --credential alice.creds", "nats auth user add svc MyAccount --sub-allow 'svc.>' --pub-allow '_INBOX.>' --defaults");
}

/** Finds the signing key a --key names: a public key of the account, or the role of exactly one scoped key. */
function issuerKey(acct: UserEntity["account"], key: string): string {
  if (key === acct.subject || acct.signingKeyList().includes(key)) return key;
  const byRole = acct.scopes().filter((s) => s.role === key);
  if (byRole.length === 1) return byRole[0]!.key;
  if (byRole.length > 1) throw usageError(`role ${key} has ${byRole.length} signing keys in account ${acct.name}: pass the public key`);
  throw new CliError(`signing key ${key} not found in account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list them with \`nats auth account keys ls ${acct.name}\`` });
}

/** Creates the user (asking for its payload and subscription limits on a terminal without --defaults). */
export async function authUserAdd(deps: Deps, name: string, account: string | undefined, opts: AuthUserAddOptions): Promise<UserEntity> {
  checkEntityName("user", name);
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  if (acct.user(name)) throw new CliError(`user ${name} already exist`, { exitCode: ExitCode.CONFLICT });
  const issuer = opts.key ? issuerKey(acct, opts.key) : acct.subject;
  const scoped = acct.scope(issuer) !== undefined;
  if (!scoped) {
    if (!opts.defaults && canPrompt(deps.io)) {
      if (opts.payload === undefined) opts.payload = await ask(deps.io, "Maximum Payload", { default: "-1", validate: valid.parsed((v) => parseSize(v, "--payload")) });
      if (opts.subscriptions === undefined) opts.subscriptions = await ask(deps.io, "Maximum Subscriptions", { default: "-1", validate: valid.integer() });
    }
    // natscli's flag defaults when nothing is asked
    opts.payload ??= "1048576";
    opts.subscriptions ??= "-1";
    opts.data ??= "-1";
  }
  const user = await acct.addUser(name, issuer);
  applyUserFlags(user, opts);
  await user.resign();
  await store.commit(op);
  if (opts.credential) await writeCreds(deps, user, opts.credential, opts.force);
  showUser(deps, user, false);
  return user;
}
