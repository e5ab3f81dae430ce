import { CliError, ExitCode, usageError } from "../errors.js";

/** Splits a command line the way a POSIX shell does for words: quotes and backslashes, no expansion. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let have = false;
  let q: "'" | '"' | "" = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q === "'") { if (c === "'") q = ""; else cur += c; continue; }
    if (q === '"') {
      if (c === '"') q = "";
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') { q = c; have = true; continue; }
    if (c === "\\" && i + 1 < line.length) { cur += line[++i]; have = true; continue; }
    if (/\s/.test(c)) { if (have) { out.push(cur); cur = ""; have = false; } continue; }
    cur += c;
    have = true;
  }
  if (q) throw usageError(`unbalanced quote in EDITOR "${line}"`);
  if (have) out.push(cur);
  return out;
}

/** Runs $EDITOR (shell-split, may carry arguments) on a file and waits for it; the editor gets the terminal. */
export async function runEditor(env: Record<string, string | undefined>, file: string): Promise<void> {
  const editor = env.EDITOR || "";
  const words = splitCommand(editor);
  if (words.length === 0) throw usageError("no editor configured", "set the EDITOR environment variable, e.g. EDITOR=vi");
  const [cmd, ...args] = words;
  const { spawn } = await import("node:child_process");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd!, [...args, file], { stdio: "inherit", env: env as NodeJS.ProcessEnv });
    child.once("error", (e: NodeJS.ErrnoException) => reject(usageError(`cannot run the editor "${cmd}": ${e.code === "ENOENT" ? "not found" : e.message}`, "check the EDITOR environment variable")));
    child.once("exit", (code, sig) => {
      if (code === 0) resolve();
      else reject(new CliError(`the editor "${cmd}" exited with ${sig ? `signal ${sig}` : `code ${code}`}; nothing was saved`, { exitCode: ExitCode.FAILURE }));
    });
  });
}
