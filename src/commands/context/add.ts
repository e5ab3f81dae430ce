import { Command } from "commander";
import type { Deps } from "../../deps.js";
import type { GlobalFlags } from "../../context/resolve.js";
import type { ContextSettings } from "../../context/store.js";
import { composeContext, loadNamed, showContext, storeOf } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ContextAddOptions { description?: string; select?: boolean; embed?: boolean }

/** `nats context add NAME`: creates or updates a context from the global connection flags given with it. */
export function contextAddCommand(deps: Deps): Command {
  return new Command("add").aliases(["create", "save"])
    .description("Update or create a context")
    .argument("<name>", "The context name to act on")
    .option("--description <description>", "Set a friendly description for this context")
    .option("--select", "Select the saved context as the default one", false)
    .option("--embed", "Embed credentials, nkey, JWT and seed files in the context as data: URIs", false)
    .addHelpText("after", examplesText("nats context add dev --server nats://127.0.0.1:4222 --description 'Local development' --select", "nats context add ngs --server tls://connect.ngs.global --creds ~/ngs.creds", "nats context add prod --server nats1.example.net,nats2.example.net --creds prod.creds --embed   # the creds file stored in the context"))
    .action(async (name: string, opts: ContextAddOptions, cmd: Command) => {
      await contextAdd(deps, cmd.optsWithGlobals() as GlobalFlags, name, opts);
    });
}

/** Saves NAME: an existing context is updated; a new one starts from --context (if given) or empty. */
export async function contextAdd(deps: Deps, flags: GlobalFlags, name: string, opts: ContextAddOptions): Promise<ContextSettings> {
  const store = storeOf(deps);
  store.pathOf(name); // validates the name before anything else
  store.checkWritable(name, "change");
  let base: ContextSettings | undefined;
  if (await store.exists(name)) base = (await store.load(name)).settings;
  else if (typeof flags.context === "string" && flags.context) base = (await loadNamed(deps, store, flags.context)).settings;
  const settings = composeContext(deps, base, flags, opts, `context "${name}"`);
  await store.save(name, settings);
  if (opts.select) await store.select(name);
  showContext(deps, await store.load(name));
  return settings;
}
