import { usageError } from "../errors.js";

const MULT: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** What a size flag accepts besides a size: -1 (or "") for unlimited (natscli's convention, the default), the smallest and largest size. */
export interface SizeRule { unlimited?: boolean; min?: number; max?: number }

/**
 * Parses natscli byte sizes (all 1024-based): `512`, `10KB`, `1GiB`; `-1` or empty means -1 (unlimited) where
 * the rule allows it. Other negative numbers, fractions, exponents and sizes a number cannot hold exactly are
 * usage errors naming the flag (natscli took any leading `-` as unlimited).
 */
export function parseSize(input: string, flag = "size", rule: SizeRule = {}): number {
  const s = String(input).trim();
  const unlimited = rule.unlimited ?? true;
  const min = rule.min ?? 0;
  const fail = (why = `expected a size like 512, 10KB, 256MB or 1GB${min > 0 ? ` (at least ${min} bytes)` : ""}${unlimited ? ", or -1 for unlimited" : ""}`) =>
    usageError(`invalid ${flag} "${input}": ${why}`);
  if (unlimited && (s === "" || s === "-1")) return -1;
  const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(s);
  const mult = m ? MULT[m[2]!.toLowerCase()] : undefined;
  if (!m || mult === undefined) throw fail();
  const n = Number(m[1]) * mult;
  if (!Number.isSafeInteger(n) || (rule.max !== undefined && n > rule.max)) throw fail(`the size is too large${rule.max !== undefined ? ` (at most ${rule.max} bytes)` : ""}`);
  if (n < min) throw fail();
  return n;
}
