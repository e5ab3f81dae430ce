import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { contextAddCommand } from "./add.js";
import { contextCopyCommand } from "./copy.js";
import { contextEditCommand } from "./edit.js";
import { contextInfoCommand } from "./info.js";
import { contextLsCommand } from "./ls.js";
import { contextPreviousCommand } from "./previous.js";
import { contextRmCommand } from "./rm.js";
import { contextSelectCommand } from "./select.js";
import { contextUnselectCommand } from "./unselect.js";
import { contextValidateCommand } from "./validate.js";

/** The `context` group (alias `ctx`): natscli's named connection settings, with secrets masked in every output. */
export function createCommand(deps: Deps): Command {
  return new Command("context").alias("ctx")
    .description("Manage nats configuration contexts")
    .addCommand(contextAddCommand(deps))
    .addCommand(contextLsCommand(deps))
    .addCommand(contextSelectCommand(deps))
    .addCommand(contextUnselectCommand(deps))
    .addCommand(contextPreviousCommand(deps))
    .addCommand(contextRmCommand(deps))
    .addCommand(contextInfoCommand(deps))
    .addCommand(contextCopyCommand(deps))
    .addCommand(contextEditCommand(deps))
    .addCommand(contextValidateCommand(deps));
}
