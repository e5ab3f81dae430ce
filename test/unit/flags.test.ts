import { describe, expect, it } from "vitest";
import { collect, parseCount, parseIntFlag } from "../../src/util/flags.js";

describe("whole-number flags", () => {
  it("parseIntFlag takes signed whole numbers and refuses the rest in one wording", () => {
    expect(parseIntFlag("42", "--count")).toBe(42);
    expect(parseIntFlag(" -3 ", "--count")).toBe(-3);
    expect(() => parseIntFlag("1.5", "--count")).toThrow('invalid --count "1.5": expected a whole number');
    expect(() => parseIntFlag("ten", "--replies")).toThrow('invalid --replies "ten": expected a whole number');
  });

  it("parseCount is parseIntFlag raised to a minimum", () => {
    expect(parseCount("-5", "--count")).toBe(0);
    expect(parseCount("0", "--count", 1)).toBe(1);
    expect(parseCount("7", "--count", 1)).toBe(7);
    expect(() => parseCount("x", "--count")).toThrow('invalid --count "x": expected a whole number');
  });

  it("collect gathers repeated values", () => {
    expect(collect("b", collect("a", undefined))).toEqual(["a", "b"]);
  });
});
