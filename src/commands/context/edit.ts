import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError } from "../../errors.js";
import { runEditor } from "../../util/editor.js";
import { contextToJson, parseContextJson, unknownContext } from "../../context/store.js";
import { showContext, storeOf, validateSettings } from "./shared.js";
import { examplesText } from "../shared/examples.js";

/** `nats context edit NAME`: opens the context's JSON in $EDITOR and saves it only if the result is valid. */
export function contextEditCommand(deps: Deps): Command {
  return new Command("edit").alias("vi")
    .description("Edit a context in your EDITOR")
    .argument("<name>", "The context name to edit")
    .addHelpText("after", examplesText("nats context edit dev", "EDITOR=vi nats context edit prod"))
    .action(async (name: string) => {
      await contextEdit(deps, name);
    });
}

/**
 * Edits a copy in a private temp dir; the stored file is replaced (atomically) only when the edited
 * text parses and passes the save-time checks, so a bad edit never damages the original.
 */
export async function contextEdit(deps: Deps, name: string): Promise<void> {
  const store = storeOf(deps);
  const file = store.pathOf(name);
  if (!(await store.exists(name))) throw unknownContext(name);
  store.checkWritable(name, "edit");
  const original = await fs.readFile(file, "utf8");
  // natscli edits a YAML rendering; we edit the natscli JSON itself (same keys), so no YAML dependency
  const current = parseContextJson(original, `context "${name}": ${file}`, `fix it in an editor, or remove it with \`nats context rm ${name}\``);
  const dir = await fs.mkdtemp(path.join(tmpdir(), "natsx-ctx-edit-"));
  const tmp = path.join(dir, `${name}.json`);
  try {
    await fs.writeFile(tmp, `${contextToJson(current)}\n`, { mode: 0o600 });
    await runEditor(deps.env, tmp);
    const edited = await fs.readFile(tmp, "utf8");
    let settings;
    try {
      settings = parseContextJson(edited, "the edited text");
      validateSettings(settings, "the edited context");
    } catch (e) {
      throw new CliError(`${(e as Error).message}; context "${name}" was not changed`, { hint: "run `nats context edit` again to fix it" });
    }
    await store.save(name, settings);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  showContext(deps, await store.load(name));
}
