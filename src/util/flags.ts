import { usageError } from "../errors.js";

/** Commander collector for repeatable options. */
export function collect(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

/** What a numeric flag accepts. */
export interface NumberRule {
  /** The smallest value (default 0: no negative numbers). */
  min?: number;
  /** The largest value (default: the largest integer a JavaScript number holds exactly). */
  max?: number;
  /** -1 is accepted too, with this meaning ("unlimited", "disabled"): natscli's convention for limits. */
  minusOne?: string;
  /** Fractions are accepted (percentages, thresholds). */
  fraction?: boolean;
}

const WHOLE = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const EXPONENT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$/;

function expected(rule: NumberRule, min: number, max: number): string {
  const kind = rule.fraction ? "a number" : "a whole number";
  const range = max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `of ${min} or more`;
  return `${kind} ${range}${rule.minusOne ? `, or -1 for ${rule.minusOne}` : ""}`;
}

/**
 * The one validation of numeric flag and argument values (issue 13): digits only (a sign where negative values
 * are allowed), no fractions unless allowed, no exponents, hex or garbage, nothing outside the rule's range and
 * nothing a JavaScript number cannot hold exactly. Anything else is a usage error (exit 2) naming the flag,
 * what it got and what it accepts.
 */
export function parseNumberFlag(v: string | number, flag: string, rule: NumberRule = {}): number {
  const s = String(v).trim();
  const min = rule.min ?? 0;
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  const fail = (hint?: string) => usageError(`invalid ${flag} "${v}": expected ${expected(rule, min, max)}`, hint);
  if (!(rule.fraction ? DECIMAL : WHOLE).test(s)) {
    if (EXPONENT.test(s) && Number.isFinite(Number(s))) {
      const n = Number(s);
      throw fail(Number.isSafeInteger(n) ? `write it out: ${n}` : "write the number out in digits");
    }
    throw fail(DECIMAL.test(s) ? "fractions are not accepted" : undefined);
  }
  const n = Number(s) || 0; // || 0: -0 is 0
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) throw usageError(`invalid ${flag} "${v}": the number is too large (at most ${max})`);
  if (n === -1 && rule.minusOne) return -1;
  if (n < min || n > max) throw fail();
  return n;
}

/** A whole-number flag (parseNumberFlag without fractions). */
export function parseIntFlag(v: string | number, flag: string, rule: Omit<NumberRule, "fraction"> = {}): number {
  return parseNumberFlag(v, flag, rule);
}

/** parseIntFlag for a flag that may be absent: undefined stays undefined. */
export function optionalInt(v: string | undefined, flag: string, rule: Omit<NumberRule, "fraction"> = {}): number | undefined {
  return v === undefined ? undefined : parseIntFlag(v, flag, rule);
}

/** Splits repeatable list flags that may also hold comma or space separated values. */
export function splitList(values: string[] | string | undefined): string[] {
  const arr = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return arr.flatMap((v) => v.split(/[,\s]+/)).map((s) => s.trim()).filter(Boolean);
}

// flag helpers every command uses, kept in util/flags.ts so core commands need not load this module
