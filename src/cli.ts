import { ALL_COMMANDS } from "./commands/loaders.js";
import { runWith } from "./run.js";

/** Entry of the full bundle (dist/nats.cjs) that bin/nats.cjs runs: every command. */
export function run(argv: string[]): Promise<number> {
  return runWith(argv, ALL_COMMANDS);
}
