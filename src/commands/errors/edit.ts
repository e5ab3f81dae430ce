import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, usageError } from "../../errors.js";
import { writeFileAtomic } from "../../context/store.js";
import { canPrompt, confirm } from "../../output/prompt.js";
import { runEditor } from "../../util/editor.js";
import { parseIntFlag } from "../../util/flags.js";
import { loadErrors, validateError, type ServerError } from "./shared.js";

/** `errors edit FILE [CODE]` (`vi`, `add`, `new`): edits (or adds) one definition of an errors.json in $EDITOR. */
export function errorsEditCommand(deps: Deps): Command {
  return new Command("edit").aliases(["vi", "add", "new"]).description("Edit or add a error code using your EDITOR")
    .argument("<file>", "The file to edit")
    .argument("[code]", "The code to edit (default: a new one after the highest)")
    .addHelpText("after", "\nExamples:\n  EDITOR=vi nats errors edit server/errors.json 10059\n  nats errors add server/errors.json         # a new code, one above the highest\n")
    .action(async (file: string, code: string | undefined) => {
      await errorsEdit(deps, file, code === undefined ? undefined : parseIntFlag(code, "code", { max: 65535 }));
    });
}

/**
 * Opens error `code` (or a new one numbered after the highest) in $EDITOR as JSON; once it passes natscli's checks
 * the whole file is rewritten atomically and validated. An invalid edit is offered again on a terminal, and
 * changes nothing otherwise.
 */
export async function errorsEdit(deps: Deps, file: string, code: number | undefined): Promise<ServerError> {
  const errs = await loadErrors(file);
  const idx = code === undefined ? -1 : errs.findIndex((e) => e.error_code === code);
  const highest = Math.max(0, ...errs.map((e) => e.error_code));
  const start: ServerError = idx >= 0 ? errs[idx]! : { constant: "", code: 0, error_code: code ?? highest + 1, description: "", comment: "", help: "", url: "", deprecates: "" };
  const dir = await fs.mkdtemp(path.join(tmpdir(), "natsx-errors-edit-"));
  const tmp = path.join(dir, `${start.error_code}.json`);
  let edited: ServerError;
  try {
    await fs.writeFile(tmp, `${JSON.stringify(start, null, 2)}\n`, { mode: 0o600 });
    for (;;) {
      await runEditor(deps.env, tmp);
      let problems: string[];
      try {
        edited = JSON.parse(await fs.readFile(tmp, "utf8")) as ServerError;
        problems = validateError(edited);
      } catch (e) {
        problems = [`not valid JSON: ${(e as Error).message}`];
      }
      if (!problems.length) break;
      const msg = `Invalid error specification: ${problems.join(", ")}`;
      if (!canPrompt(deps.io)) throw new CliError(`${msg}; ${file} was not changed`);
      deps.io.out.write(`${msg}\n`);
      if (!(await confirm(deps.io, "Retry edit"))) throw usageError(`aborted; ${file} was not changed`);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  const taken = errs.findIndex((e, i) => i !== idx && e.error_code === edited!.error_code);
  if (taken >= 0) throw new CliError(`error code ${edited!.error_code} is already used by ${errs[taken]!.constant}; ${file} was not changed`);
  if (idx >= 0) errs[idx] = edited!;
  else errs.push(edited!);
  const stat = await fs.stat(file);
  await writeFileAtomic(file, `${JSON.stringify(errs, null, 2)}\n`, stat.mode & 0o777);
  deps.io.out.write(`Validated ${errs.length} errors\n`);
  return edited!;
}
