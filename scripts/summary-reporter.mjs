// A vitest reporter for `npm test`: writes what scripts/test-summary.mjs counts to NATSX_SUMMARY_FILE —
// tests by outcome, and every error that happened outside a test (a file that failed to load, a
// beforeAll/afterAll hook of a file or a describe block, an unhandled error). vitest's JSON report
// has no room for the last kind: a failed beforeAll only shows as skipped tests there.
import { writeFileSync } from "node:fs";

const firstLine = (e) => String(e?.message ?? e ?? "").trim().split("\n")[0] || "(no message)";

export default class SummaryReporter {
  onTestRunEnd(modules, unhandledErrors, reason) {
    const file = process.env.NATSX_SUMMARY_FILE;
    if (!file) return;
    const out = { passed: 0, failed: 0, skipped: 0, outside: [], unhandled: unhandledErrors.map(firstLine), reason };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") out.passed++;
        else if (state === "failed") out.failed++;
        else out.skipped++;
      }
      for (const e of m.errors()) out.outside.push({ where: m.relativeModuleId, message: firstLine(e) });
      for (const s of m.children.allSuites()) {
        for (const e of s.errors()) out.outside.push({ where: `${m.relativeModuleId} > ${s.fullName}`, message: firstLine(e) });
      }
    }
    writeFileSync(file, JSON.stringify(out));
  }
}
