import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { serverConfigReloadCommand } from "./reload.js";

/** `nats server config`: server configuration. */
export function serverConfigCommand(deps: Deps): Command {
  return new Command("config").description("Interact with server configuration").addCommand(serverConfigReloadCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats server config reload NCXXXX… -f\n");
}
