import { Command, Option } from "commander";
import type { Deps } from "../../../../deps.js";
import { usageError } from "../../../../errors.js";
import { ask, canPrompt } from "../../../../output/prompt.js";
import { collect } from "../../../../util/flags.js";
import { parseSize } from "../../../../util/size.js";
import type { UserScope } from "../../shared/claims.js";
import { examples, parseLimit } from "../../shared/command.js";
import { CONNECTION_NAMES, connectionTypes } from "../../shared/limits.js";
import { selectOperatorAccount } from "../../shared/select.js";
import { showScope } from "./shared.js";

export interface AuthAccountKeysAddOptions {
  operator?: string; description?: string; subscriptions?: string; payload?: string; bearer?: boolean; locale?: string;
  connection?: string[]; pubAllow?: string[]; pubDeny?: string[]; subAllow?: string[]; subDeny?: string[];
}

/** `nats auth account keys add [ACCOUNT] [ROLE]`. */
export function authAccountKeysAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["new", "a", "n"])
    .description("Adds a signing key")
    .argument("[account]", "Account to act on")
    .argument("[role]", "The role to add a key for")
    .option("--operator <name>", "Operator to act on")
    .option("--description <text>", "Description for the signing key")
    .option("--subscriptions <n>", "Maximum allowed subscriptions (default -1)")
    .option("--payload <bytes>", "Maximum allowed payload (default -1)")
    .option("--bearer", "Allows bearer tokens")
    .option("--locale <zone>", "Locale for the client")
    .addOption(new Option("--connection <type>", "Set the allowed connections (repeatable)").choices(CONNECTION_NAMES).argParser(collect))
    .option("--pub-allow <subject>", "Sets subjects where publishing is allowed (repeatable)", collect)
    .option("--pub-deny <subject>", "Sets subjects where publishing is denied (repeatable)", collect)
    .option("--sub-allow <subject>", "Sets subjects where subscribing is allowed (repeatable)", collect)
    .option("--sub-deny <subject>", "Sets subjects where subscribing is denied (repeatable)", collect)
    .action(async (account: string | undefined, role: string | undefined, opts: AuthAccountKeysAddOptions) => {
      await authAccountKeysAdd(deps, account, role, opts);
    });
  return examples(cmd, "nats auth account keys add MyAccount ops --pub-allow 'ops.>' --sub-allow 'ops.>' --sub-allow '_INBOX.>'", "nats auth user add worker MyAccount --key ops   # a user issued by that key");
}

/**
 * Adds a scoped signing key for a role: users it issues get exactly the template's permissions and limits
 * (the server enforces the key's template, not the user JWT).
 */
export async function authAccountKeysAdd(deps: Deps, account: string | undefined, role: string | undefined, opts: AuthAccountKeysAddOptions): Promise<UserScope> {
  const { store, op, acct } = await selectOperatorAccount(deps, opts.operator, account);
  if (!role) {
    if (!canPrompt(deps.io)) throw usageError("no role given", "pass the role: nats auth account keys add ACCOUNT ROLE");
    role = await ask(deps.io, "Role Name", { required: true });
  }
  const kp = op.newKey("account");
  const conn = opts.connection === undefined ? undefined : connectionTypes(opts.connection);
  const scope: UserScope = {
    kind: "user_scope",
    key: kp.getPublicKey(),
    role,
    template: {
      pub: { allow: opts.pubAllow, deny: opts.pubDeny },
      sub: { allow: opts.subAllow, deny: opts.subDeny },
      subs: opts.subscriptions === undefined ? -1 : parseLimit(opts.subscriptions, "--subscriptions"),
      data: -1,
      payload: opts.payload === undefined ? -1 : parseSize(opts.payload, "--payload"),
      bearer_token: opts.bearer || undefined,
      times_location: opts.locale || undefined,
      allowed_connection_types: conn,
    },
    description: opts.description ?? "",
  };
  acct.claims.nats.signing_keys = [...(acct.claims.nats.signing_keys ?? []), scope];
  acct.signingKeys.set(scope.key, kp);
  await acct.resign();
  await store.commit(op);
  showScope(deps, acct.scope(scope.key)!, false);
  return scope;
}
