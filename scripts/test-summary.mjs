// The one-line verdict of `npm test` from what scripts/summary-reporter.mjs wrote: failures are
// counted wherever they happened — in a test, in a hook or while loading a file (vitest then reports
// the file's tests as skipped, not failed), in the suite's leak check (test/setup/global.ts), or
// anywhere else that made vitest exit non-zero.

/**
 * Summarises a run. `report` is the reporter's document (undefined when none was written), `exitCode`
 * vitest's, `leaks` what the leak check found. Returns the summary line, one note per failure found
 * outside a test, and the exit code `npm test` should end with.
 */
export function summarize(report, { exitCode = 0, leaks = [] } = {}) {
  if (!report) {
    return { line: "tests: 0 passed, 1 failed, 0 skipped", notes: ["vitest wrote no results (see its output above)"], exitCode: exitCode || 1 };
  }
  const notes = [];
  let failed = report.failed;
  for (const o of report.outside) notes.push(`${o.where}: ${o.message} (outside a test: a hook, or loading the file)`);
  for (const u of report.unhandled) notes.push(`unhandled error: ${u}`);
  if (leaks.length) notes.push(`the run left ${leaks.length} thing(s) behind: ${leaks.join("; ")}`);
  failed += report.outside.length + report.unhandled.length + (leaks.length ? 1 : 0);
  if (report.passed + report.failed + report.skipped === 0) {
    failed++;
    notes.push("no tests ran");
  }
  if (failed === 0 && (exitCode !== 0 || report.reason !== "passed")) {
    failed++;
    notes.push(`vitest ended with "${report.reason}" and exit code ${exitCode} although no test failed (see its output above)`);
  }
  return { line: `tests: ${report.passed} passed, ${failed} failed, ${report.skipped} skipped`, notes, exitCode: failed ? exitCode || 1 : 0 };
}
