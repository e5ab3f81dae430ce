import { CliError, ExitCode, usageError } from "../errors.js";
import type { Io } from "./io.js";

// Every interactive question goes through this module, drawn by @inquirer/prompts (arrow-key selects, confirmations,
// inputs that re-ask until their answer validates; Ctrl-C rejects with ExitPromptError, which explain() turns into
// exit 130). The library is loaded only when a question is asked, i.e. on a terminal: without one, callers list what
// is missing in one usage error instead (canPrompt), and start-up never pays for it.

type Inquirer = typeof import("./inquirer.js");
let inquirer: Promise<Inquirer> | undefined;
const load = (): Promise<Inquirer> => (inquirer ??= import("./inquirer.js"));

/**
 * Where a question is drawn and answered: the command's own streams (natscli asks on stdout too). Inquirer ends its
 * output when a question is answered, which Node skips for process.stdout only: the answer and whatever the command
 * prints next go through a view of stdout that is never ended (as in tests, where stdout is a plain stream).
 */
async function on(io: Io): Promise<{ input: NodeJS.ReadableStream; output: NodeJS.WritableStream }> {
  const { Writable } = await import("node:stream");
  const output = new Writable({ write: (chunk: Buffer, _enc, done) => { io.out.write(chunk); done(); } });
  return { input: io.in, output: Object.assign(output, { isTTY: true, columns: io.columns }) };
}

/** natscli's survey texts end in `?` or `:` in places; inquirer adds its own `?` before and nothing after. */
const tidy = (message: string) => message.replace(/^\?\s*/, "").replace(/[\s:]+$/, "");

/** true when prompting is allowed: stdin AND stdout are terminals (natscli's rule). */
export function canPrompt(io: Io): boolean {
  return io.inIsTTY && io.outIsTTY;
}

/** A check of a typed answer: true when good, else the message shown under the input until it is fixed. */
export type Validator = (value: string) => true | string;

export interface AskOptions {
  /** What Enter alone answers (shown greyed after the question). */
  default?: string;
  /** An empty answer is refused (with "You must provide a value"). */
  required?: boolean;
  /** Checked on Enter: a message keeps the question open with that message under it. */
  validate?: Validator;
}

/** Asks for a line of text (callers check canPrompt first); the answer is trimmed. */
export async function ask(io: Io, message: string, opts: AskOptions = {}): Promise<string> {
  const { input } = await load();
  const answer = await input({
    message: tidy(message),
    default: opts.default || undefined,
    required: opts.required,
    validate: opts.validate ? (v) => opts.validate!(v.trim()) : undefined,
  }, await on(io));
  return answer.trim();
}

/** One choice of a select: the value returned, and what is shown (the value when absent). */
export interface Choice { value: string; label?: string; description?: string }

/** Lets the user pick one of `choices` with the arrow keys (or a number, or by typing its start); returns its value. */
export async function choose(io: Io, message: string, choices: Choice[], dflt?: string): Promise<string> {
  const { select } = await load();
  return select({
    message: tidy(message),
    choices: choices.map((c) => ({ value: c.value, name: c.label ?? c.value, description: c.description })),
    default: dflt,
    pageSize: 15,
  }, await on(io));
}

/** A yes/no question (`? Question? (y/N)`), `dflt` on Enter. */
export async function confirm(io: Io, question: string, dflt = false): Promise<boolean> {
  const { confirm: yesNo } = await load();
  return yesNo({ message: `${tidy(question).replace(/\?$/, "")}?`, default: dflt }, await on(io));
}

/**
 * Confirms a destructive action: true with --force, asks on a terminal, and without a terminal
 * fails with a usage error (never hangs, never proceeds silently).
 */
export async function confirmDestructive(io: Io, force: boolean | undefined, question: string, action?: string): Promise<boolean> {
  if (force) return true;
  if (!canPrompt(io)) {
    throw usageError(action ? `refusing to ${action} without confirmation: not running in a terminal` : `cannot ask for confirmation without a terminal (${question})`, "pass -f/--force to confirm");
  }
  return confirm(io, question);
}

/** Lets the user pick one of `choices`; returns the chosen value (callers check canPrompt first). */
export async function pick(io: Io, question: string, choices: { value: string; label: string }[]): Promise<string> {
  if (choices.length === 0) throw new CliError("nothing to choose from", { exitCode: ExitCode.NOT_FOUND });
  return choose(io, question, choices);
}

/**
 * Returns `given`, or on a terminal lets the user pick one of `choices()`; without a terminal a
 * missing name is a usage error naming the argument.
 */
export async function pickName(io: Io, given: string | undefined, kind: string, choices: () => Promise<string[]>): Promise<string> {
  if (given) return given;
  if (!canPrompt(io)) throw usageError(`no ${kind} name supplied and there is no terminal to pick one`, `pass the ${kind} name as an argument`);
  const names = (await choices()).sort();
  if (names.length === 0) throw new CliError(`no ${kind}s are defined`, { exitCode: ExitCode.NOT_FOUND });
  if (names.length === 1) return names[0]!;
  return pick(io, `Select a ${kind}`, names.map((n) => ({ value: n, label: n })));
}

/** Reads a secret from a terminal without echoing it (passwords); callers check canPrompt first. */
export async function readSecret(io: Io, question: string): Promise<string> {
  const { password } = await load();
  return password({ message: tidy(question) }, await on(io));
}

/** Validators for typed answers, each with the message shown under the question. */
export const valid = {
  /** A whole number no smaller than `min` (-1 allowed for "unlimited" when min is -1). */
  integer: (min = -1): Validator => (v) => (/^-?\d+$/.test(v) && Number(v) >= min ? true : `"${v}" is not a whole number${min > -Infinity ? ` of at least ${min}` : ""}`),
  /** A name without the characters NATS names may not hold. */
  name: (kind: string): Validator => (v) => (!v ? `a ${kind} name is required` : /[.*>\s/\\]/.test(v) ? `${kind} names may not contain . * > / \\ or whitespace` : true),
  /** Whatever `parse` accepts (it throws a CliError with the reason otherwise). */
  parsed: (parse: (v: string) => unknown): Validator => (v) => {
    try {
      parse(v);
      return true;
    } catch (e) {
      return (e as Error).message;
    }
  },
};
