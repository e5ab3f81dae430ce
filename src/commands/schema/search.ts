import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { schemaIds } from "./shared.js";

export interface SchemaSearchOptions { json?: boolean }

/** `schema search [PATTERN]` (`find`, `list`, `ls`): the schema IDs matching a regular expression. */
export function schemaSearchCommand(deps: Deps): Command {
  return new Command("search").aliases(["find", "list", "ls"]).description("Search schemas using a pattern")
    .argument("[pattern]", "Regular expression to search for", ".")
    .option("--json", "Produce JSON format output")
    .addHelpText("after", "\nExamples:\n  nats schema search                 # every schema\n  nats schema search 'stream.*response' --json\n")
    .action((pattern: string, o: SchemaSearchOptions) => {
      schemaSearch(deps, pattern, o);
    });
}

/** Prints (and returns) the IDs matching `pattern`. */
export function schemaSearch(deps: Deps, pattern: string, o: SchemaSearchOptions): string[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern || ".");
  } catch (e) {
    throw usageError(`search failed: invalid regular expression "${pattern}": ${(e as Error).message}`);
  }
  const found = schemaIds().filter((id) => re.test(id));
  if (o.json) printJson(deps.io, found);
  else if (!found.length) deps.io.out.write(`No schemas matched "${pattern}"\n`);
  else deps.io.out.write(`Matched Schemas:\n\n  ${found.join("\n  ")}\n`);
  return found;
}
