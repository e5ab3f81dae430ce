import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { canPrompt, pick } from "../../../output/prompt.js";
import { AuthStore, type AccountEntity, type OperatorEntity, type UserEntity } from "./store.js";

/** An operator and the store it came from, ready to change and commit. */
export interface Selected { store: AuthStore; op: OperatorEntity }

/**
 * The operator a command acts on (natscli internal/auth SelectOperator): the name given, else the selected
 * one (`nats auth operator select`), else the only one, else a pick on a terminal. Unlike natscli, a name
 * that is not in the store is an error rather than a silent switch to the only operator.
 */
export async function selectOperator(deps: Deps, name: string | undefined, useSelected = true): Promise<Selected> {
  const store = AuthStore.for(deps);
  const names = await store.operatorNames();
  if (name) {
    if (!names.includes(name)) throw unknownOperator(name);
    return { store, op: await store.load(name) };
  }
  if (useSelected) {
    const sel = await store.selectedOperator();
    if (sel && names.includes(sel)) return { store, op: await store.load(sel) };
  }
  if (names.length === 0) throw new CliError("no operators found", { exitCode: ExitCode.NOT_FOUND, hint: "create one with `nats auth operator add NAME`" });
  if (names.length === 1) return { store, op: await store.load(names[0]!) };
  if (!canPrompt(deps.io)) {
    throw usageError("cannot pick an Operator without a terminal and no operator name supplied", "pass the operator name (--operator NAME), or choose a default with `nats auth operator select NAME`");
  }
  const chosen = await pick(deps.io, "Select an Operator", names.map((n) => ({ value: n, label: n })));
  return { store, op: await store.load(chosen) };
}

/** The "unknown operator" error (exit 7). */
export function unknownOperator(name: string): CliError {
  return new CliError(`unknown operator: ${name}`, { exitCode: ExitCode.NOT_FOUND, hint: "list them with `nats auth operator ls`" });
}

/** The "unknown account" error (exit 7). */
export function unknownAccount(name: string, op: OperatorEntity): CliError {
  return new CliError(`unknown Account: ${name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list the accounts of operator ${op.name} with \`nats auth account ls\`` });
}

/** An account by name or public key; without one, a pick on a terminal (natscli SelectOperatorAccount). */
export async function selectAccount(deps: Deps, op: OperatorEntity, name: string | undefined, prompt = "Select an Account"): Promise<AccountEntity> {
  if (name) {
    const a = op.account(name);
    if (!a) throw unknownAccount(name, op);
    return a;
  }
  if (!canPrompt(deps.io)) throw usageError("cannot pick an Account without a terminal and no Account name supplied", "pass the account name");
  if (op.accounts.length === 0) throw new CliError("no accounts found", { exitCode: ExitCode.NOT_FOUND });
  const names = op.accounts.map((a) => a.name).sort();
  return op.account(await pick(deps.io, prompt, names.map((n) => ({ value: n, label: n }))))!;
}

/** The operator and account a command names (`--operator`, the ACCOUNT argument). */
export async function selectOperatorAccount(deps: Deps, operator: string | undefined, account: string | undefined): Promise<Selected & { acct: AccountEntity }> {
  const s = await selectOperator(deps, operator);
  return { ...s, acct: await selectAccount(deps, s.op, account) };
}

/** A user by name or public key; without one, a pick on a terminal. */
export async function selectUser(deps: Deps, acct: AccountEntity, name: string | undefined): Promise<UserEntity> {
  if (name) {
    const u = acct.user(name);
    if (!u) throw new CliError(`user ${name} not found in account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list them with \`nats auth user ls ${acct.name}\`` });
    return u;
  }
  if (acct.users.length === 0) throw new CliError(`no users found in ${acct.name}`, { exitCode: ExitCode.NOT_FOUND });
  if (!canPrompt(deps.io)) throw usageError("cannot pick a User without a terminal and no User name supplied", "pass the user name");
  const names = acct.users.map((u) => u.name).sort();
  return acct.user(await pick(deps.io, "Select a User", names.map((n) => ({ value: n, label: n }))))!;
}

/** `given`, or on a terminal a pick among `choices`; without one, the usage error `missing` with `hint`. */
export async function pickValue(deps: Deps, given: string | undefined, choices: string[], question: string, missing: string, hint: string): Promise<string> {
  if (given) return given;
  if (!canPrompt(deps.io)) throw usageError(missing, hint);
  return pick(deps.io, question, [...choices].sort().map((v) => ({ value: v, label: v })));
}
