import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { serverCheckCommand } from "./check/index.js";
import { serverInfoCommand } from "./info.js";
import { serverListCommand } from "./list.js";
import { serverPingCommand } from "./ping.js";
import { serverReportConnectionsCommand } from "./report-connections.js";
import { serverReportJetStreamCommand } from "./report-jetstream.js";
import { serverRequestCommand } from "./request.js";
import { serverRunCommand } from "./run.js";
import { serverStatusCommand } from "./status.js";
import { serverWatchCommand } from "./watch/index.js";

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
      .addCommand(serverReportConnectionsCommand(deps))
      .addCommand(serverReportJetStreamCommand(deps)))
    .addCommand(serverRequestCommand(deps))
    .addCommand(serverRunCommand(deps))
    .addCommand(serverWatchCommand(deps));
}
