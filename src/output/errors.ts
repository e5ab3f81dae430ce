import { debugStack, explain, formatError, type CliError } from "../errors.js";
import { log, type Io } from "./io.js";

// The one place errors reach stderr: what main() caught, commander's usage errors (program.ts), and the errors a
// running connection reports (context/connect.ts). Every message goes through explain() first, and the `nats:`
// prefix of natscli's format is written here and nowhere else.

/** What every line the program writes about itself on stderr starts with (natscli's `nats: error: …`). */
export const PROGRAM_PREFIX = "nats: ";

/** The start of an error line: `nats: error: `. */
export const ERROR_PREFIX = `${PROGRAM_PREFIX}error: `;

/** An error as one line: `nats: error: <message> — <hint>` with its newline. */
export function errorLine(e: CliError | string): string {
  return `${ERROR_PREFIX}${typeof e === "string" ? e : formatError(e)}\n`;
}

/** Writes a failure the command ends with; with `debug` (NATS_DEBUG) its stack follows, secrets scrubbed. */
export function printError(io: Io, e: CliError, debug: boolean): void {
  io.err.write(errorLine(e));
  if (!debug) return;
  const stack = debugStack(e);
  if (stack) io.err.write(`${stack}\n`);
}

/** A note about the run that is not its failure: `nats: warning: …`, `nats: note: …`, or a verdict's reason. */
export function printNotice(io: Io, text: string): void {
  io.err.write(`${PROGRAM_PREFIX}${text}\n`);
}

/**
 * An error the server sent on a running connection (a permission violation, a slow consumer's drop), logged as it
 * happens in natscli's form `HH:MM:SS >>> NATS error: …`: the command goes on, so it is a log line, not its failure.
 */
export function printAsyncError(io: Io, now: number, err: unknown, secrets: readonly string[]): void {
  log(io, now, `>>> NATS error: ${explain(err, { secrets: [...secrets] }).message}`);
}
