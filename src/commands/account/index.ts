import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { accountBackupCommand } from "./backup.js";
import { accountInfoCommand } from "./info.js";
import { accountReportConnectionsCommand } from "./report-connections.js";
import { accountReportStatisticsCommand } from "./report-statistics.js";
import { accountRestoreCommand } from "./restore.js";
import { accountTlsCommand } from "./tls.js";

/** `nats account` (a): account information and status. */
export function createCommand(deps: Deps): Command {
  return new Command("account").alias("a")
    .description("Account information and status")
    .addCommand(accountInfoCommand(deps))
    .addCommand(new Command("report").alias("rep").description("Report on account metrics")
      .addCommand(accountReportConnectionsCommand(deps))
      .addCommand(accountReportStatisticsCommand(deps))
      .addHelpText("after", "\nExamples:\n  nats account report connections --top 5\n  nats account report statistics\n"))
    .addCommand(accountBackupCommand(deps))
    .addCommand(accountRestoreCommand(deps))
    .addCommand(accountTlsCommand(deps));
}
