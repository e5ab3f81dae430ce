import type { Deps } from "./deps.js";
import { CliError, ExitCode, ExitStatus, explain } from "./errors.js";
import { printError } from "./output/errors.js";
import { findInvocation, type CommandLoaders, type Invocation } from "./commands/registry.js";
import { fastInvocation } from "./fast-args.js";

/**
 * Runs the CLI with `args` (without node and script) and returns the exit code; the only place errors become
 * codes (commander's own outcomes: runProgram in program.ts). `commands` are the command modules this build holds
 * (ALL_COMMANDS but in the `pub`/`req` bundle); `invocation` is what the bundle's entry already read of `args`.
 */
export async function main(args: string[], deps: Deps, commands: CommandLoaders, invocation: Invocation = findInvocation(args)): Promise<number> {
  try {
    const { command } = invocation;
    const load = command && commands[command.name];
    // `nats pub`/`nats req` as scripts call them: no commander program to build (src/fast-args.ts)
    const fast = load && (await fastInvocation(invocation.args, [command.name, ...command.aliases], load));
    if (fast) {
      await fast(deps);
      return ExitCode.OK;
    }
    return await (await import("./program.js")).runProgram(deps, invocation, commands);
  } catch (e) {
    if (e instanceof ExitStatus) return e.exitCode;
    const err: CliError = explain(e);
    printError(deps.io, err, Boolean(deps.env.NATS_DEBUG) && deps.env.NATS_DEBUG !== "0");
    return err.exitCode;
  }
}
