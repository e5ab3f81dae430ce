import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { alive } from "../helpers/processes.js";
import { scratchDir } from "../helpers/scratch.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `npm test` (scripts/test.mjs, without the build) over fixture files: its output and exit code. */
function nestedTest(filter: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/test.mjs", "--no-build", "--config", "test/fixtures/suite/vitest.config.ts", filter], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => { out += String(d); });
    child.stderr.on("data", (d) => { out += String(d); });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

const summary = (out: string) => /^tests: .*$/m.exec(out)?.[0];

describe("npm test's summary line", () => {
  it("passes a run where everything passed", async () => {
    const r = await nestedTest("passes");
    expect(summary(r.out)).toBe("tests: 1 passed, 0 failed, 0 skipped");
    expect(r.code).toBe(0);
  });

  it("counts a failed beforeAll and a file that failed to load as failures, and exits non-zero", async () => {
    const r = await nestedTest("fails");
    // vitest itself reports the block's two tests as skipped and the loading file as having none
    expect(summary(r.out)).toBe("tests: 1 passed, 2 failed, 2 skipped");
    expect(r.out).toContain("failed: hook-fails.fixture.ts > a block whose beforeAll fails: listen tcp 127.0.0.1:6222: bind: address already in use (outside a test");
    expect(r.out).toContain("failed: load-fails.fixture.ts: fixture module failed to load (outside a test");
    expect(r.code).not.toBe(0);
  });

  it("fails the run when a test file leaves a nats-server or a temp directory behind, and cleans them up", async () => {
    const pidsFile = path.join(scratchDir("natsx-pids-"), "pids.json");
    const r = await nestedTest("leaks", { NATSX_FIXTURE_PIDS: pidsFile });
    const [helped, raw] = JSON.parse(readFileSync(pidsFile, "utf8")) as number[];
    // the helper's server: killed after its file, which fails
    expect(r.out).toMatch(new RegExp(`failed: leaks\\.fixture\\.ts: this test file left 1 process\\(es\\) running: nats-server nats://127\\.0\\.0\\.1:\\d+ \\(pid ${helped}\\)`));
    // the hand-started one: found by the run's check, with its directory
    expect(r.out).toMatch(new RegExp(`failed: the run left 2 thing\\(s\\) behind: process ${raw} still running: \\S*nats-server -a 127\\.0\\.0\\.1 -p -1 --ports_file_dir \\S+/natsx-leak-\\w+; temp entry left: \\S+/natsx-leak-\\w+`));
    expect(summary(r.out)).toBe("tests: 1 passed, 2 failed, 0 skipped");
    expect(r.code).not.toBe(0);
    expect(alive(helped!)).toBe(false);
    expect(alive(raw!)).toBe(false);
  });
});
