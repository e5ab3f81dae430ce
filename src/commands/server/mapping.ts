import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { ask as askLine, canPrompt } from "../../output/prompt.js";

/**
 * Maps each subject through SOURCE → DEST; returns the results (one per subject, "Error: …" for a
 * subject that does not map), printed one per line followed by a blank line, as natscli does.
 */
export async function serverMapping(deps: Deps, source: string | undefined, dest: string | undefined, subject: string | undefined): Promise<string[]> {
  const { compileMapping } = await import("../../util/subject-mapping.js");
  const ask = async (what: string) => {
    if (!canPrompt(deps.io)) throw usageError(`server mapping needs the ${what}`, "usage: nats server mapping SOURCE DEST [SUBJECT]");
    return askLine(deps.io, what, { required: true });
  };
  const src = source ?? (await ask("Source subject pattern"));
  const dst = dest ?? (await ask("Destination subject pattern"));
  let m;
  try { m = compileMapping(src, dst); } catch (e) { throw usageError((e as Error).message, "see https://docs.nats.io/nats-concepts/subject_mapping for the mapping functions"); }
  const out: string[] = [];
  const show = (s: string) => {
    let line: string;
    try { line = m.match(s); } catch (e) { line = `Error: ${(e as Error).message}`; }
    out.push(line);
    deps.io.out.write(`${line}\n\n`);
  };
  if (subject !== undefined) {
    show(subject);
    return out;
  }
  // without a subject: read subjects until an empty line, prompting on a terminal, one per line otherwise
  if (canPrompt(deps.io)) {
    deps.io.out.write("Enter subjects to test, empty subject terminates.\n\nNOTE: This only tests mappings, it does not add them to the server\n\n");
    for (;;) {
      const s = await askLine(deps.io, "Subject");
      if (!s) break;
      show(s);
    }
    return out;
  }
  const { readAll } = await import("../../util/stdin.js");
  for (const line of (await readAll(deps.io.in as NodeJS.ReadableStream, deps.signal)).toString("utf8").split(/\r?\n/)) {
    if (line.trim()) show(line.trim());
  }
  return out;
}

/** `nats server mapping SOURCE DEST [SUBJECT]` (mappings): tests a subject mapping offline. */
export function serverMappingCommand(deps: Deps): Command {
  return new Command("mappings").alias("mapping")
    .description("Test subject mapping patterns (offline: nothing is sent to a server)")
    .argument("[source]", "Source subject pattern")
    .argument("[dest]", "Destination subject pattern")
    .argument("[subject]", "Subject to transform (without it: subjects from stdin, one per line)")
    .addHelpText("after", "\nExamples:\n  nats server mapping 'orders.*' 'orders.{{partition(3,1)}}.{{wildcard(1)}}' orders.1234\n  printf 'a.x\\na.y\\n' | nats server mapping 'a.*' 'b.$1'\n")
    .action(async (source: string | undefined, dest: string | undefined, subject: string | undefined) => {
      const out = await serverMapping(deps, source, dest, subject);
      if (out.some((l) => l.startsWith("Error: "))) {
        const { ExitStatus } = await import("../../errors.js");
        throw new ExitStatus(1);
      }
    });
}
