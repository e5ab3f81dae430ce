import { usageError } from "../errors.js";

const MULT: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** Parses natscli byte sizes (all 1024-based): `512`, `10KB`, `1GiB`; empty or a leading `-` means -1 (unlimited). */
export function parseSize(input: string, flag = "size"): number {
  const s = String(input).trim();
  if (s === "" || s.startsWith("-")) return -1;
  const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(s);
  const mult = m ? MULT[m[2]!.toLowerCase()] : undefined;
  if (!m || mult === undefined) throw usageError(`invalid ${flag} "${input}": expected a size like 512, 10KB, 256MB or 1GB`);
  return parseInt(m[1]!, 10) * mult;
}
