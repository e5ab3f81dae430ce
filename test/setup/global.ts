// vitest globalSetup: every run gets its own temp root (TMPDIR for the workers and everything they
// start), and afterwards nothing of the run may be left: no process whose command line names the
// root (every nats-server of the helpers, and of `nats server run`, keeps its files there) and no
// file or directory under it. A leak is cleaned up, named on stderr, recorded for scripts/test.mjs
// (NATSX_LEAK_REPORT) and fails the run (vitest ignores a throwing teardown; it keeps exitCode).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { alive, processesUnder } from "../helpers/processes.js";

/** What the run left behind, as lines for a report; kills the processes and removes the root. */
export async function collectLeaks(root: string): Promise<string[]> {
  const leaks: string[] = [];
  const procs = processesUnder(root);
  for (const p of procs) {
    leaks.push(`process ${p.pid} still running: ${p.args.length > 200 ? `${p.args.slice(0, 200)}…` : p.args}`);
    try { process.kill(p.pid, "SIGKILL"); } catch { /* gone meanwhile */ }
  }
  for (let i = 0; i < 100 && procs.some((p) => alive(p.pid)); i++) await new Promise((r) => setTimeout(r, 20));
  let left: string[] = [];
  try { left = readdirSync(root); } catch { /* removed already */ }
  for (const f of left.sort()) leaks.push(`temp entry left: ${path.join(root, f)}`);
  rmSync(root, { recursive: true, force: true });
  return leaks;
}

export default function setup(): () => Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "natsx-suite-"));
  process.env.TMPDIR = root;
  process.env.NATSX_SUITE_ROOT = root;
  // npm (and tsc) switch on Node 22+'s module compile cache, kept in TMPDIR/node-compile-cache for
  // later runs: the npm and nested-vitest runs of the suite must not leave it in the run's root
  process.env.NODE_DISABLE_COMPILE_CACHE = "1";
  return async () => {
    const leaks = await collectLeaks(root);
    const report = process.env.NATSX_LEAK_REPORT;
    if (report) writeFileSync(report, JSON.stringify({ leaks }));
    if (leaks.length === 0) return;
    process.stderr.write(`\nThe test run left ${leaks.length} thing(s) behind (now cleaned up):\n${leaks.map((l) => `  ${l}\n`).join("")}`);
    process.exitCode = 1;
  };
}
