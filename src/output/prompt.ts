import { createInterface } from "node:readline";
import { usageError } from "../errors.js";
import type { Io } from "./io.js";

/** true when both stdin and stdout are terminals: the only time natscli (and we) ask questions. */
export function canPrompt(io: Io): boolean {
  return io.inIsTTY && io.outIsTTY;
}

/** Asks a yes/no question on the terminal; resolves false for anything but y/yes. */
export async function askYesNo(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.in as NodeJS.ReadableStream, output: io.out as NodeJS.WritableStream, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.question(`? ${question} (y/N) `, resolve);
      rl.once("close", () => resolve(""));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * Confirms a destructive action: true with --force, asks on a terminal, and without a terminal
 * fails with a usage error (never hangs, never proceeds silently).
 */
export async function confirmDestructive(io: Io, force: boolean | undefined, question: string, action: string): Promise<boolean> {
  if (force) return true;
  if (!canPrompt(io)) throw usageError(`refusing to ${action} without confirmation: not running in a terminal`, "pass -f/--force to confirm");
  return askYesNo(io, question);
}
