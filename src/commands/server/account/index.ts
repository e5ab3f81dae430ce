import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { serverAccountInfoCommand } from "./info.js";
import { serverAccountPurgeCommand } from "./purge.js";

/** `nats server account` (acct): accounts as the servers see them. */
export function serverAccountCommand(deps: Deps): Command {
  return new Command("account").alias("acct")
    .description("Interact with accounts (system account)")
    .option("-j, --json", "Produce JSON output")
    .addCommand(serverAccountInfoCommand(deps))
    .addCommand(serverAccountPurgeCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats server account info APP\n  nats server account purge OLDAPP -f\n");
}
