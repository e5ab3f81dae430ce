import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { authAccountAddCommand } from "./add.js";
import { authAccountEditCommand } from "./edit.js";
import { authAccountInfoCommand } from "./info.js";
import { authAccountLsCommand } from "./ls.js";

/** `nats auth account`: accounts, their limits, imports, exports, signing keys and mappings; push/query to a resolver. */
export function authAccountCommand(deps: Deps): Command {
  return new Command("account").aliases(["a", "acct", "act"])
    .description("Manage NATS Accounts")
    .addCommand(authAccountAddCommand(deps))
    .addCommand(authAccountInfoCommand(deps))
    .addCommand(authAccountEditCommand(deps))
    .addCommand(authAccountLsCommand(deps));
}
