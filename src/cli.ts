import { ALL_COMMANDS } from "./commands/loaders.js";
import { findInvocation } from "./commands/registry.js";
import { GLOBAL_VALUE_OPTIONS } from "./global-options.js";
import { runWith } from "./run.js";
import { systemDeps } from "./system.js";

/** Entry of the full bundle (dist/nats.cjs) that bin/nats.cjs runs: every command. */
export function run(argv: string[]): Promise<number> {
  return runWith(argv, ALL_COMMANDS);
}

/**
 * What bin/nats.cjs needs to name the command argv invokes before it loads a bundle (it picks that command's code
 * cache), as the text it searches: the global flags whose value to skip (first line, space-separated), then one
 * line per command word or alias with its canonical name (`str stream`), sub-commands under their group's
 * canonical name (`stream/list stream/ls`). The build writes it to dist/route.txt from the whole tree, so new
 * commands need no upkeep.
 */
export async function commandRoutes(): Promise<string> {
  const { buildProgram } = await import("./program.js");
  const deps = await systemDeps(new AbortController().signal, () => {});
  const program = await buildProgram(deps, findInvocation([]), ALL_COMMANDS, { all: true });
  const lines = [` ${[...GLOBAL_VALUE_OPTIONS].join(" ")} `];
  for (const top of program.commands) {
    for (const w of [top.name(), ...top.aliases()]) lines.push(`${w} ${top.name()}`);
    for (const sub of top.commands) for (const w of [sub.name(), ...sub.aliases()]) lines.push(`${top.name()}/${w} ${top.name()}/${sub.name()}`);
  }
  return `${lines.join("\n")}\n`;
}
