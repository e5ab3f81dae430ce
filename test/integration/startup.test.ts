import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, tempHome } from "../helpers/run-cli.js";

// bin/nats.js runs dist/nats.cjs with a V8 code cache; a stale or foreign cache must never break a run.
describe("code-cached start-up", () => {
  it("runs with a corrupt cache, then replaces it with a valid one", () => {
    const root = tempHome();
    cpSync(path.dirname(BIN), path.join(root, "bin"), { recursive: true });
    cpSync(path.join(path.dirname(BIN), "..", "dist"), path.join(root, "dist"), { recursive: true });
    const cache = path.join(root, "dist", "nats.cjs.cache");
    writeFileSync(cache, "not a v8 code cache");
    const run = (env: Record<string, string> = {}) => execFileSync(process.execPath, [path.join(root, "bin", "nats.js"), "--version"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root, ...env } });
    expect(run()).toBe(`${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    const before = readFileSync(cache);
    expect(run({ NATSX_CODE_CACHE: "off" })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(readFileSync(cache).equals(before)).toBe(true);
  });
});
