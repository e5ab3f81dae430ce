import { readFile } from "node:fs/promises";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode, ExitStatus, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { readAll } from "../../util/stdin.js";
import { loadSchema, validateAgainst } from "./shared.js";

export interface SchemaValidateOptions { json?: boolean }

/** `schema validate ID FILE` (`check`): validates a JSON document (a file or - for stdin) against a schema. */
export function schemaValidateCommand(deps: Deps): Command {
  return new Command("validate").alias("check").description("Validates a JSON file against a schema")
    .argument("<schema>", "Schema ID to validate against")
    .argument("<file>", "JSON data to validate (- for stdin)")
    .option("--json", "Produce JSON format output: the list of problems ([] when valid)")
    .addHelpText("after", "\nExamples:\n  nats schema validate io.nats.jetstream.api.v1.stream_configuration orders.json\n  nats stream info ORDERS --json | nats schema validate io.nats.jetstream.api.v1.stream_info_response -\n")
    .action(async (id: string, file: string, o: SchemaValidateOptions) => {
      const problems = await schemaValidate(deps, id, file, o);
      // natscli exits 0 either way; a script can rely on this exit code instead of parsing the text
      if (problems.length) throw new ExitStatus(ExitCode.FAILURE);
    });
}

/** Prints whether the document validates (or the problems found) and returns the problems. */
export async function schemaValidate(deps: Deps, id: string, file: string, o: SchemaValidateOptions): Promise<string[]> {
  loadSchema(id);
  let text: string;
  if (file === "-") text = (await readAll(deps.io.in, deps.signal)).toString("utf8");
  else {
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`, { exitCode: ExitCode.NOT_FOUND });
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw usageError(`could not parse JSON data in "${file}": ${(e as Error).message}`);
  }
  const problems = await validateAgainst(id, data);
  if (o.json) printJson(deps.io, problems);
  else if (!problems.length) deps.io.out.write(`${file} validates against ${id}\n`);
  else deps.io.out.write(`Validation errors in ${file}:\n\n  ${problems.join("\n  ")}\n`);
  return problems;
}
