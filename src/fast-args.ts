import type { Command } from "commander";
import { commander } from "./commander.js";
import type { Deps } from "./deps.js";
import type { OptionSource } from "./context/plan.js";
import { addOptions, GLOBAL_OPTIONS, globalAliasValues, type OptionDef } from "./global-options.js";
import { refuseUndecodedText } from "./util/argv-text.js";

/**
 * The fast path of one-shot commands (`nats pub`, `nats req`): argv read straight from the option tables,
 * without commander. Commander cost `nats pub` ~8M instructions (~2 ms, a seventh of its start-up over
 * `node -e 0`): building the program (~45 options at ~10 µs each), the parse, and evaluating commander itself
 * (src/commander.ts) (issue #2, bench:startup).
 *
 * It reads only what it is sure commander reads the same way, and declines everything else (help, `--`,
 * unknown or clustered flags, a value that looks like a flag, a bad choice, a wrong number of arguments):
 * main() then runs commander as before, which also prints every usage error. test/unit/fast-args.test.ts
 * checks that, for every invocation it accepts, it gets exactly what commander gets.
 */

/** A positional argument in commander's spelling: `<subject>` (required) or `[body]` (optional). */
export interface ArgumentDef {
  spec: string;
  description: string;
}

/** What a command module exports to be run without commander. */
export interface FastCommand {
  args: readonly ArgumentDef[];
  options: readonly OptionDef[];
  run(deps: Deps, args: (string | undefined)[], opts: Record<string, unknown>, source: OptionSource): Promise<void>;
}

export interface FastParse {
  args: (string | undefined)[];
  /** The command's own options, defaults included (commander's `opts()`). */
  opts: Record<string, unknown>;
  /** The global options given (commander's root `opts()`). */
  globals: Record<string, unknown>;
}

const isFlag = (a: string) => a.length > 1 && a[0] === "-";

