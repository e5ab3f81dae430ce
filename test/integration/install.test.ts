import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "natsx-install-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A fresh `npm ci` of the lock file must print no warning on the Node running the suite (CI runs it on
// Node 20 and 24): an engine warning tells users the package does not support their Node.
it("a fresh npm ci of the lock file prints no warning", () => {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, unknown>;
  // only the dependencies are under test: the project's own `prepare` (the build) needs the sources
  delete pkg.scripts;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  writeFileSync(path.join(dir, "package-lock.json"), readFileSync(path.join(root, "package-lock.json")));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel", "warn"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" } });
  expect(r.stderr).not.toMatch(/warn/i);
  expect(r.status).toBe(0);
}, 180_000);
