import { Command, Option } from "commander";
import type { Deps } from "../../../deps.js";
import { serverCheckConnectionCommand } from "./connection.js";
import { serverCheckConsumerCommand } from "./consumer.js";
import { serverCheckCredentialCommand } from "./credential.js";
import { serverCheckJetStreamCommand } from "./jetstream.js";
import { serverCheckKvCommand } from "./kv.js";
import { serverCheckStreamCommand } from "./stream.js";
import { serverCheckMessageCommand } from "./message.js";
import { serverCheckMetaCommand } from "./meta.js";
import { serverCheckRequestCommand } from "./request.js";
import { serverCheckServerCommand } from "./server.js";

/** `nats server check …`: Nagios-style checks (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
export function serverCheckCommand(deps: Deps): Command {
  return new Command("check")
    .description("Health check for NATS servers (Nagios exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)")
    .addOption(new Option("--format <format>", "Render the check in a specific format").choices(["nagios", "json", "prometheus", "text"]).default("nagios"))
    .option("--namespace <ns>", "The prometheus namespace to use in output", "nats_server_check")
    .option("--outfile <file>", "Save output to a file rather than STDOUT (written atomically, mode 0600)")
    .addCommand(serverCheckConnectionCommand(deps))
    .addCommand(serverCheckStreamCommand(deps))
    .addCommand(serverCheckConsumerCommand(deps))
    .addCommand(serverCheckJetStreamCommand(deps))
    .addCommand(serverCheckKvCommand(deps))
    .addCommand(serverCheckCredentialCommand(deps))
    .addCommand(serverCheckServerCommand(deps))
    .addCommand(serverCheckMetaCommand(deps))
    .addCommand(serverCheckMessageCommand(deps))
    .addCommand(serverCheckRequestCommand(deps));
}
