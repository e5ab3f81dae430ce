import { Command, CommanderError, Help, type Option } from "commander";
import { ExitCode } from "./errors.js";
import type { Deps } from "./deps.js";
import { COMMANDS, findInvocation, type CommandLoaders, type Invocation, type ProgramContext } from "./commands/registry.js";
import { addGlobalOptions } from "./global-options.js";
import { refuseUndecodedText } from "./util/argv-text.js";
import { unknownCommand, unknownOption } from "./util/suggest.js";
import { errorLine } from "./output/errors.js";

export const VERSION = "0.1.0";

/** Applies our output streams and exitOverride to every command (addCommand does not pass them down). */
export function configureTree(cmd: Command, deps: Deps): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => deps.io.out.write(s),
    writeErr: (s) => deps.io.err.write(s),
    outputError: (s, write) => write(commanderErrorLine(cmd, s)),
  });
  cmd.showSuggestionAfterError(true);
  if (cmd.parent) {
    cmd.helpOption("-h, --help", "Show help");
    cmd.configureHelp(SUBCOMMAND_HELP);
  }
  for (const c of cmd.commands) configureTree(c, deps);
}

/**
 * A sub-command's help shows its own flags and those of its groups (`stream --all`), not the ~25 global connection
 * flags every command takes: those are listed once by `nats --help`, which the page names (as gh does).
 */
const SUBCOMMAND_HELP: Partial<Help> = {
  showGlobalOptions: true,
  visibleGlobalOptions(this: Help, cmd: Command) {
    const inherited: Option[] = [];
    for (let c = cmd.parent; c?.parent; c = c.parent) inherited.push(...c.options.filter((o) => !o.hidden));
    return inherited;
  },
  formatItemList(this: Help, heading: string, items: string[], helper: Help) {
    return Help.prototype.formatItemList.call(this, heading === "Global Options:" ? "Group Options:" : heading, items, helper);
  },
  formatHelp(this: Help, cmd: Command, helper: Help) {
    return `${Help.prototype.formatHelp.call(this, cmd, helper)}\n${GLOBAL_FLAGS_POINTER}\n`;
  },
};

/** The line that ends every sub-command's help, where the global flags are no longer listed. */
export const GLOBAL_FLAGS_POINTER = "Use `nats --help` for the global flags (server, credentials, TLS, context, timeout).";

/**
 * Commander's usage errors in our one-line form (`nats: error: <what> — <fix>`): its "(Did you mean …?)" line joins
 * the message, an unknown command names its group and the nearest command, and an unknown flag the nearest flag of
 * the command and the groups above it, without a value given with `=` (util/suggest.ts).
 */
export function commanderErrorLine(cmd: Command, s: string): string {
  if (!s.startsWith("error:")) return s;
  const unknown = /^error: unknown command '([^']*)'/.exec(s);
  if (unknown) {
    const u = unknownCommand(cmd, unknown[1]!);
    return errorLine(`${u.message} — ${u.hint}`);
  }
  const option = /^error: unknown option '([^']*)'/.exec(s);
  if (option) {
    const u = unknownOption(cmd, option[1]!);
    return errorLine(u.hint ? `${u.message} — ${u.hint}` : u.message);
  }
  return errorLine(s.trimEnd().replace(/^error: /, "").replace(/\n\(Did you mean (.+)\?\)$/, " — did you mean $1?"));
}

export interface BuildOptions {
  /** Load every command module (completion generation, tests); otherwise only the invoked one. */
  all?: boolean;
}

/**
 * Builds the command tree. Only the invoked top-level command's module is imported (from `commands`);
 * the others are light entries for help, so `nats pub` does not pay for loading JetStream, KV or tables.
 */
