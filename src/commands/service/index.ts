import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { serviceInfoCommand } from "./info.js";
import { serviceLsCommand } from "./ls.js";
import { servicePingCommand } from "./ping.js";
import { serviceRequestCommand } from "./request.js";
import { serviceStatsCommand } from "./stats.js";
import { serviceServeCommand } from "./serve.js";

/** `nats service` (micro): discover and call NATS micro services over $SRV.PING|INFO|STATS. */
export function createCommand(deps: Deps): Command {
  return new Command("service").alias("micro")
    .description("Interact with NATS Micro Services")
    .addCommand(serviceLsCommand(deps))
    .addCommand(serviceInfoCommand(deps))
    .addCommand(serviceStatsCommand(deps))
    .addCommand(servicePingCommand(deps))
    .addCommand(serviceRequestCommand(deps))
    .addCommand(serviceServeCommand(deps));
}
