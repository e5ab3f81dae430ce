import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { objAddCommand } from "./add.js";
import { objGetCommand } from "./get.js";
import { objInfoCommand } from "./info.js";
import { objLsCommand } from "./ls.js";
import { objPutCommand } from "./put.js";
import { objRmCommand } from "./rm.js";
import { objSealCommand } from "./seal.js";
import { objWatchCommand } from "./watch.js";

/** The `object` group (alias obj): natscli's Object Store commands over @nats-io/obj. */
export function createCommand(deps: Deps): Command {
  return new Command("object")
    .alias("obj")
    .description("Interacts with a JetStream based Object store")
    .addCommand(objAddCommand(deps))
    .addCommand(objPutCommand(deps))
    .addCommand(objGetCommand(deps))
    .addCommand(objLsCommand(deps))
    .addCommand(objInfoCommand(deps))
    .addCommand(objRmCommand(deps))
    .addCommand(objSealCommand(deps))
    .addCommand(objWatchCommand(deps));
}
