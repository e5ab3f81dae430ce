import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { CliError } from "../../errors.js";
import { log } from "../../output/io.js";
import { checkConnection, loadNamed, renderContext, storeOf, validateSettings, warnEnvOverrides } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ContextValidateOptions { connect?: boolean }

/** `nats context validate [NAME]`: checks one context (or all): JSON, credential files, URLs, optionally a connection. */
export function contextValidateCommand(deps: Deps): Command {
  return new Command("validate")
    .description("Validate one or all contexts")
    .argument("[name]", "Validate a specific context, validates all when not supplied")
    .option("--connect", "Attempts to connect to NATS using the context while validating", false)
    .addHelpText("after", examplesText("nats context validate", "nats context validate dev --connect"))
    .action(async (name: string | undefined, opts: ContextValidateOptions, cmd: Command) => {
      await contextValidate(deps, cmd, name, opts);
    });
}

/** Prints each context's screen; any problem is logged and the command ends with "validation failed". */
export async function contextValidate(deps: Deps, cmd: Command, name: string | undefined, opts: ContextValidateOptions): Promise<void> {
  const store = storeOf(deps);
  const names = name ? [name] : await store.names();
  let failed = false;
  for (const n of names) {
    let ctx;
    try {
      ctx = await loadNamed(deps, store, n);
      validateSettings(ctx.settings, `context "${n}"`);
    } catch (e) {
      log(deps.io, deps.now(), `Could not load ${n}: ${(e as Error).message}`);
      failed = true;
      continue;
    }
    const conn = opts.connect ? await checkConnection(deps, cmd, ctx) : undefined;
    const report = renderContext(deps, ctx, conn?.text);
    deps.io.out.write(`${report.text}\n`);
    for (const p of report.problems) log(deps.io, deps.now(), `${n}: ${p}`);
    if (!report.ok || (conn && !conn.ok)) failed = true;
  }
  warnEnvOverrides(deps);
  if (failed) throw new CliError("validation failed");
}
