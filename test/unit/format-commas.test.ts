import { describe, expect, it } from "vitest";
import { commas } from "../../src/output/format.js";

describe("commas", () => {
  it("groups as en-US toLocaleString does, for integers of every length, negatives, -0, fractions, bigints", () => {
    const want = (n: number | bigint) => (typeof n === "bigint" || Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 3 }));
    const values: (number | bigint)[] = [0, -0, 1, -1, 999, 1000, -1000, 12345, 999999, 1000000, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53 + 2, 1e21, 1.5, 1234.5678, -0.0001, NaN, Infinity, -Infinity, 123456789012345678901234567890n, -5n];
    for (let d = 1; d <= 16; d++) values.push(Number("9".repeat(d)), -Number("1".repeat(d)));
    for (const n of values) expect(commas(n), String(n)).toBe(want(n));
  });
});