export async function buildProgram(deps: Deps, invocation: Invocation, commands: CommandLoaders, opts: BuildOptions = {}): Promise<Command> {
  const program = new Command("nats")
    .description("NATS Utility: natscli-compatible command line for NATS (natsx)")
    .version(VERSION, "--version", "Show the application version")
    .helpOption("-h, --help", "Show help")
    .addHelpCommand(true)
    .enablePositionalOptions(false);
  addGlobalOptions(program);
  // every command's arguments and flag values, before its action runs (the fast path checks its own: fast-args.ts)
  program.hook("preAction", (_root, action) => refuseUndecodedText(argvValues(action)));
  const { command: invoked, helping } = invocation;
  const context: ProgramContext = { fullTree: () => buildProgram(deps, findInvocation([]), commands, { all: true }) };
  for (const entry of COMMANDS) {
    if (opts.all || entry === invoked) {
      const load = commands[entry.name];
      if (!load) throw new Error(`this build of nats cannot run \`${entry.name}\``);
      const mod = await load();
      const cmd = mod.createCommand(deps, context);
      program.addCommand(cmd, { hidden: entry.hidden });
    } else if (!invoked || helping) {
      // the other commands' entries only matter to help and to "unknown command" suggestions
      program.addCommand(new Command(entry.name).aliases(entry.aliases).description(entry.description).allowUnknownOption().allowExcessArguments(), { hidden: entry.hidden });
    }
  }
  addJqOptions(program);
  configureTree(program, deps);
  return program;
}

/**
 * `--jq FILTER` on every command that has `--json` (gh's convention), added here once rather than in each command:
 * the filter runs over whatever the command writes as JSON (src/output/jq.ts), per record for NDJSON.
 */
export function addJqOptions(cmd: Command): void {
  if (cmd.options.some((o) => o.long === "--json") && !cmd.options.some((o) => o.long === "--jq")) {
    cmd.option("--jq <filter>", "Filter the JSON output with a jq expression, strings printed raw (implies --json; natsx)");
  }
  for (const c of cmd.commands) addJqOptions(c);
}

/**
 * Under --jq: --json is switched on and stdout becomes the filter's input (src/output/jq.ts). Returns what ends the
 * filter at the end of the run, once the command's output went through it.
 */
async function applyJq(deps: Deps, action: Command): Promise<(() => Promise<number>) | undefined> {
  const filter = action.getOptionValue("jq") as string | undefined;
  if (filter === undefined) return undefined;
  action.setOptionValue("json", true);
  const { JqOutput, JqProgram, jqFailure } = await import("./output/jq.js");
  const program = await JqProgram.compile(filter, "--jq");
  const before = Object.getOwnPropertyDescriptor(deps.io, "out")!;
  const sink = new JqOutput(program, deps.io.out, deps.io.err);
  Object.defineProperty(deps.io, "out", { value: sink, enumerable: true, configurable: true, writable: true });
  return async () => {
    await sink.close();
    Object.defineProperty(deps.io, "out", before);
    if (sink.failed) {
      deps.io.err.write(`nats: error: ${jqFailure(sink.failed).message}\n`);
      return ExitCode.FAILURE;
    }
    return ExitCode.OK;
  };
}

/** A command's arguments (by name) and the flags given to it and its parents (by long name), as parsed. */
function* argvValues(cmd: Command): Generator<readonly [string, unknown]> {
  const args = cmd.registeredArguments;
  for (let i = 0; i < args.length; i++) yield [args[i]!.name(), cmd.processedArgs[i]];
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) yield [o.long ?? o.flags, c.getOptionValue(o.attributeName())];
  }
}

/**
 * `nats help kv put` as `nats kv put --help`, as natscli reads it: commander's help command looks one word deep
 * (it showed the kv group's page). `nats help` and `nats help kv` stay commander's.
 */
export function helpCommandArgs(args: readonly string[]): string[] {
  return args[0] === "help" && args.length > 2 && !args.slice(1).some((a) => a.startsWith("-")) ? [...args.slice(1), "--help"] : [...args];
}

/** Builds the program and runs the invocation; commander's own outcomes (help shown, usage errors it printed) become exit codes here. */
export async function runProgram(deps: Deps, invocation: Invocation, commands: CommandLoaders): Promise<number> {
  const program = await buildProgram(deps, invocation, commands);
  let endJq: (() => Promise<number>) | undefined;
  program.hook("preAction", async (_root, action) => { endJq = await applyJq(deps, action); });
  try {
    await program.parseAsync(helpCommandArgs(invocation.args), { from: "user" });
    return endJq ? await endJq() : ExitCode.OK;
  } catch (e) {
    if (endJq) await endJq().catch(() => undefined);
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return ExitCode.OK;
    // a group called without a sub-command prints its help on stderr and fails, as natscli does
    if (e.code === "commander.help") return ExitCode.FAILURE;
    // commander already printed the message; a missing sub-command printed help.
    return e.code === "commander.executeSubCommandAsync" ? ExitCode.FAILURE : ExitCode.USAGE;
  }
}
