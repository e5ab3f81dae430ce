import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { serverWatchAccountsCommand } from "./accounts.js";
import { serverWatchApiCommand } from "./api.js";
import { serverWatchJetStreamCommand } from "./jetstream.js";
import { serverWatchServersCommand } from "./servers.js";

/** `nats server watch`: live views of server conditions (natscli server_watch_*.go), redrawn on a terminal. */
export function serverWatchCommand(deps: Deps): Command {
  return new Command("watch")
    .description("Live views of server conditions")
    .addCommand(serverWatchApiCommand(deps))
    .addCommand(serverWatchAccountsCommand(deps))
    .addCommand(serverWatchJetStreamCommand(deps))
    .addCommand(serverWatchServersCommand(deps));
}
