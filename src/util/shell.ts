import { spawn } from "node:child_process";
import { usageError } from "../errors.js";

/**
 * Splits a command line into words like a POSIX shell would (quotes and backslashes), without running a
 * shell (natscli uses shellquote); undefined when a quote is left open. Also splits $EDITOR (util/editor.ts).
 */
export function shellWords(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = "";
  let has = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q === "'") { if (c === "'") q = undefined; else cur += c; continue; }
    if (q === '"') {
      if (c === '"') q = undefined;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') { q = c; has = true; continue; }
    if (c === "\\" && i + 1 < line.length) { cur += line[++i]; has = true; continue; }
    if (/\s/.test(c)) { if (has || cur) out.push(cur); cur = ""; has = false; continue; }
    cur += c;
  }
  if (q) return undefined;
  if (has || cur) out.push(cur);
  return out;
}

/** shellWords for a command to run (--translate, reply --command): an open quote or no words is a usage error. */
export function splitCommand(line: string): string[] {
  const out = shellWords(line);
  if (!out) throw usageError(`unterminated quote in command "${line}"`);
  if (out.length === 0) throw usageError("the command is empty");
  return out;
}

/** What a command run produced: combined stdout+stderr, and why it failed, if it did. */
export interface CommandResult {
  output: Buffer;
  error?: string;
}

/** Runs argv with `input` on stdin and extra env; output is stdout and stderr interleaved as produced. */
export function runCommand(argv: string[], input: Uint8Array, env: Record<string, string | undefined>): Promise<CommandResult> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), { env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    } catch (e) {
      resolve({ output: Buffer.alloc(0), error: (e as Error).message });
      return;
    }
    let spawnError: string | undefined;
    child.stdout.on("data", (d: Buffer) => parts.push(d));
    child.stderr.on("data", (d: Buffer) => parts.push(d));
    child.on("error", (e: NodeJS.ErrnoException) => { spawnError = e.code === "ENOENT" ? `${argv[0]}: command not found` : e.message; });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
    child.on("close", (code, signal) => {
      const error = spawnError ?? (code !== 0 ? (signal ? `killed by ${signal}` : `exit status ${code}`) : undefined);
      resolve({ output: Buffer.concat(parts), error });
    });
  });
}
