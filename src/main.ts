import { CommanderError } from "commander";
import type { Deps } from "./deps.js";
import { CliError, ExitCode, ExitStatus, explain, formatError } from "./errors.js";
import type { CommandLoaders } from "./commands/registry.js";
import { buildProgram } from "./program.js";
import { fastInvocation } from "./fast-args.js";

/**
 * Runs the CLI with `args` (without node and script) and returns the exit code; the only place errors become
 * codes. `commands` are the command modules this build holds (ALL_COMMANDS but in the `pub`/`req` bundle).
 */
export async function main(args: string[], deps: Deps, commands: CommandLoaders): Promise<number> {
  try {
    // `nats pub`/`nats req` as scripts call them: no commander program to build (src/fast-args.ts)
    const fast = await fastInvocation(args, commands);
    if (fast) {
      await fast(deps);
      return ExitCode.OK;
    }
    const program = await buildProgram(deps, args, commands);
    await program.parseAsync(args, { from: "user" });
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof ExitStatus) return e.exitCode;
    if (e instanceof CommanderError) {
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
      // a group called without a sub-command prints its help on stderr and fails, as natscli does
      if (e.code === "commander.help") return ExitCode.FAILURE;
      // commander already printed the message; a missing sub-command printed help.
      return e.code === "commander.executeSubCommandAsync" ? ExitCode.FAILURE : ExitCode.USAGE;
    }
    const err: CliError = explain(e);
    deps.io.err.write(`nats: error: ${formatError(err)}\n`);
    if (deps.env.NATS_DEBUG && deps.env.NATS_DEBUG !== "0") {
      const stack = (err.cause instanceof Error ? err.cause.stack : undefined) ?? err.stack;
      if (stack) deps.io.err.write(`${stack}\n`);
    }
    return err.exitCode;
  }
}
