import { Command } from "commander";
import type { Deps } from "../deps.js";
import { CliError } from "../errors.js";

/** Placeholder until issue #3 lands. */
export function createCommand(_deps: Deps): Command {
  return new Command("subscribe").action(() => {
    throw new CliError("not implemented yet (issue #3)");
  });
}
