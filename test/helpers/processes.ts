import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Processes whose command line mentions `dir` (a unique temp dir: only what a test started can name it). */
export function processesUnder(dir: string): { pid: number; args: string }[] {
  const out = execFileSync("ps", ["-ww", "-eo", "pid=,args="], { encoding: "utf8" });
  return out.split("\n").flatMap((line) => {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    return m && m[2]!.includes(dir) && Number(m[1]) !== process.pid ? [{ pid: Number(m[1]), args: m[2]! }] : [];
  });
}

/** true while a process with this pid runs; a zombie (ended, not yet reaped by its parent) has ended. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // "pid (comm) S ...": the state follows the last ")"
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}
