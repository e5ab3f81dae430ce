import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode } from "../../errors.js";
import type { GlobalFlags } from "../../context/resolve.js";
import { composeContext, showContext, storeOf } from "./shared.js";
import { unknownContext } from "../../context/store.js";
import { examplesText } from "../shared/examples.js";

export interface ContextCopyOptions { description?: string; select?: boolean; embed?: boolean }

/** `nats context copy SRC NAME`: a new context from an existing one, with the global flags given layered on top. */
export function contextCopyCommand(deps: Deps): Command {
  return new Command("copy").alias("cp")
    .description("Copies an existing context")
    .argument("<source>", "The name of the context to copy from")
    .argument("<name>", "The name of the context to create")
    .option("--description <description>", "Set a friendly description for this context")
    .option("--select", "Select the new context as the default one", false)
    .option("--embed", "Embed credentials, nkey, JWT and seed files in the context as data: URIs", false)
    .addHelpText("after", examplesText("nats context copy dev staging --description 'Staging cluster' --select", "nats context cp prod prod-embedded --embed"))
    .action(async (source: string, name: string, opts: ContextCopyOptions, cmd: Command) => {
      await contextCopy(deps, cmd.optsWithGlobals() as GlobalFlags, source, name, opts);
    });
}

/** Copies SRC to a new NAME (never overwrites). */
export async function contextCopy(deps: Deps, flags: GlobalFlags, source: string, name: string, opts: ContextCopyOptions): Promise<void> {
  const store = storeOf(deps);
  store.pathOf(source);
  store.pathOf(name);
  if (!(await store.exists(source))) throw unknownContext(source);
  if (await store.exists(name)) throw new CliError(`context "${name}" already exists`, { exitCode: ExitCode.CONFLICT, hint: "pick another name, or change it with `nats context add`/`nats context edit`" });
  const settings = composeContext(deps, (await store.load(source)).settings, flags, opts, `context "${name}"`);
  await store.save(name, settings);
  if (opts.select) await store.select(name);
  showContext(deps, await store.load(name));
}
