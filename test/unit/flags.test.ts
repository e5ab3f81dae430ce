import { describe, expect, it } from "vitest";
import { collect, optionalInt, parseIntFlag, parseNumberFlag } from "../../src/util/flags.js";
import { parseSize } from "../../src/util/size.js";

const usage = (fn: () => unknown): { message: string; hint?: string; exitCode: number } => {
  try { fn(); } catch (e) { return e as { message: string; hint?: string; exitCode: number }; }
  throw new Error("no error thrown");
};

describe("numeric flags: one validation", () => {
  it("takes whole numbers in range", () => {
    expect(parseIntFlag("42", "--count")).toBe(42);
    expect(parseIntFlag(" 7 ", "--count", { min: 1 })).toBe(7);
    expect(parseIntFlag("+3", "--count")).toBe(3);
    expect(parseIntFlag("0", "--count")).toBe(0);
    expect(parseIntFlag("-0", "--count")).toBe(0);
    expect(parseIntFlag("5", "--replicas", { min: 1, max: 5 })).toBe(5);
    expect(parseIntFlag("-1", "--max-msgs", { minusOne: "unlimited" })).toBe(-1);
    expect(parseNumberFlag("2.5", "--mem-warn", { fraction: true })).toBe(2.5);
    expect(optionalInt(undefined, "--expect-servers")).toBeUndefined();
  });

  it("refuses negatives, zero where meaningless, fractions, exponents, overflow and garbage: exit 2, naming the flag", () => {
    const cases: [string, Parameters<typeof parseIntFlag>[2], string, string?][] = [
      ["-5", { min: 1 }, 'invalid --count "-5": expected a whole number of 1 or more'],
      ["0", { min: 1 }, 'invalid --count "0": expected a whole number of 1 or more'],
      ["-1", {}, 'invalid --count "-1": expected a whole number of 0 or more'],
      ["-2", { minusOne: "unlimited" }, 'invalid --count "-2": expected a whole number of 0 or more, or -1 for unlimited'],
      ["1.5", {}, 'invalid --count "1.5": expected a whole number of 0 or more', "fractions are not accepted"],
      ["1e3", {}, 'invalid --count "1e3": expected a whole number of 0 or more', "write it out: 1000"],
      ["0x10", {}, 'invalid --count "0x10": expected a whole number of 0 or more'],
      ["ten", {}, 'invalid --count "ten": expected a whole number of 0 or more'],
      ["", {}, 'invalid --count "": expected a whole number of 0 or more'],
      ["6", { min: 1, max: 5 }, 'invalid --count "6": expected a whole number from 1 to 5'],
      ["99999999999999999999", {}, 'invalid --count "99999999999999999999": the number is too large (at most 9007199254740991)'],
    ];
    for (const [v, rule, message, hint] of cases) {
      const e = usage(() => parseIntFlag(v, "--count", rule));
      expect(e.message, v).toBe(message);
      expect(e.exitCode, v).toBe(2);
      if (hint) expect(e.hint, v).toBe(hint);
    }
    expect(usage(() => parseNumberFlag("-3", "--mem-warn", { fraction: true, minusOne: "disabled" })).message)
      .toBe('invalid --mem-warn "-3": expected a number of 0 or more, or -1 for disabled');
  });

  it("sizes: -1 is unlimited where allowed, other negatives, fractions and overflow are refused", () => {
    expect(parseSize("10KB", "--max-bytes")).toBe(10240);
    expect(parseSize("-1", "--max-bytes")).toBe(-1);
    expect(parseSize("", "--max-bytes")).toBe(-1);
    expect(usage(() => parseSize("-5", "--max-bytes")).message).toBe('invalid --max-bytes "-5": expected a size like 512, 10KB, 256MB or 1GB, or -1 for unlimited');
    expect(usage(() => parseSize("1.5GB", "--max-bytes")).exitCode).toBe(2);
    expect(usage(() => parseSize("1e3", "--max-bytes")).exitCode).toBe(2);
    expect(usage(() => parseSize("9999999999TB", "--max-bytes")).message).toBe('invalid --max-bytes "9999999999TB": the size is too large');
    expect(usage(() => parseSize("-1", "--chunk-size", { unlimited: false, min: 1 })).message).toBe('invalid --chunk-size "-1": expected a size like 512, 10KB, 256MB or 1GB (at least 1 bytes)');
    expect(usage(() => parseSize("3GB", "--max-msg-size", { max: 2 ** 31 - 1 })).message).toBe('invalid --max-msg-size "3GB": the size is too large (at most 2147483647 bytes)');
  });

  it("collect gathers repeated values", () => {
    expect(collect("b", collect("a", undefined))).toEqual(["a", "b"]);
  });
});
