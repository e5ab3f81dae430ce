import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { consumerAddCommand } from "./add.js";
import { requireSubcommand } from "../shared/group.js";
import { consumerEditCommand } from "./edit.js";
import { consumerGraphCommand } from "./graph.js";
import { consumerInfoCommand } from "./info.js";
import { consumerLsCommand } from "./ls.js";
import { consumerNextCommand } from "./next.js";
import { consumerPauseCommand, consumerResumeCommand } from "./pause.js";
import { consumerReportCommand } from "./report.js";
import { consumerRmCommand } from "./rm.js";
import { consumerFindCommand } from "./find.js";
import { consumerCopyCommand } from "./copy.js";
import { consumerSubCommand } from "./sub.js";
import { consumerUnpinCommand } from "./unpin.js";
import { consumerClusterCommand } from "./cluster/index.js";

/** `nats consumer`: JetStream consumer management (natscli.md §9). */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("consumer").aliases(["con", "obs", "c"]).description("JetStream Consumer management")
    .option("-a, --all", "When selecting streams, include KV_, OBJ_ and $MQTT_ system streams");
  for (const sub of [consumerAddCommand(deps), consumerLsCommand(deps), consumerInfoCommand(deps), consumerInfoCommand(deps, true), consumerRmCommand(deps), consumerEditCommand(deps), consumerNextCommand(deps), consumerPauseCommand(deps), consumerResumeCommand(deps), consumerReportCommand(deps),
    consumerFindCommand(deps), consumerCopyCommand(deps), consumerSubCommand(deps), consumerUnpinCommand(deps), consumerClusterCommand(deps), consumerGraphCommand(deps)]) cmd.addCommand(sub);
  return requireSubcommand(cmd, deps);
}
