import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { parseDuration } from "../../../util/duration.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount, selectUser } from "../shared/select.js";
import { writeCreds } from "./shared.js";

export interface AuthUserCredentialOptions { expire?: string; operator?: string; force?: boolean }

/** `nats auth user credential FILE [NAME] [ACCOUNT]`. */
export function authUserCredentialCommand(deps: Deps): Command {
  const cmd = new Command("credential").aliases(["cred", "creds"])
    .description("Creates a credential file for a user")
    .argument("<file>", "The file to create (mode 0600)")
    .argument("[name]", "User to generate a credential for")
    .argument("[account]", "Account to query")
    .option("--expire <duration>", "Duration till expiry")
    .option("--operator <name>", "Operator holding the Account")
    .option("-f, --force", "Overwrite existing files")
    .action(async (file: string, name: string | undefined, account: string | undefined, opts: AuthUserCredentialOptions) => {
      await authUserCredential(deps, file, name, account, opts);
    });
  return examples(cmd, "nats auth user credential admin.creds admin SYSTEM", "nats auth user cred alice.creds alice MyAccount --expire 24h");
}

/** Writes the user's .creds file: the secret goes to the file the user named, never to the terminal. */
export async function authUserCredential(deps: Deps, file: string, name: string | undefined, account: string | undefined, opts: AuthUserCredentialOptions): Promise<string> {
  const expire = opts.expire === undefined ? undefined : parseDuration(opts.expire, "--expire");
  const { acct } = await selectOperatorAccount(deps, opts.operator, account);
  const user = await selectUser(deps, acct, name);
  const full = await writeCreds(deps, user, file, opts.force, expire);
  deps.io.out.write(`Wrote credential for ${user.name} to ${file}\n`);
  return full;
}
