import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { serverAccountCommand } from "./account/index.js";
import { serverCheckCommand } from "./check/index.js";
import { serverClusterCommand } from "./cluster/index.js";
import { serverConfigCommand } from "./config/index.js";
import { serverInfoCommand } from "./info.js";
import { serverListCommand } from "./list.js";
import { serverMappingCommand } from "./mapping.js";
import { serverPingCommand } from "./ping.js";
import { reportAccountsCommand } from "./report-accounts.js";
import { reportConnectionsCommand } from "./report-connections.js";
import { reportCpuCommand } from "./report-cpu.js";
import { reportDowngradeCommand } from "./report-downgrade.js";
import { reportGatewaysCommand } from "./report-gateways.js";
import { reportHealthCommand } from "./report-health.js";
import { reportLeafnodesCommand } from "./report-leafnodes.js";
import { reportMemCommand } from "./report-mem.js";
import { reportRoutesCommand } from "./report-routes.js";
import { reportJetStreamCommand } from "./report-jetstream.js";
import { serverRequestCommand } from "./request.js";
import { serverRunCommand } from "./run.js";
import { serverStatusCommand } from "./status.js";

/** `nats server` (srv, sys, system): server status, information, checks, reports and a local test server. */
export function createCommand(deps: Deps): Command {
  return new Command("server").aliases(["srv", "sys", "system"])
    .description("Server information, health checks and a local test server")
    .addCommand(serverStatusCommand(deps))
    .addCommand(serverInfoCommand(deps))
    .addCommand(serverListCommand(deps))
    .addCommand(serverPingCommand(deps))
    .addCommand(serverCheckCommand(deps))
    .addCommand(new Command("report").alias("rep").description("Report on various server metrics (system account)")
      .option("-R, --reverse", "Reverse sort")
      .addCommand(reportAccountsCommand(deps))
      .addCommand(reportConnectionsCommand(deps))
      .addCommand(reportCpuCommand(deps))
      .addCommand(reportGatewaysCommand(deps))
      .addCommand(reportHealthCommand(deps))
      .addCommand(reportJetStreamCommand(deps))
      .addCommand(reportLeafnodesCommand(deps))
      .addCommand(reportMemCommand(deps))
      .addCommand(reportRoutesCommand(deps))
      .addCommand(reportDowngradeCommand(deps)))
    .addCommand(serverRequestCommand(deps))
    .addCommand(serverClusterCommand(deps))
    .addCommand(serverAccountCommand(deps))
    .addCommand(serverConfigCommand(deps))
    .addCommand(serverMappingCommand(deps))
    .addCommand(serverRunCommand(deps));
}
