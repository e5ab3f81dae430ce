import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { requireSubcommand } from "../shared/group.js";
import { schemaInfoCommand } from "./info.js";
import { schemaRequestCommand } from "./request.js";
import { schemaSearchCommand } from "./search.js";
import { schemaValidateCommand } from "./validate.js";

/** `nats schema`: NATS's own JSON schemas (JetStream API, advisories, micro services), shipped with natsx. */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("schema").description("Schema tools")
    .addCommand(schemaSearchCommand(deps))
    .addCommand(schemaInfoCommand(deps))
    .addCommand(schemaValidateCommand(deps))
    .addCommand(schemaRequestCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats schema search 'response|request'\n  nats schema validate io.nats.jetstream.api.v1.stream_configuration orders.json\n");
  return requireSubcommand(cmd, deps);
}
