import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { ExitStatus } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { contextJson, currentName, loadNamed, renderContext, storeOf, warnEnvOverrides, checkConnection } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ContextInfoOptions { json?: boolean; connect?: boolean }

/** `nats context info [NAME]`: shows a context (secrets masked), optionally testing a connection with it. */
export function contextInfoCommand(deps: Deps): Command {
  return new Command("info").aliases(["show", "v", "view"])
    .description("Display information about the current or named context")
    .argument("[name]", "The context name to show")
    .option("-j, --json", "Show the context in JSON format", false)
    .option("--connect", "Attempts to connect to NATS using the context while validating", false)
    .addHelpText("after", examplesText("nats context info", "nats context info dev --json", "nats context info dev --connect   # and check that it connects"))
    .action(async (name: string | undefined, opts: ContextInfoOptions, cmd: Command) => {
      await contextInfo(deps, cmd, name, opts);
    });
}

/** Prints the screen (or masked JSON); with --connect a failed connection ends with its exit code. */
export async function contextInfo(deps: Deps, cmd: Command, name: string | undefined, opts: ContextInfoOptions): Promise<void> {
  const store = storeOf(deps);
  const ctx = await loadNamed(deps, store, name ?? (await currentName(deps, cmd, store)));
  const conn = opts.connect ? await checkConnection(deps, cmd, ctx) : undefined;
  if (opts.json) {
    printJson(deps.io, conn ? { ...contextJson(ctx), connection: conn.text } : contextJson(ctx));
  } else {
    deps.io.out.write(`${renderContext(deps, ctx, conn?.text).text}\n`);
    warnEnvOverrides(deps);
  }
  if (conn && !conn.ok) throw new ExitStatus(conn.exitCode);
}
