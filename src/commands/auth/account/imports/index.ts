import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { authAccountImportAddCommand } from "./add.js";
import { authAccountImportEditCommand } from "./edit.js";
import { authAccountImportInfoCommand } from "./info.js";
import { authAccountImportLsCommand } from "./ls.js";
import { authAccountImportRmCommand } from "./rm.js";

/** `nats auth account imports` (natscli also aliases it "i", which `account info` already answers to). */
export function authAccountImportsCommand(deps: Deps): Command {
  return new Command("imports").aliases(["imp", "import"])
    .description("Manage account Imports")
    .addCommand(authAccountImportAddCommand(deps))
    .addCommand(authAccountImportInfoCommand(deps))
    .addCommand(authAccountImportEditCommand(deps))
    .addCommand(authAccountImportLsCommand(deps))
    .addCommand(authAccountImportRmCommand(deps));
}
