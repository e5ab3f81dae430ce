import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { authAccountKeysAddCommand } from "./add.js";
import { authAccountKeysInfoCommand } from "./info.js";
import { authAccountKeysLsCommand } from "./ls.js";
import { authAccountKeysRmCommand } from "./rm.js";

/** `nats auth account keys`: scoped signing keys. */
export function authAccountKeysCommand(deps: Deps): Command {
  return new Command("keys").aliases(["sk", "s"])
    .description("Manage Scoped Signing Keys")
    .addCommand(authAccountKeysAddCommand(deps))
    .addCommand(authAccountKeysInfoCommand(deps))
    .addCommand(authAccountKeysLsCommand(deps))
    .addCommand(authAccountKeysRmCommand(deps));
}
