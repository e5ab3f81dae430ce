import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError, ExitCode } from "../../errors.js";
import { colors } from "../../output/color.js";
import { Columns } from "../../output/columns.js";
import { printJson } from "../../output/json.js";
import { parseIntFlag } from "../../util/flags.js";
import { errorsFileFlag, loadErrors, type ServerError } from "./shared.js";

export interface ErrorsLookupOptions { json?: boolean; errors?: string }

/** `errors lookup CODE`: one error code's description, HTTP status, Go constant and help. */
export function errorsLookupCommand(deps: Deps): Command {
  return new Command("lookup").aliases(["find", "get", "l", "view", "show"]).description("Looks up an error by its code")
    .argument("<code>", "The code to retrieve")
    .option("-j, --json", "Produce JSON output (the entry of errors.json)")
    .addHelpText("after", "\nExamples:\n  nats errors lookup 10059\n")
    .action(async (code: string, o: ErrorsLookupOptions, c: Command) => {
      await errorsLookup(deps, parseIntFlag(code, "code", { max: 65535 }), { ...o, errors: errorsFileFlag(c) });
    });
}

/** Shows error `code` as natscli's screen (or its JSON entry); an unknown code is exit 7. */
export async function errorsLookup(deps: Deps, code: number, o: ErrorsLookupOptions): Promise<ServerError> {
  const e = (await loadErrors(o.errors)).find((x) => x.error_code === code);
  if (!e) throw new CliError(`no error matches code ${code}`, { exitCode: ExitCode.NOT_FOUND, hint: "`nats errors ls` lists them" });
  if (o.json) {
    printJson(deps.io, e);
    return e;
  }
  const c = new Columns(`NATS Error Code: ${colors(deps.io).bold(String(e.error_code))}`);
  c.row("Description", e.description);
  c.rowIf(e.comment, "Comment", e.comment);
  c.row("HTTP Code", e.code).row("Go Index Constant", e.constant);
  c.rowIf(e.url, "Help URL", e.url);
  c.line();
  c.line(e.help ? e.help : "No further information available");
  c.print(deps.io);
  return e;
}
