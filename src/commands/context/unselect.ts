import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { storeOf } from "./shared.js";
import { examplesText } from "../shared/examples.js";

/** `nats context unselect`: clears the default context (remembered as the previous one). */
export function contextUnselectCommand(deps: Deps): Command {
  return new Command("unselect")
    .description("Unselects the current context")
    .addHelpText("after", examplesText("nats context unselect   # back to flags, NATS_* and the defaults"))
    .action(async () => {
      await contextUnselect(deps);
    });
}

/** Clears the selection and says what was unselected; returns the old name ("" when none). */
export async function contextUnselect(deps: Deps): Promise<string> {
  const old = await storeOf(deps).unselect();
  deps.io.out.write(old ? `Unselected the "${old}" context\n` : "No context currently selected\n");
  return old;
}
