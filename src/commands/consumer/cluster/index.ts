import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { requireSubcommand } from "../../shared/group.js";
import { consumerClusterBalanceCommand } from "./balance.js";
import { consumerClusterStepDownCommand } from "./step-down.js";

/** `nats consumer cluster …`: a clustered consumer's RAFT group: leader step-down and leader balancing. */
export function consumerClusterCommand(deps: Deps): Command {
  const cmd = new Command("cluster").alias("c").description("Manages a clustered Consumer")
    .addCommand(consumerClusterStepDownCommand(deps))
    .addCommand(consumerClusterBalanceCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats consumer cluster step-down ORDERS WORKER\n");
  return requireSubcommand(cmd, deps);
}
