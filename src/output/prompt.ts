import { CliError, ExitCode, usageError } from "../errors.js";
import type { Io } from "./io.js";

/** true when prompting is allowed: stdin AND stdout are terminals (natscli's rule). */
export function canPrompt(io: Io): boolean {
  return io.inIsTTY && io.outIsTTY;
}

interface LineQueue { lines: string[]; waiters: ((l: string | undefined) => void)[]; ended: boolean; pause: () => void; resume: () => void }
const queues = new WeakMap<object, LineQueue>();

/** One readline per input stream, so several questions in a row never lose buffered answers. */
async function lineQueue(input: NodeJS.ReadableStream): Promise<LineQueue> {
  let q = queues.get(input);
  if (q) return q;
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input, terminal: false });
  // paused between questions: a reading stdin would keep the process alive after the command ends
  const nq: LineQueue = { lines: [], waiters: [], ended: false, pause: () => rl.pause(), resume: () => rl.resume() };
  queues.set(input, nq);
  rl.on("line", (l) => {
    const w = nq.waiters.shift();
    if (w) w(l);
    else nq.lines.push(l);
    if (!nq.waiters.length) nq.pause();
  });
  rl.on("close", () => { nq.ended = true; for (const w of nq.waiters.splice(0)) w(undefined); });
  return nq;
}

/** Writes a question on stdout and reads one line from stdin (callers check canPrompt first); "" at end of input. */
export async function readLine(io: Io, question: string): Promise<string> {
  io.out.write(question);
  const q = await lineQueue(io.in as NodeJS.ReadableStream);
  if (q.lines.length) return q.lines.shift()!;
  if (q.ended) return "";
  return new Promise<string>((resolve) => {
    q.waiters.push((l) => resolve(l ?? ""));
    q.resume();
  });
}

/** A yes/no question (`? Question? (y/N) `); only "y" or "yes" count as yes. */
export async function confirm(io: Io, question: string): Promise<boolean> {
  const a = (await readLine(io, `? ${question.replace(/\?$/, "")}? (y/N) `)).trim().toLowerCase();
  return a === "y" || a === "yes";
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

/** Lets the user pick one of `choices` by number or value; returns the chosen value. */
export async function pick(io: Io, question: string, choices: { value: string; label: string }[]): Promise<string> {
  choices.forEach((c, i) => io.out.write(`${String(i + 1).padStart(3)}) ${c.label}\n`));
  const a = (await readLine(io, `? ${question} [1-${choices.length}]: `)).trim();
  const n = Number(a);
  const byNumber = Number.isInteger(n) && n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
  const chosen = byNumber ?? choices.find((c) => c.value === a);
  if (!chosen) throw new CliError(a ? `"${a}" is not one of the choices` : "nothing was chosen", { exitCode: ExitCode.USAGE });
  return chosen.value;
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

/** Reads a line from a terminal without echoing it (passwords); callers check canPrompt first. */
export async function readSecret(io: Io, question: string): Promise<string> {
  io.out.write(question);
  const input = io.in as NodeJS.ReadStream;
  const raw = typeof input.setRawMode === "function";
  if (raw) input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = "";
      const onData = (b: Buffer) => {
        for (const ch of b.toString("utf8")) {
          if (ch === "\r" || ch === "\n") { input.off("data", onData); io.out.write("\n"); resolve(text); return; }
          if (ch === "\u0003") { input.off("data", onData); reject(new CliError("interrupted", { exitCode: ExitCode.INTERRUPTED })); return; }
          if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
          else text += ch;
        }
      };
      input.on("data", onData);
    });
  } finally {
    if (raw) input.setRawMode(false);
    input.pause();
  }
}
