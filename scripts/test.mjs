// `npm test`: build the bin, type-check, run vitest, then print one plain summary line
// ("tests: N passed, N failed, N skipped") that CI can read whatever the reporter looks like.
// `--no-build` skips the build and type-check (a nested run over test fixtures); other arguments go to vitest.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { summarize } from "./test-summary.mjs";

const run = (cmd, args, env) => spawnSync(cmd, args, { stdio: "inherit", env: env ?? process.env }).status ?? 1;
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const args = process.argv.slice(2);
const build = !args.includes("--no-build");
const vitestArgs = args.filter((a) => a !== "--no-build");
if (build) {
  if (run(process.execPath, ["scripts/build.mjs"]) !== 0) process.exit(1);
  if (run(npx, ["tsc", "--noEmit", "-p", "."]) !== 0) process.exit(1);
}
// outside the checkout, so a nested run (test/integration/test-summary.test.ts) never overwrites ours
const work = mkdtempSync(path.join(tmpdir(), "natsx-test-report-"));
const summaryFile = path.join(work, "summary.json");
const leakReport = path.join(work, "leaks.json");
const reporter = path.join(path.dirname(fileURLToPath(import.meta.url)), "summary-reporter.mjs");
const code = run(npx, ["vitest", "run", "--reporter=default", `--reporter=${reporter}`, ...vitestArgs], { ...process.env, NATSX_SUMMARY_FILE: summaryFile, NATSX_LEAK_REPORT: leakReport });
const read = (f) => {
  try {
    return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : undefined;
  } catch {
    return undefined;
  }
};
const s = summarize(read(summaryFile), { exitCode: code, leaks: read(leakReport)?.leaks ?? [] });
rmSync(work, { recursive: true, force: true });
console.log(`\n${s.line}`);
for (const n of s.notes) console.log(`  failed: ${n}`);
process.exit(s.exitCode);
