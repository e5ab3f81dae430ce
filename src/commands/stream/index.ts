import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addCommand } from "./add.js";
import { requireSubcommand } from "../shared/group.js";
import { backupCommand } from "./backup.js";
import { copyCommand } from "./copy.js";
import { editCommand } from "./edit.js";
import { getCommand } from "./get.js";
import { infoCommand } from "./info.js";
import { lsCommand } from "./ls.js";
import { purgeCommand } from "./purge.js";
import { reportCommand } from "./report.js";
import { restoreCommand } from "./restore.js";
import { rmCommand } from "./rm.js";
import { rmmCommand } from "./rmm.js";
import { sealCommand } from "./seal.js";
import { subjectsCommand } from "./subjects.js";
import { viewCommand } from "./view.js";

/** `nats stream`: JetStream stream management (natscli.md §8). */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("stream").aliases(["str", "st", "ms", "s"]).description("JetStream Stream management")
    .option("-a, --all", "When listing or selecting streams, include KV_, OBJ_ and $MQTT_ system streams");
  for (const sub of [
    addCommand(deps), lsCommand(deps), infoCommand(deps), infoCommand(deps, true), editCommand(deps), rmCommand(deps),
    purgeCommand(deps), getCommand(deps), rmmCommand(deps), subjectsCommand(deps), copyCommand(deps), sealCommand(deps),
    backupCommand(deps), restoreCommand(deps), reportCommand(deps), viewCommand(deps),
  ]) cmd.addCommand(sub);
  return requireSubcommand(cmd, deps);
}
