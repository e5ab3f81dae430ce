import type { Deps } from "../../deps.js";
import { ExitStatus } from "../../errors.js";
import { confirmDestructive } from "../../output/prompt.js";
import { configDiff } from "../../jetstream/config-file.js";

/**
 * The shared middle of `stream edit` and `consumer edit`: prints the diff (or that there is none),
 * exits 1 on --dry-run when something differs, else asks. true means: go ahead and update.
 */
export async function confirmConfigEdit(deps: Deps, oldC: Record<string, unknown>, newC: Record<string, unknown>, typeName: string, question: string, o: { dryRun?: boolean; force?: boolean }): Promise<boolean> {
  const diff = configDiff(oldC, newC, typeName);
  if (!diff) {
    deps.io.out.write("No difference in configuration\n");
    return false;
  }
  deps.io.out.write(`Differences (-old +new):\n${diff}`);
  if (o.dryRun) throw new ExitStatus(1);
  return confirmDestructive(deps.io, o.force, question);
}
