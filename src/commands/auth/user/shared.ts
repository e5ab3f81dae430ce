import * as path from "node:path";
import { promises as fs } from "node:fs";
import { fmtCreds } from "@nats-io/jwt";
import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { writeFileAtomic } from "../../../context/store.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { Columns } from "../../../output/columns.js";
import { printJson } from "../../../output/json.js";
import { collect } from "../../../util/flags.js";
import { parseSize } from "../../../util/size.js";
import { decodeJwt, signClaims, type Permission, type UserLimits } from "../shared/claims.js";
import { listOption, parseLimit, updateTags, userJson } from "../shared/command.js";
import { renderUserLimits } from "../shared/limits.js";
import type { UserEntity } from "../shared/store.js";

/** The permission and limit flags of `user add` and `user edit` (natscli addCreateFlags); undefined when not given. */
export interface UserLimitOptions {
  bearer?: boolean;
  data?: string;
  locale?: string;
  payload?: string;
  pubAllow?: string[];
  pubDeny?: string[];
  subAllow?: string[];
  subDeny?: string[];
  subscriptions?: string;
  tags?: string[];
  noTags?: string[];
}

/** Adds natscli's user flags to `cmd`. */
export function addUserOptions(cmd: Command, edit: boolean): Command {
  cmd
    .option("--bearer", "Enables the use of bearer tokens")
    .option("--no-bearer", "Disables the use of bearer tokens")
    .option("--data <bytes>", "Maximum message data size to allow (default -1)")
    .option("--locale <zone>", "Sets the locale (IANA time zone) for the user connection")
    .option("--payload <bytes>", "Maximum payload size to allow (default 1048576 with --defaults or without a terminal)")
    .option("--pub-allow <subject>", "Allow publishing to a subject (repeatable; \"\" clears the list)", collect)
    .option("--pub-deny <subject>", "Deny publishing to a subject (repeatable; \"\" clears the list)", collect)
    .option("--sub-allow <subject>", "Allow subscribing to a subject (repeatable; \"\" clears the list)", collect)
    .option("--sub-deny <subject>", "Deny subscribing to a subject (repeatable; \"\" clears the list)", collect)
    .option("--subscriptions <n>", "Maximum subscription count to allow (default -1)")
    .option("--tags <tag>", "Tags to assign to this User (repeatable)", collect);
  if (edit) cmd.addOption(listOption("--no-tags <tag>", "Tags to remove from this User (repeatable)", "noTags"));
  return cmd;
}

/** A permission list as given: `""` alone clears it (natscli). */
function perm(list: string[] | undefined, cur: string[] | undefined): string[] | undefined {
  if (list === undefined) return cur;
  const l = list.filter((s) => s !== "");
  return l.length ? l : undefined;
}

/** Whether any permission or limit flag was given (scoped users cannot take them). */
export function limitsGiven(o: UserLimitOptions): boolean {
  return [o.bearer, o.data, o.locale, o.payload, o.pubAllow, o.pubDeny, o.subAllow, o.subDeny, o.subscriptions].some((v) => v !== undefined);
}

/**
 * Applies the flags to the user's claims. Unlike natscli's edit (which resets every limit not given to its
 * flag default), only what was given changes. A scoped user's limits belong to its signing key.
 */
export function applyUserFlags(u: UserEntity, o: UserLimitOptions): void {
  const n = u.claims.nats;
  n.tags = updateTags(n.tags, o.tags, o.noTags);
  if (!limitsGiven(o)) return;
  if (u.scoped) {
    const role = u.account.scope(u.issuer)?.role ?? "";
    throw usageError(`user ${u.name} is issued by the scoped signing key ${u.issuer} (role ${role}): its permissions and limits are the key's`, `change them with \`nats auth account keys\`, or issue the user with the account key`);
  }
  if (o.payload !== undefined) n.payload = parseSize(o.payload, "--payload");
  if (o.data !== undefined) n.data = parseSize(o.data, "--data");
  if (o.subscriptions !== undefined) n.subs = parseLimit(o.subscriptions, "--subscriptions");
  if (o.bearer !== undefined) n.bearer_token = o.bearer || undefined;
  if (o.locale !== undefined) n.times_location = o.locale || undefined;
  const pub: Permission = { allow: perm(o.pubAllow, n.pub?.allow), deny: perm(o.pubDeny, n.pub?.deny) };
  const sub: Permission = { allow: perm(o.subAllow, n.sub?.allow), deny: perm(o.subDeny, n.sub?.deny) };
  n.pub = pub;
  n.sub = sub;
}

/** The limits that apply to a user: its own, or its scoped signing key's template. */
export function effectiveLimits(u: UserEntity): UserLimits {
  return u.account.scope(u.issuer)?.template ?? u.claims.nats;
}

/** Shows a user as natscli's `auth user info` does, or as JSON (seed and JWT masked). */
export function showUser(deps: Deps, u: UserEntity, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, userJson(u));
    return;
  }
  const c = new Columns(`User ${u.name} (${u.subject})`);
  c.title("Configuration");
  c.row("Account", `${u.account.name} (${u.issuerAccount})`);
  c.row("Issuer", u.issuer);
  c.row("Scoped", u.scoped);
  if (u.claims.nats.tags?.length) c.list("Tags", u.claims.nats.tags);
  if (u.claims.exp) c.row("Expires", new Date(u.claims.exp * 1000).toISOString());
  renderUserLimits(c, effectiveLimits(u));
  c.print(deps.io);
}

/**
 * Writes the user's credentials (JWT and seed) to a file, atomically with mode 0600. With `expireMs` the
 * JWT in the file expires then (the stored user is unchanged). Refuses to replace a file without force.
 */
export async function writeCreds(deps: Deps, u: UserEntity, file: string, force: boolean | undefined, expireMs?: number): Promise<string> {
  const full = path.resolve(deps.cwd, file);
  if (!force && (await fs.stat(full).then(() => true, () => false))) {
    throw new CliError(`file ${file} already exist`, { exitCode: ExitCode.CONFLICT, hint: "pass -f/--force to replace it" });
  }
  if (!u.key) throw new CliError(`the seed of user ${u.name} (${u.subject}) is not in the key store: no credential can be made`);
  let token = u.token;
  if (expireMs !== undefined && expireMs > 0) {
    const claims = { ...u.claims, exp: Math.floor((deps.now() + expireMs) / 1000) };
    token = await signClaims(claims, "user", u.account.keyFor(u.issuer));
    decodeJwt(token, `user ${u.name}`, "user");
  }
  await writeFileAtomic(full, fmtCreds(token, u.key as never));
  return full;
}
