import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { accountInfoCommand } from "./info.js";

/** `nats account` (a): account information and status. */
export function createCommand(deps: Deps): Command {
  return new Command("account").alias("a")
    .description("Account information and status")
    .addCommand(accountInfoCommand(deps));
}
