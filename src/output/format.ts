/** Local time as natscli prints it: 2006-01-02 15:04:05. */
export function localTime(t: Date | string | number): string {
  const d = t instanceof Date ? t : new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** IEC byte formatting as natscli prints it: `0 B`, `1.0 KiB`, `1.5 MiB`. */
export function humanBytes(n: number): string {
  if (n < 0) return "unlimited";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

let collator: Intl.Collator | undefined;

/** a.localeCompare(b), with one collator made once: localeCompare sets one up per call (1 000-row sorts). */
export function compareText(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

let integers: Intl.NumberFormat | undefined;
let fractions: Intl.NumberFormat | undefined;

/** Thousands separators as natscli prints counts: 1,000. */
export function commas(n: number | bigint): string {
  // safe integers by hand (what en-US grouping gives, checked in test/unit/format-commas.test.ts): even a cached
  // Intl formatter costs µs per call in a fresh process, 6-8 ms of `kv ls` with 1 000 buckets
  if (typeof n === "number" && Number.isSafeInteger(n) && !Object.is(n, -0)) {
    const digits = String(n < 0 ? -n : n);
    let out = digits.length > 3 ? digits.slice(0, ((digits.length - 1) % 3) + 1) : digits;
    for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
    return n < 0 ? `-${out}` : out;
  }
  // one formatter per kind, made once: toLocaleString builds one per call
  if (typeof n === "bigint" || Number.isInteger(n)) return (integers ??= new Intl.NumberFormat("en-US")).format(n);
  return (fractions ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 })).format(n);
}

/** Formats milliseconds the way natscli's humanizer does: 345µs, 12ms, 30.00s, 1m5s, 1d2h3m4s, never. */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms >= Number.MAX_SAFE_INTEGER / 1e6) return "never";
  if (ms < 0) return `-${humanDuration(-ms)}`;
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  let secs = Math.floor(ms / 1000);
  const y = Math.floor(secs / 31_536_000); secs -= y * 31_536_000;
  const d = Math.floor(secs / 86_400); secs -= d * 86_400;
  const h = Math.floor(secs / 3600); secs -= h * 3600;
  const m = Math.floor(secs / 60); secs -= m * 60;
  if (y > 0) return `${y}y${d}d${h}h${m}m${secs}s`;
  if (d > 0) return `${d}d${h}h${m}m${secs}s`;
  if (h > 0) return `${h}h${m}m${secs}s`;
  return `${m}m${secs}s`;
}

/** A latency with three significant decimals: 345µs, 12.346ms, 1.235s (probe steps and latency percentiles). */
export function preciseDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "never";
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms.toFixed(3)}ms`;
  return `${(ms / 1000).toFixed(3)}s`;
}
