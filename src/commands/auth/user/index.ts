import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { authUserAddCommand } from "./add.js";
import { authUserCredentialCommand } from "./credential.js";
import { authUserEditCommand } from "./edit.js";
import { authUserInfoCommand } from "./info.js";
import { authUserLsCommand } from "./ls.js";
import { authUserRmCommand } from "./rm.js";

/** `nats auth user`: an account's users and their credentials. */
export function authUserCommand(deps: Deps): Command {
  return new Command("user").aliases(["u", "usr", "users"])
    .description("Manage Account Users")
    .addCommand(authUserAddCommand(deps))
    .addCommand(authUserInfoCommand(deps))
    .addCommand(authUserEditCommand(deps))
    .addCommand(authUserLsCommand(deps))
    .addCommand(authUserRmCommand(deps))
    .addCommand(authUserCredentialCommand(deps));
}
