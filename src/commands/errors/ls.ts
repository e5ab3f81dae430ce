import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { errorMatches, errorsFileFlag, loadErrors, type ServerError } from "./shared.js";

export interface ErrorsLsOptions { reverse?: boolean; json?: boolean; errors?: string }

/** `errors ls [MATCH] [SORT]`: natscli's "NATS Errors" table, filtered by a regular expression and sorted. */
export function errorsLsCommand(deps: Deps): Command {
  return new Command("ls").alias("list").description("List all known error codes")
    .argument("[match]", "Regular expression match to limit the displayed results")
    .argument("[sort]", "Sorts by a specific field (code, http, description, descr, d)")
    .addOption(new Option("-R, --reverse", "Reverse sort"))
    .option("-j, --json", "Produce JSON output (the matching entries of errors.json)")
    .addHelpText("after", "\nExamples:\n  nats errors ls                 # every JetStream error code\n  nats errors ls consumer http   # codes about consumers, by HTTP status\n")
    .action(async (match: string | undefined, sort: string | undefined, o: ErrorsLsOptions, c: Command) => {
      await errorsLs(deps, match, sort ?? "code", { ...o, errors: errorsFileFlag(c) });
    });
}

/** Lists the error codes matching `match` (all without), sorted by code, HTTP status or description. */
export async function errorsLs(deps: Deps, match: string | undefined, sort: string, o: ErrorsLsOptions): Promise<ServerError[]> {
  if (!["code", "http", "description", "descr", "d"].includes(sort)) throw usageError(`invalid sort "${sort}"`, "sort by code, http or description");
  let re: RegExp;
  try {
    re = new RegExp(match ? match.toLowerCase() : ".");
  } catch (e) {
    throw usageError(`invalid regular expression "${match}": ${(e as Error).message}`);
  }
  const errs = (await loadErrors(o.errors)).filter((e) => errorMatches(e, re));
  if (!errs.length) throw new CliError(`no errors found matching regular expression ${re.source}`, { exitCode: ExitCode.NOT_FOUND });
  const key = (e: ServerError): number | string => (sort === "code" ? e.error_code : sort === "http" ? e.code : e.description);
  errs.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const d = typeof x === "number" ? x - (y as number) : x < y ? -1 : x > y ? 1 : 0;
    return (o.reverse ? -d : d) || a.error_code - b.error_code;
  });
  if (o.json) printJson(deps.io, errs);
  else printTable(deps.io, ["NATS Code", "HTTP Error Code", "Description", "Comment", "Go Constant"], errs.map((e) => [e.error_code, e.code, e.description, e.comment, e.constant]), { title: "NATS Errors" }, deps.env);
  return errs;
}
