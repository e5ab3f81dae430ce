import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode } from "../../errors.js";
import { showContext, storeOf } from "./shared.js";
import { examplesText } from "../shared/examples.js";

/** `nats context previous` (also `nats ctx -`): switches back to the previously selected context, like `cd -`. */
export function contextPreviousCommand(deps: Deps): Command {
  return new Command("previous").alias("-")
    .description("Switch to the previous context")
    .addHelpText("after", examplesText("nats context previous", "nats context -                # like `cd -`"))
    .action(async () => {
      await contextPrevious(deps);
    });
}

/** Selects the previous context (the current one becomes previous) and shows it; with no previous, shows the current one. */
export async function contextPrevious(deps: Deps): Promise<string> {
  const store = storeOf(deps);
  const prev = await store.previous();
  if (prev && (await store.exists(prev))) {
    await store.select(prev);
    showContext(deps, await store.load(prev));
    return prev;
  }
  const current = await store.selected();
  if (!current) throw new CliError("no previous context recorded and none selected", { exitCode: ExitCode.NOT_FOUND, hint: "select one with `nats context select NAME`" });
  showContext(deps, await store.load(current));
  return current;
}
