import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Error lines are asserted through cliError() (test/helpers/run-cli.ts), which takes the prefix from
// src/output/errors.ts, the one place errors are printed: no test spells the prefix itself.
const testDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });

describe("error assertions", () => {
  it("go through cliError(), not the literal prefix", () => {
    const prefix = ["nats", "error"].join(": ");
    const offenders = files(testDir)
      .filter((f) => !f.endsWith(path.join("helpers", "run-cli.ts")))
      .flatMap((f) => readFileSync(f, "utf8").split("\n").map((l, i) => [f, i + 1, l] as const))
      .filter(([, , l]) => l.includes(prefix))
      .map(([f, n, l]) => `${path.relative(testDir, f)}:${n}: ${l.trim()}`);
    expect(offenders, "assert error lines with cliError(text) or cliError(/pattern/) from test/helpers/run-cli.ts").toEqual([]);
  });
});
