import type { Command } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { unknownCommand } from "../../util/suggest.js";

/** natscli fails a bare group command (`nats stream`) with the list of sub-commands instead of exiting 0. */
export function requireSubcommand(cmd: Command, deps: Deps): Command {
  return cmd.allowExcessArguments().action((_o: unknown, c: Command) => {
    const first = c.args[0];
    if (first) {
      const u = unknownCommand(cmd, first);
      throw usageError(u.message, u.hint);
    }
    deps.io.err.write(cmd.helpInformation());
    throw usageError(`a subcommand from the list above is required: ${cmd.commands.map((s) => s.name()).join(", ")}`);
  });
}
