import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { authAccountExportAddCommand } from "./add.js";
import { authAccountExportEditCommand } from "./edit.js";
import { authAccountExportInfoCommand } from "./info.js";
import { authAccountExportLsCommand } from "./ls.js";
import { authAccountExportRmCommand } from "./rm.js";

/** `nats auth account exports`. */
export function authAccountExportsCommand(deps: Deps): Command {
  return new Command("exports").aliases(["e", "exp", "export"])
    .description("Manage account Exports")
    .addCommand(authAccountExportAddCommand(deps))
    .addCommand(authAccountExportInfoCommand(deps))
    .addCommand(authAccountExportEditCommand(deps))
    .addCommand(authAccountExportLsCommand(deps))
    .addCommand(authAccountExportRmCommand(deps));
}
