import { usageError } from "../errors.js";

/** Commander collector for repeatable options. */
export function collect(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

/** Parses an integer flag value, as a usage error when it is not one. */
export function parseIntFlag(v: string, flag: string): number {
  if (!/^-?\d+$/.test(String(v).trim())) throw usageError(`invalid ${flag} "${v}": expected a whole number`);
  return parseInt(v, 10);
}

/** Parses a whole-number flag, raising values below `min` to it (natscli turns values < 1 into 1 for pub --count). */
export function parseCount(v: string, flag: string, min = 0): number {
  return Math.max(min, parseIntFlag(v, flag));
}

/** Splits repeatable list flags that may also hold comma or space separated values. */
export function splitList(values: string[] | string | undefined): string[] {
  const arr = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return arr.flatMap((v) => v.split(/[,\s]+/)).map((s) => s.trim()).filter(Boolean);
}

// flag helpers every command uses, kept in util/flags.ts so core commands need not load this module
