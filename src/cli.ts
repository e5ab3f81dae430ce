import { ALL_COMMANDS } from "./commands/loaders.js";
import { runWith } from "./run.js";

/** Entry of the full build (dist/nats.cjs, dist/cli.js) used by bin/nats.cjs: every command. */
export function run(argv: string[]): Promise<number> {
  return runWith(argv, ALL_COMMANDS);
}
