import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { objectAddCommand } from "./add.js";
import { objectGetCommand } from "./get.js";
import { objectInfoCommand } from "./info.js";
import { objectLsCommand } from "./ls.js";
import { objectPutCommand } from "./put.js";
import { objectRmCommand } from "./rm.js";
import { objectSealCommand } from "./seal.js";
import { objectWatchCommand } from "./watch.js";

/** The `object` group (alias obj): natscli's Object Store commands over @nats-io/obj. */
export function createCommand(deps: Deps): Command {
  return new Command("object")
    .alias("obj")
    .description("Interacts with a JetStream based Object store")
    .addCommand(objectAddCommand(deps))
    .addCommand(objectPutCommand(deps))
    .addCommand(objectGetCommand(deps))
    .addCommand(objectLsCommand(deps))
    .addCommand(objectInfoCommand(deps))
    .addCommand(objectRmCommand(deps))
    .addCommand(objectSealCommand(deps))
    .addCommand(objectWatchCommand(deps));
}
