import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { authAccountCommand } from "./account/index.js";
import { authNkeyCommand } from "./nkey/index.js";
import { authOperatorCommand } from "./operator/index.js";
import { authUserCommand } from "./user/index.js";

/** The `auth` group: natscli's decentralized authentication (operators, accounts, users, nkeys) over an nsc store. */
export function createCommand(deps: Deps): Command {
  return new Command("auth")
    .description("NATS Decentralized Authentication")
    .addCommand(authOperatorCommand(deps))
    .addCommand(authAccountCommand(deps))
    .addCommand(authUserCommand(deps))
    .addCommand(authNkeyCommand(deps));
}
