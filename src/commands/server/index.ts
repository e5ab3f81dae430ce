import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { serverAccountCommand } from "./account/index.js";
import { serverCheckCommand } from "./check/index.js";
import { serverClusterCommand } from "./cluster/index.js";
import { serverConfigCommand } from "./config/index.js";
import { serverGenerateCommand } from "./generate.js";
import { serverGraphCommand } from "./graph.js";
import { serverConsumerCheckCommand } from "./consumer-check.js";
import { serverInfoCommand } from "./info.js";
import { serverListCommand } from "./list.js";
import { serverMappingCommand } from "./mapping.js";
import { serverPasswdCommand } from "./passwd.js";
import { serverPingCommand } from "./ping.js";
import { serverReportAccountsCommand } from "./report-accounts.js";
import { serverReportConnectionsCommand } from "./report-connections.js";
import { serverReportCpuCommand } from "./report-cpu.js";
import { serverReportDowngradeCommand } from "./report-downgrade.js";
import { serverReportGatewaysCommand } from "./report-gateways.js";
import { serverReportHealthCommand } from "./report-health.js";
import { serverReportLeafnodesCommand } from "./report-leafnodes.js";
import { serverReportMemCommand } from "./report-mem.js";
import { serverReportRoutesCommand } from "./report-routes.js";
import { serverReportJetStreamCommand } from "./report-jetstream.js";
import { serverRequestCommand } from "./request.js";
import { serverRunCommand } from "./run.js";
import { serverStatusCommand } from "./status.js";
import { serverWatchCommand } from "./watch/index.js";
import { serverStreamCheckCommand } from "./stream-check.js";

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
      .addCommand(serverReportAccountsCommand(deps))
      .addCommand(serverReportConnectionsCommand(deps))
      .addCommand(serverReportCpuCommand(deps))
      .addCommand(serverReportGatewaysCommand(deps))
      .addCommand(serverReportHealthCommand(deps))
      .addCommand(serverReportJetStreamCommand(deps))
      .addCommand(serverReportLeafnodesCommand(deps))
      .addCommand(serverReportMemCommand(deps))
      .addCommand(serverReportRoutesCommand(deps))
      .addCommand(serverReportDowngradeCommand(deps)))
    .addCommand(serverRequestCommand(deps))
    .addCommand(serverClusterCommand(deps))
    .addCommand(serverAccountCommand(deps))
    .addCommand(serverConfigCommand(deps))
    .addCommand(serverMappingCommand(deps))
    .addCommand(serverPasswdCommand(deps))
    .addCommand(serverGenerateCommand(deps))
    .addCommand(serverStreamCheckCommand(deps))
    .addCommand(serverConsumerCheckCommand(deps))
    .addCommand(serverRunCommand(deps))
    .addCommand(serverWatchCommand(deps))
    .addCommand(serverGraphCommand(deps));
}
