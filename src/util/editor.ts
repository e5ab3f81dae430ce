import { CliError, ExitCode, usageError } from "../errors.js";
import { shellWords } from "./shell.js";

/** Splits $EDITOR into words (it may carry arguments: `code --wait`); [] when it is empty. */
export function splitEditor(line: string): string[] {
  const words = shellWords(line);
  if (!words) throw usageError(`unbalanced quote in EDITOR "${line}"`);
  return words;
}

/** Runs $EDITOR (shell-split, may carry arguments) on a file and waits for it; the editor gets the terminal. */
export async function runEditor(env: Record<string, string | undefined>, file: string): Promise<void> {
  const editor = env.EDITOR || "";
  const words = splitEditor(editor);
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
