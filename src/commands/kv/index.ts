import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { kvAddCommand } from "./add.js";
import { kvCompactCommand } from "./compact.js";
import { kvCreateCommand } from "./create.js";
import { kvDelCommand } from "./del.js";
import { kvEditCommand } from "./edit.js";
import { kvGetCommand } from "./get.js";
import { kvHistoryCommand } from "./history.js";
import { kvInfoCommand } from "./info.js";
import { kvLsCommand } from "./ls.js";
import { kvPurgeCommand } from "./purge.js";
import { kvPutCommand } from "./put.js";
import { kvRevertCommand } from "./revert.js";
import { kvRmCommand } from "./rm.js";
import { kvUpdateCommand } from "./update.js";
import { kvWatchCommand } from "./watch.js";
import { kvExportCommand } from "./export.js";
import { kvImportCommand } from "./import.js";
import { kvDiffCommand } from "./diff.js";

/** The `kv` group: natscli's Key-Value commands over @nats-io/kv. */
export function createCommand(deps: Deps): Command {
  return new Command("kv")
    .description("Interacts with a JetStream based Key-Value store")
    .addCommand(kvAddCommand(deps))
    .addCommand(kvPutCommand(deps))
    .addCommand(kvGetCommand(deps))
    .addCommand(kvCreateCommand(deps))
    .addCommand(kvUpdateCommand(deps))
    .addCommand(kvDelCommand(deps))
    .addCommand(kvPurgeCommand(deps))
    .addCommand(kvHistoryCommand(deps))
    .addCommand(kvRevertCommand(deps))
    .addCommand(kvInfoCommand(deps))
    .addCommand(kvWatchCommand(deps))
    .addCommand(kvLsCommand(deps))
    .addCommand(kvRmCommand(deps))
    .addCommand(kvCompactCommand(deps))
    .addCommand(kvEditCommand(deps))
    .addCommand(kvExportCommand(deps))
    .addCommand(kvImportCommand(deps))
    .addCommand(kvDiffCommand(deps));
}
