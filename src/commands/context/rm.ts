import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { canPrompt, confirm } from "../../output/prompt.js";
import { storeOf } from "./shared.js";
import { unknownContext } from "../../context/store.js";
import { examplesText } from "../shared/examples.js";

export interface ContextRmOptions { force?: boolean }

/**
 * `nats context rm NAME`: deletes a context, never unasked without a terminal. The selected context is refused
 * while others exist, even with -f (jsm.go's registry refuses it too): select or unselect another first.
 */
export function contextRmCommand(deps: Deps): Command {
  return new Command("rm").alias("remove")
    .description("Remove a context")
    .argument("<name>", "The context name to remove")
    .option("-f, --force", "Force remove without prompting", false)
    .addHelpText("after", examplesText("nats context rm staging", "nats context rm staging -f   # without asking"))
    .action(async (name: string, opts: ContextRmOptions) => {
      await contextRm(deps, name, opts);
    });
}

/** Removes NAME; returns false when the user declined at the prompt. */
export async function contextRm(deps: Deps, name: string, opts: ContextRmOptions): Promise<boolean> {
  const store = storeOf(deps);
  store.pathOf(name);
  if (!(await store.exists(name))) throw unknownContext(name);
  store.checkWritable(name, "remove");
  const selected = (await store.selected()) === name;
  if (selected && (await store.names()).length > 1) {
    throw new CliError(`cannot remove the selected context "${name}" while other contexts exist`, { exitCode: ExitCode.CONFLICT, hint: "select another one with `nats context select NAME`, or run `nats context unselect` first" });
  }
  if (!opts.force) {
    if (!canPrompt(deps.io)) throw usageError(`refusing to remove context "${name}" without confirmation`, "pass -f to remove it without a terminal");
    if (!(await confirm(deps.io, `Really delete context "${name}"`))) return false;
  }
  if (selected) await store.unselect();
  await store.remove(name);
  return true;
}
