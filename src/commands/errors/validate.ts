import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError } from "../../errors.js";
import { errorsFileFlag, loadErrors, validateError } from "./shared.js";

/** `errors validate [FILE]`: natscli's checks over every definition of an errors.json. */
export function errorsValidateCommand(deps: Deps): Command {
  return new Command("validate").description("Validates the validity of the errors definition")
    .argument("[file]", "The file to validate (default: --errors, else the shipped table)")
    .addHelpText("after", "\nExamples:\n  nats errors validate server/errors.json\n")
    .action(async (file: string | undefined, _o: unknown, c: Command) => {
      await errorsValidate(deps, file ?? errorsFileFlag(c));
    });
}

/** Prints `<code> failed: <problems>` per bad definition and fails, or `Validated N errors`. */
export async function errorsValidate(deps: Deps, file: string | undefined): Promise<number> {
  const errs = await loadErrors(file);
  let failed = 0;
  for (const e of errs) {
    const problems = validateError(e);
    if (problems.length) {
      failed++;
      deps.io.out.write(`${e.error_code} failed: ${problems.join(", ")}\n`);
    }
  }
  if (failed) throw new CliError(`${file ?? "the errors table"} is invalid: ${failed} of ${errs.length} definitions failed`);
  deps.io.out.write(`Validated ${errs.length} errors\n`);
  return errs.length;
}
