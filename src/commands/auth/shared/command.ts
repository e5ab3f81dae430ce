import { Option } from "commander";
import { collect, parseIntFlag } from "../../../util/flags.js";
import { usageError } from "../../../errors.js";
import { mask } from "../../../redact.js";
import { seedOf, type AccountEntity, type OperatorEntity, type UserEntity } from "./store.js";

// every auth command shows at least one example
export { examples } from "../../shared/examples.js";

/**
 * A repeatable `--no-NAME <value>` option kept apart from `--NAME`: commander would read it as the negation
 * of --NAME and fold both into one value, but natscli's --no-tags is a list of tags to remove.
 */
export function listOption(flags: string, description: string, attribute: string): Option {
  const o = new Option(flags, description).argParser(collect);
  o.negate = false;
  o.attributeName = () => attribute;
  return o;
}

/** Applies --tags / --no-tags as jwt.TagList does: trimmed, lower-cased, no duplicates. */
export function updateTags(tags: string[] | undefined, add: string[] = [], rm: string[] = []): string[] | undefined {
  const norm = (t: string) => t.trim().toLowerCase();
  if ([...add, ...rm].some((t) => !t.trim())) throw usageError("tags cannot be empty");
  const out = [...(tags ?? [])];
  for (const t of add.map(norm)) if (!out.includes(t)) out.push(t);
  const drop = new Set(rm.map(norm));
  const kept = out.filter((t) => !drop.has(t));
  return kept.length ? kept : undefined;
}

/** A whole-number flag where -1 means unlimited. */
export function parseLimit(v: string, flag: string): number {
  return parseIntFlag(v, flag, { minusOne: "unlimited" });
}

// natscli's --json prints jwt-auth-builder's structures, seeds included. natsx keeps their shape but never the
// secrets: seeds are masked and a user's JWT (half of its credential) too; operator and account JWTs are public
// documents (servers hand them out), so they stay.
const maskedKey = (kp: { getSeed(): Uint8Array } | undefined) => (kp ? { key: mask(seedOf(kp as never)) } : null);

/** A user as natscli's --json shows it (name, key, token), secrets masked. */
export function userJson(u: UserEntity): Record<string, unknown> {
  return { name: u.name, key: maskedKey(u.key), token: mask(u.token) };
}

/** An account as natscli's --json shows it, secrets masked. */
export function accountJson(a: AccountEntity): Record<string, unknown> {
  return { name: a.name, key: maskedKey(a.key), token: a.token, signingKeys: [...a.signingKeys.values()].map(maskedKey), users: a.users.map(userJson) };
}

/** An operator as natscli's --json shows it, secrets masked. */
export function operatorJson(op: OperatorEntity): Record<string, unknown> {
  return { name: op.name, key: maskedKey(op.key), token: op.token, signingKeys: [...op.signingKeys.values()].map(maskedKey), accounts: op.accounts.map(accountJson) };
}

/** Checks a URL flag (natscli parses them as URLs) and returns it as given. */
export function checkUrl(v: string, flag: string): string {
  try {
    new URL(v);
  } catch {
    throw usageError(`invalid ${flag} "${v}": expected a URL such as nats://host:4222 or https://host/jwt/v1`);
  }
  return v;
}
