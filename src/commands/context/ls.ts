import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import type { NamedContext } from "../../context/store.js";
import { contextJson, storeOf } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ContextLsOptions { json?: boolean; names?: boolean; completion?: boolean }

/** `nats context ls`: the known contexts, the selected one marked with `*`. */
export function contextLsCommand(deps: Deps): Command {
  const c = new Command("ls").aliases(["list", "l"])
    .description("List known contexts")
    .option("-j, --json", "Produce JSON output", false)
    .option("--names", "Show just the context names", false)
    .option("--completion", "Completion output: name:description per line", false)
    .addHelpText("after", examplesText("nats context ls", "nats context ls --names"))
    .action(async (opts: ContextLsOptions) => {
      await contextLs(deps, opts);
    });
  c.options.find((o) => o.long === "--completion")!.hidden = true;
  return c;
}

/** Lists contexts as a table, names, `name:description` lines or masked JSON; unloadable ones are reported and skipped. */
export async function contextLs(deps: Deps, opts: ContextLsOptions): Promise<NamedContext[]> {
  const store = storeOf(deps);
  const names = await store.names();
  const selected = await store.selected();
  if (opts.names) {
    // no loading: completion scripts call this and must stay fast, and a broken file still has a name
    for (const n of names) deps.io.out.write(`${n}\n`);
    return [];
  }
  const loaded: NamedContext[] = [];
  for (const n of names) {
    try {
      loaded.push(await store.load(n));
    } catch (e) {
      if (!opts.completion) log(deps.io, deps.now(), `Could not load context ${n}: ${(e as Error).message}`);
    }
  }
  if (opts.completion) {
    for (const c of loaded) deps.io.out.write(`${c.name.replace(/:/g, "\\:")}:${c.settings.description}\n`);
  } else if (opts.json) {
    printJson(deps.io, loaded.map(contextJson));
  } else if (loaded.length === 0) {
    deps.io.out.write("No known contexts\n");
  } else {
    printTable(deps.io, ["Name", "Description"], loaded.map((c) => [c.name === selected ? `${c.name}*` : c.name, c.settings.description]), { title: "Known Contexts" }, deps.env);
  }
  return loaded;
}
