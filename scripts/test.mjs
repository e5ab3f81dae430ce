// `npm test`: build the bin, type-check, run vitest, then print one plain summary line
// ("N passed, N failed, N skipped") that CI can read whatever the reporter looks like.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status ?? 1;
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
if (run(process.execPath, ["scripts/build.mjs"]) !== 0) process.exit(1);
if (run(npx, ["tsc", "--noEmit", "-p", "."]) !== 0) process.exit(1);
const results = ".vitest-results.json";
rmSync(results, { force: true });
const code = run(npx, ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${results}`, ...process.argv.slice(2)]);
try {
  const r = JSON.parse(readFileSync(results, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) process.exit(1);
} catch {
  console.log("\ntests: 0 passed, 1 failed (no vitest results were written)");
  process.exit(code || 1);
}
process.exit(code);
