import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { serverStatusCommand } from "./status.js";

/** `nats server` (srv, sys, system): server status, information, checks, reports and a local test server. */
export function createCommand(deps: Deps): Command {
  return new Command("server").aliases(["srv", "sys", "system"])
    .description("Server information, health checks and a local test server")
    .addCommand(serverStatusCommand(deps));
}
