import { mkdir, stat, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { Command } from "commander";
import type { Deps } from "../deps.js";
import { CliError, usageError } from "../errors.js";
import { cheatSections, cheatSheet } from "./shared/cheats.js";

export interface CheatOptions { list?: boolean; save?: string }

/** `nats cheat [LABEL]`: natscli's cheat sheets (`--list`, `--save DIR` for the cheat tool). */
export function createCommand(deps: Deps): Command {
  return new Command("cheat").description("Shows cheats for nats")
    .argument("[label]", "The cheat to show")
    .option("--list", "List available cheats")
    .option("--save <directory>", "Saves the cheats to the given directory (for the `cheat` tool)")
    .addHelpText("after", "\nThese cheats are compatible with the 'cheat' CLI tool (https://github.com/cheat/cheat):\n--save writes them where that tool finds them.\n\nExamples:\n  nats cheat            # the labels\n  nats cheat stream\n  nats cheat --save ~/.config/cheat/cheatsheets/personal/nats\n")
    .action(async (label: string | undefined, o: CheatOptions) => {
      await cheat(deps, label, o);
    });
}

/** Lists the labels, prints one sheet, or saves every sheet; returns what was shown or saved. */
export async function cheat(deps: Deps, label: string | undefined, o: CheatOptions): Promise<string[]> {
  const labels = cheatSections();
  if (o.save !== undefined) {
    if (label) throw usageError("--save writes every cheat: do not give a label with it");
    const exists = await stat(o.save).then(() => true, () => false);
    if (exists) throw new CliError(`${o.save} already exists`, { hint: "--save writes into a new directory" });
    await mkdir(o.save, { recursive: true, mode: 0o755 });
    for (const l of labels) {
      const file = path.join(o.save, l);
      await writeFile(file, `---\ntags: [nats]\n---\n\n${cheatSheet(l)!.trimEnd()}\n`, { mode: 0o644 });
      deps.io.out.write(`Saved cheat to ${file}\n`);
    }
    return labels;
  }
  if (o.list || !label) {
    deps.io.out.write(`Available Cheats:\n\n${labels.map((l) => `    ${l}\n`).join("")}`);
    return labels;
  }
  const sheet = cheatSheet(label);
  if (sheet === undefined) throw usageError(`no cheat for "${label}"`, `pick one of: ${labels.join(", ")}`);
  deps.io.out.write(`${sheet.trimEnd()}\n`);
  return [label];
}
