import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { authOperatorAddCommand } from "./add.js";
import { authOperatorBackupCommand } from "./backup.js";
import { authOperatorEditCommand } from "./edit.js";
import { authOperatorImportCommand } from "./import.js";
import { authOperatorInfoCommand } from "./info.js";
import { authOperatorKeysAddCommand } from "./keys-add.js";
import { authOperatorKeysLsCommand } from "./keys-ls.js";
import { authOperatorKeysRmCommand } from "./keys-rm.js";
import { authOperatorLsCommand } from "./ls.js";
import { authOperatorRestoreCommand } from "./restore.js";
import { authOperatorSelectCommand } from "./select.js";

/** `nats auth operator`: natscli's operator commands over the nsc store. */
export function authOperatorCommand(deps: Deps): Command {
  return new Command("operator").aliases(["o", "op"])
    .description("Manage NATS Operators")
    .addCommand(authOperatorAddCommand(deps))
    .addCommand(authOperatorInfoCommand(deps))
    .addCommand(authOperatorLsCommand(deps))
    .addCommand(authOperatorEditCommand(deps))
    .addCommand(authOperatorImportCommand(deps))
    .addCommand(authOperatorSelectCommand(deps))
    .addCommand(authOperatorBackupCommand(deps))
    .addCommand(authOperatorRestoreCommand(deps))
    .addCommand(new Command("keys").aliases(["sk", "s"])
      .description("Manage Operator Signing Keys")
      .addCommand(authOperatorKeysLsCommand(deps))
      .addCommand(authOperatorKeysAddCommand(deps))
      .addCommand(authOperatorKeysRmCommand(deps)));
}
