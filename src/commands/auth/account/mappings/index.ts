import { Command } from "commander";
import type { Deps } from "../../../../deps.js";
import { authAccountMappingAddCommand } from "./add.js";
import { authAccountMappingInfoCommand } from "./info.js";
import { authAccountMappingLsCommand } from "./ls.js";
import { authAccountMappingRmCommand } from "./rm.js";

/** `nats auth account mappings`: account-level subject mapping. */
export function authAccountMappingsCommand(deps: Deps): Command {
  return new Command("mappings").aliases(["m", "mapping", "map"])
    .description("Manage account level subject mapping and partitioning")
    .addCommand(authAccountMappingAddCommand(deps))
    .addCommand(authAccountMappingLsCommand(deps))
    .addCommand(authAccountMappingRmCommand(deps))
    .addCommand(authAccountMappingInfoCommand(deps));
}
