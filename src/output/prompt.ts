import { createInterface } from "node:readline";
import type { Io } from "./io.js";
import { CliError, ExitCode } from "../errors.js";

/** true when prompting is allowed: stdin AND stdout are terminals (natscli's rule). */
export function canPrompt(io: Io): boolean {
  return io.inIsTTY && io.outIsTTY;
}

/** Asks one line on stderr and reads the answer from stdin (callers check canPrompt first). */
export function ask(io: Io, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: io.in, output: io.err, terminal: false });
    let answered = false;
    rl.question(question, (a) => { answered = true; rl.close(); resolve(a.trim()); });
    rl.once("close", () => { if (!answered) reject(new CliError("no answer was given", { exitCode: ExitCode.FAILURE })); });
  });
}

/** A yes/no question; only "y" or "yes" count as yes. */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const a = (await ask(io, `${question}? (y/N) `)).toLowerCase();
  return a === "y" || a === "yes";
}

/** Lets the user pick one of `choices` by number or name; returns the chosen value. */
export async function pick(io: Io, question: string, choices: { value: string; label: string }[]): Promise<string> {
  choices.forEach((c, i) => io.err.write(`${String(i + 1).padStart(3)}) ${c.label}\n`));
  const a = await ask(io, `${question} [1-${choices.length}]: `);
  const n = Number(a);
  const byNumber = Number.isInteger(n) && n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
  const chosen = byNumber ?? choices.find((c) => c.value === a);
  if (!chosen) throw new CliError(`"${a}" is not one of the choices`, { exitCode: ExitCode.USAGE });
  return chosen.value;
}
