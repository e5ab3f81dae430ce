import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/util/duration.js";
import { humanDuration } from "../../src/output/format.js";
import { CliError } from "../../src/errors.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500], ["5s", 5000], ["1m30s", 90_000], ["1.5s", 1500], ["2h", 7_200_000], ["1d", 86_400_000],
    ["1w", 604_800_000], ["1M", 2_592_000_000], ["1y", 31_536_000_000], ["1d3h5m2s", 97_502_000], ["-2m", -120_000], ["0", 0], ["250us", 0.25],
  ])("parses %s", (input, ms) => {
    expect(parseDuration(input)).toBeCloseTo(ms);
  });

  it.each(["10", "abc", "5 s", "", "1x"])("rejects %j with a usage error", (input) => {
    expect(() => parseDuration(input, "--timeout")).toThrow(CliError);
    try { parseDuration(input, "--timeout"); } catch (e) { expect((e as CliError).exitCode).toBe(2); expect((e as Error).message).toContain("--timeout"); }
  });
});

describe("humanDuration", () => {
  it.each([[0.345, "345µs"], [12, "12ms"], [30_000, "30.00s"], [65_000, "1m5s"], [3_725_000, "1h2m5s"], [90_061_000, "1d1h1m1s"], [Infinity, "never"]])("formats %s", (ms, s) => {
    expect(humanDuration(ms)).toBe(s);
  });
});
