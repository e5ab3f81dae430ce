import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { authAccountAddCommand } from "./add.js";
import { authAccountEditCommand } from "./edit.js";
import { authAccountInfoCommand } from "./info.js";
import { authAccountExportsCommand } from "./exports/index.js";
import { authAccountImportsCommand } from "./imports/index.js";
import { authAccountKeysCommand } from "./keys/index.js";
import { authAccountLsCommand } from "./ls.js";
import { authAccountMappingsCommand } from "./mappings/index.js";
import { authAccountPushCommand } from "./push.js";
import { authAccountQueryCommand } from "./query.js";

/** `nats auth account`: accounts, their limits, imports, exports, signing keys and mappings; push/query to a resolver. */
export function authAccountCommand(deps: Deps): Command {
  return new Command("account").aliases(["a", "acct", "act"])
    .description("Manage NATS Accounts")
    .addCommand(authAccountAddCommand(deps))
    .addCommand(authAccountInfoCommand(deps))
    .addCommand(authAccountEditCommand(deps))
    .addCommand(authAccountLsCommand(deps))
    .addCommand(authAccountPushCommand(deps))
    .addCommand(authAccountQueryCommand(deps))
    .addCommand(authAccountImportsCommand(deps))
    .addCommand(authAccountExportsCommand(deps))
    .addCommand(authAccountKeysCommand(deps))
    .addCommand(authAccountMappingsCommand(deps));
}
