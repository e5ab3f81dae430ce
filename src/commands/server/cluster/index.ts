import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { serverClusterPeerRemoveCommand } from "./peer-remove.js";
import { serverClusterStepDownCommand } from "./step-down.js";

/** `nats server cluster` (r, raft): JetStream meta cluster operations. */
export function serverClusterCommand(deps: Deps): Command {
  return new Command("cluster").aliases(["r", "raft"])
    .description("Manage JetStream Clustering (system account)")
    .addCommand(serverClusterStepDownCommand(deps))
    .addCommand(serverClusterPeerRemoveCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats server cluster step-down\n  nats server raft peer-remove n3 -f\n");
}
