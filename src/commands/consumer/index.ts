import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addCommand } from "./add.js";
import { requireSubcommand } from "../shared/group.js";
import { editCommand } from "./edit.js";
import { infoCommand } from "./info.js";
import { lsCommand } from "./ls.js";
import { nextCommand } from "./next.js";
import { pauseCommand, resumeCommand } from "./pause.js";
import { reportCommand } from "./report.js";
import { rmCommand } from "./rm.js";

/** `nats consumer`: JetStream consumer management (natscli.md §9). */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("consumer").aliases(["con", "obs", "c"]).description("JetStream Consumer management")
    .option("-a, --all", "When selecting streams, include KV_, OBJ_ and $MQTT_ system streams");
  for (const sub of [addCommand(deps), lsCommand(deps), infoCommand(deps), infoCommand(deps, true), rmCommand(deps), editCommand(deps), nextCommand(deps), pauseCommand(deps), resumeCommand(deps), reportCommand(deps)]) cmd.addCommand(sub);
  return requireSubcommand(cmd, deps);
}
