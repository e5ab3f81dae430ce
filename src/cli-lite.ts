import { findInvocation, type CommandLoaders } from "./commands/registry.js";
import { runWith } from "./run.js";

/**
 * The commands of dist/nats-lite.cjs: the one-shot messaging commands scripts run in loops, where start-up is
 * most of their time. Half the full bundle's source and a smaller code cache: ~1–2 ms of a ~20 ms `nats pub`.
 * bin/nats.cjs tries this bundle when argv names one of them (LITE_NAMES there: keep both lists in step,
 * test/unit/lite.test.ts checks) and asks for no help.
 */
export const LITE_COMMANDS: CommandLoaders = {
  publish: () => import("./commands/pub.js"),
  request: () => import("./commands/req.js"),
};

/** Runs the invocation if it is for a command this bundle holds; otherwise undefined (bin/nats.cjs then runs the full bundle). */
export function run(argv: string[]): Promise<number> | undefined {
  const invocation = findInvocation(argv);
  const { command } = invocation;
  return command && LITE_COMMANDS[command.name] ? runWith(argv, LITE_COMMANDS, invocation) : undefined;
}
