import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { requireSubcommand } from "../../shared/group.js";
import { streamClusterBalanceCommand } from "./balance.js";
import { streamClusterPeerRemoveCommand } from "./peer-remove.js";
import { streamClusterStepDownCommand } from "./step-down.js";

/** `nats stream cluster …`: a clustered stream's RAFT group: leader step-down, leader balancing, peer removal. */
export function streamClusterCommand(deps: Deps): Command {
  const cmd = new Command("cluster").description("Manages a clustered Stream")
    .addCommand(streamClusterStepDownCommand(deps))
    .addCommand(streamClusterBalanceCommand(deps))
    .addCommand(streamClusterPeerRemoveCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats stream cluster step-down ORDERS\n  nats stream cluster peer-remove ORDERS n2 -f\n");
  return requireSubcommand(cmd, deps);
}
