import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { canPrompt, pick } from "../../output/prompt.js";
import { showContext, storeOf } from "./shared.js";
import { examplesText } from "../shared/examples.js";

/** `nats context select [NAME]`: makes NAME the default context (asks on a terminal when NAME is missing). */
export function contextSelectCommand(deps: Deps): Command {
  return new Command("select").aliases(["switch", "set"])
    .description("Select the default context")
    .argument("[name]", "The context name to select")
    .addHelpText("after", examplesText("nats context select dev", "nats context select            # pick one from a list"))
    .action(async (name: string | undefined) => {
      await contextSelect(deps, name);
    });
}

/** Selects a context (the old selection becomes the previous one) and shows it. */
export async function contextSelect(deps: Deps, name: string | undefined): Promise<string> {
  const store = storeOf(deps);
  const names = await store.names();
  if (names.length === 0) throw new CliError("no context defined", { exitCode: ExitCode.NOT_FOUND, hint: "create one with `nats context add NAME --server URL`" });
  let chosen = name;
  if (!chosen) {
    if (!canPrompt(deps.io)) throw usageError("no context name given, and there is no terminal to ask for one", "pass the name: `nats context select NAME`");
    const selected = await store.selected();
    chosen = await pick(deps.io, "Select a context", names.map((n) => ({ value: n, label: n === selected ? `${n} (selected)` : n })));
  }
  store.pathOf(chosen); // an invalid name is a usage error, not "unknown context"
  // loaded first: a context that is missing, a directory or not valid JSON is never selected
  const ctx = await store.load(chosen);
  await store.select(chosen);
  showContext(deps, ctx);
  return chosen;
}
