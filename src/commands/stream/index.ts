import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { streamAddCommand } from "./add.js";
import { requireSubcommand } from "../shared/group.js";
import { streamBackupCommand } from "./backup.js";
import { streamCopyCommand } from "./copy.js";
import { streamEditCommand } from "./edit.js";
import { streamGetCommand } from "./get.js";
import { streamGraphCommand } from "./graph.js";
import { streamInfoCommand } from "./info.js";
import { streamLsCommand } from "./ls.js";
import { streamPurgeCommand } from "./purge.js";
import { streamReportCommand } from "./report.js";
import { streamRestoreCommand } from "./restore.js";
import { streamRmCommand } from "./rm.js";
import { streamRmmCommand } from "./rmm.js";
import { streamSealCommand } from "./seal.js";
import { streamSubjectsCommand } from "./subjects.js";
import { streamViewCommand } from "./view.js";
import { streamFindCommand } from "./find.js";
import { streamGapsCommand } from "./gaps.js";
import { streamClusterCommand } from "./cluster/index.js";
import { streamExportCommand } from "./export.js";
import { streamImportCommand } from "./import.js";

/** `nats stream`: JetStream stream management (natscli.md §8). */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("stream").aliases(["str", "st", "ms", "s"]).description("JetStream Stream management")
    .option("-a, --all", "When listing or selecting streams, include KV_, OBJ_ and $MQTT_ system streams");
  for (const sub of [
    streamAddCommand(deps), streamLsCommand(deps), streamInfoCommand(deps), streamInfoCommand(deps, true), streamEditCommand(deps), streamRmCommand(deps),
    streamPurgeCommand(deps), streamGetCommand(deps), streamRmmCommand(deps), streamSubjectsCommand(deps), streamCopyCommand(deps), streamSealCommand(deps),
    streamBackupCommand(deps), streamRestoreCommand(deps), streamReportCommand(deps), streamViewCommand(deps), streamFindCommand(deps),
    streamGapsCommand(deps), streamClusterCommand(deps), streamGraphCommand(deps), streamExportCommand(deps), streamImportCommand(deps),
  ]) cmd.addCommand(sub);
  return requireSubcommand(cmd, deps);
}
