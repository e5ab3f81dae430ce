import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { requireSubcommand } from "../shared/group.js";
import { errorsEditCommand } from "./edit.js";
import { errorsLookupCommand } from "./lookup.js";
import { errorsLsCommand } from "./ls.js";
import { errorsValidateCommand } from "./validate.js";

/** `nats errors` (`err`, `error`): the JetStream error codes of nats-server's server/errors.json. */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("errors").aliases(["err", "error"]).description("Error code documentation")
    .option("--errors <file>", "The errors.json file to use as input (default: nats-server's, shipped with natsx)")
    .addCommand(errorsLsCommand(deps))
    .addCommand(errorsLookupCommand(deps))
    .addCommand(errorsEditCommand(deps))
    .addCommand(errorsValidateCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats errors lookup 10059\n  nats errors ls stream\n");
  return requireSubcommand(cmd, deps);
}
