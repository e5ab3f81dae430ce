import type { Deps } from "../deps.js";
import { AuthStore } from "../auth/store.js";
import { CliError, ExitCode, usageError } from "../errors.js";
import { canPrompt, pick } from "../output/prompt.js";
import type { BundleOperator } from "./bundle.js";

/**
 * The operator a bundle renders with (natscli internal/auth SelectOperator with the selection honoured): the one
 * `nats auth operator select` chose, else the only one, else a pick on a terminal.
 */
export async function bundleOperator(deps: Deps): Promise<BundleOperator> {
  const store = AuthStore.for(deps);
  const names = await store.operatorNames();
  if (names.length === 0) throw new CliError("no operator found", { exitCode: ExitCode.NOT_FOUND, hint: "this template needs one: create it with `nats auth operator add NAME`" });
  const selected = await store.selectedOperator();
  let name = selected && names.includes(selected) ? selected : names.length === 1 ? names[0] : undefined;
  if (!name) {
    if (!canPrompt(deps.io)) throw usageError("cannot pick an Operator without a terminal", "choose one with `nats auth operator select NAME`");
    name = await pick(deps.io, "Select an Operator", names.map((n) => ({ value: n, label: n })));
  }
  const op = await store.load(name);
  const sys = op.systemAccount();
  return { name: op.name, jwt: op.token, systemAccount: sys && { name: sys.name, subject: sys.subject, jwt: sys.token } };
}
