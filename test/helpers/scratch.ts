import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const dirs: string[] = [];
const children = new Set<{ proc: ChildProcess; what: string; cleanup?: () => void }>();

/**
 * A temp directory the current test file may leave behind: test/setup/per-file.ts removes it after the
 * file's last hook. Anything a test makes with mkdtemp itself must be removed by the test, or the
 * suite's leak check (test/setup/global.ts) fails the run.
 */
export function scratchDir(prefix = "natsx-"): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Removes every scratch directory of this test file (test/setup/per-file.ts calls it). */
export function removeScratchDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Registers a child process the test file must have ended by its last hook (see endChildren). */
export function trackChild(proc: ChildProcess, what: string, cleanup?: () => void): void {
  const entry = { proc, what, cleanup };
  children.add(entry);
  proc.once("exit", () => children.delete(entry));
}

/** Kills children still running at the end of a test file and names them: the file leaked them. */
export async function endChildren(): Promise<string[]> {
  const left = [...children].filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  await Promise.all(left.map((c) => new Promise<void>((r) => {
    c.proc.once("exit", () => r());
    c.proc.kill("SIGKILL");
  })));
  for (const c of left) c.cleanup?.();
  children.clear();
  return left.map((c) => `${c.what} (pid ${c.proc.pid})`);
}