/** Commander's property name for a flag: `--reply-timeout` → replyTimeout, `--no-templates` → templates. */
export function attributeName(long: string): string {
  return long.replace(/^--(no-)?/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function byFlag(defs: readonly OptionDef[]): Map<string, OptionDef> {
  const m = new Map<string, OptionDef>();
  for (const d of defs) {
    m.set(d.long, d);
    if (d.short) m.set(d.short, d);
  }
  return m;
}

/** Commander's defaults: the declared ones; a `--no-x` flag's (true unless declared) only when no `--x` came before it. */
function defaultsOf(defs: readonly OptionDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const d of defs) {
    if (d.long.startsWith("--no-")) {
      if (!seen.has(`--${d.long.slice(5)}`)) out[attributeName(d.long)] = d.default ?? true;
    } else if (d.default !== undefined) out[attributeName(d.long)] = d.default;
    seen.add(d.long);
  }
  return out;
}

/** Stores one use of a flag as commander would; false when commander would refuse it (a choice not offered). */
function store(into: Record<string, unknown>, d: OptionDef, value: string | undefined): boolean {
  const key = attributeName(d.long);
  if (value === undefined) {
    into[key] = !d.long.startsWith("--no-");
    return true;
  }
  if (d.choices && !d.choices.includes(value)) return false;
  into[key] = d.repeatable ? [...((into[key] as string[] | undefined) ?? []), value] : value;
  return true;
}

/**
 * Reads the flag at list[i] with a table and stores it: the index of the next word, undefined when the table
 * has no such flag, null to decline (`--switch=x`, a missing value or one that looks like a flag, a bad choice).
 */
function readFlag(list: readonly string[], i: number, table: Map<string, OptionDef>, into: Record<string, unknown>): number | null | undefined {
  const a = list[i]!;
  const eq = a.startsWith("--") ? a.indexOf("=") : -1;
  const d = table.get(eq > 0 ? a.slice(0, eq) : a);
  if (!d) return undefined;
  if (!d.arg) return eq > 0 ? null : (store(into, d, undefined), i + 1);
  if (!d.arg.startsWith("<") || d.arg.endsWith("...>")) return null; // an optional value or several: commander's own rules
  const value = eq > 0 ? a.slice(eq + 1) : list[i + 1];
  if (value === undefined || isFlag(value) || !store(into, d, value)) return null;
  return eq > 0 ? i + 1 : i + 2;
}

/**
 * Reads argv for the command `names` (its name and aliases) with its tables, as commander does: global flags
 * anywhere (the root reads them first), then the rest with the command's flags. Undefined when it declines.
 */
export function parseFast(argv: readonly string[], names: readonly string[], cmd: Pick<FastCommand, "args" | "options">): FastParse | undefined {
  if (cmd.args.some((x) => x.spec.includes("..."))) return undefined;
  const globals: Record<string, unknown> = {};
  const gflags = byFlag(GLOBAL_OPTIONS);
  const rest: string[] = [];
  let named = false;
  for (let i = 0; i < argv.length; ) {
    const a = argv[i]!;
    if (a === "--" || a === "--help" || a === "-h" || a === "--version") return undefined;
    if (isFlag(a)) {
      const next = readFlag(argv, i, gflags, globals);
      if (next === null) return undefined;
      if (next !== undefined) {
        i = next;
        continue;
      }
      // the command's flags come after its name (before it, commander takes them for an unknown root flag)
      if (!named) return undefined;
    } else if (!named) {
      if (!names.includes(a)) return undefined;
      named = true;
      i++;
      continue;
    }
    rest.push(a);
    i++;
  }
  if (!named) return undefined;

  const opts = defaultsOf(cmd.options);
  const flags = byFlag(cmd.options);
  const args: string[] = [];
  for (let i = 0; i < rest.length; ) {
    if (!isFlag(rest[i]!)) {
      args.push(rest[i++]!);
      continue;
    }
    // unknown flags, `-qJ`, `-Hk:v`, negative numbers: commander's rules
    const next = readFlag(rest, i, flags, opts);
    if (next == null) return undefined;
    i = next;
  }
  const required = cmd.args.filter((x) => x.spec.startsWith("<")).length;
  if (args.length < required || args.length > cmd.args.length) return undefined;
  Object.assign(globals, globalAliasValues(globals));
  return { args: cmd.args.map((_, i) => args[i]), opts, globals };
}

/**
 * The invocation as a call of its command's fast path, or undefined (no fast path, or parseFast declined).
 * `names` are the invoked command's name and aliases (src/commands/registry.ts found them); `load` imports its
 * module, which main() would load next anyway.
 */
export async function fastInvocation(argv: readonly string[], names: readonly string[], load: () => Promise<{ fastPath?: FastCommand }>): Promise<((deps: Deps) => Promise<void>) | undefined> {
  const fast = (await load()).fastPath;
  const p = fast && parseFast(argv, names, fast);
  if (!p) return undefined;
  // what the program's preAction hook checks for every other invocation (src/program.ts)
  refuseUndecodedText([
    ...fast.args.map((a, i) => [a.spec.replace(/[<>[\].]/g, ""), p.args[i]] as const),
    ...[...fast.options, ...GLOBAL_OPTIONS].map((o) => [o.long, p.opts[attributeName(o.long)] ?? p.globals[attributeName(o.long)]] as const),
  ]);
  // commander's optsWithGlobals(): the command's options, then the root's over them
  const source: OptionSource = { optsWithGlobals: () => ({ ...p.opts, ...p.globals }) };
  return (deps) => fast.run(deps, p.args, p.opts, source);
}

/** A command that has a fast path: its name, help text, tables and one action shared by both ways of running it. */
export interface OneShotCommand<O> {
  name: string;
  alias: string;
  description: string;
  args: readonly ArgumentDef[];
  options: readonly OptionDef[];
  /** Command lines shown under "Examples:" in its help. */
  examples?: readonly string[];
  action(deps: Deps, args: (string | undefined)[], opts: O, source: OptionSource): Promise<void>;
}

/** The module exports of a one-shot command: commander's form (help, errors, completions) and the fast path. */
export function oneShotCommand<O>(def: OneShotCommand<O>): { createCommand(deps: Deps): Command; fastPath: FastCommand } {
  return {
    createCommand(deps) {
      const cmd = new (commander().Command)(def.name).alias(def.alias).description(def.description);
      for (const a of def.args) cmd.argument(a.spec, a.description);
      addOptions(cmd, def.options);
      if (def.examples?.length) cmd.addHelpText("after", `\nExamples:\n${def.examples.map((l) => `  ${l}`).join("\n")}`);
      // commander calls actions with the arguments, then the options, then the command
      return cmd.action((...a: unknown[]) => def.action(deps, a.slice(0, -2) as (string | undefined)[], a.at(-2) as O, a.at(-1) as Command));
    },
    fastPath: {
      args: def.args,
      options: def.options,
      run: (deps, args, opts, source) => def.action(deps, args, opts as O, source),
    },
  };
}
