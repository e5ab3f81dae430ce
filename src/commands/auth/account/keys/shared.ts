import type { Deps } from "../../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../../errors.js";
import { Columns } from "../../../../output/columns.js";
import { printJson } from "../../../../output/json.js";
import { canPrompt, pick } from "../../../../output/prompt.js";
import type { UserScope } from "../../shared/claims.js";
import { renderUserLimits } from "../../shared/limits.js";
import type { AccountEntity } from "../../shared/store.js";

/**
 * The scoped signing key a KEY argument names (natscli SelectSigningKey): the role of exactly one key, or a
 * public key; without one, a pick on a terminal.
 */
export async function selectScope(deps: Deps, acct: AccountEntity, choice: string | undefined): Promise<UserScope> {
  const scopes = acct.scopes();
  if (choice) {
    const byRole = scopes.filter((s) => s.role === choice);
    if (byRole.length === 1) return byRole[0]!;
    const byKey = acct.scope(choice);
    if (byKey) return byKey;
    if (byRole.length > 1) throw usageError(`role ${choice} has ${byRole.length} signing keys: pass the public key`);
    throw new CliError(`no scoped signing key ${choice} in account ${acct.name}`, { exitCode: ExitCode.NOT_FOUND, hint: `list them with \`nats auth account keys ls ${acct.name}\`` });
  }
  if (!scopes.length) throw new CliError("no signing keys found", { exitCode: ExitCode.NOT_FOUND });
  if (!canPrompt(deps.io)) throw usageError("no signing key given and there is no terminal to pick one", "pass the key's role or public key");
  const key = await pick(deps.io, "Select Signing Key", scopes.map((s) => ({ value: s.key, label: `${s.key} ${s.role}${s.description ? ` ${s.description}` : ""}` })));
  return acct.scope(key)!;
}

/** Shows a scoped signing key as natscli's `keys info`, or the JWT's scope entry as JSON. */
export function showScope(deps: Deps, s: UserScope, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, s);
    return;
  }
  const c = new Columns(`Scoped Signing Key ${s.key}`);
  c.title("Config");
  c.rowIf(s.description, "Description", s.description);
  c.row("Key", s.key);
  c.row("Role", s.role);
  renderUserLimits(c, s.template);
  c.print(deps.io);
}
