import { usageError } from "../errors.js";
import { humanDuration } from "../output/format.js";

const UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
  d: 86_400_000, D: 86_400_000, w: 604_800_000, W: 604_800_000, M: 2_592_000_000,
  y: 31_536_000_000, Y: 31_536_000_000,
};

/**
 * Parses natscli's extended Go durations into milliseconds: `1.5s`, `1d3h5m2s`, `-2m`, `0`.
 * A bare number other than 0 is rejected, as in natscli. Throws a usage CliError naming the flag.
 */
export function parseDuration(input: string, flag = "duration"): number {
  const s = String(input).trim();
  if (s === "0" || s === "-0" || s === "+0") return 0;
  const m = /^([+-])?((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|D|w|W|M|y|Y))+$/.exec(s);
  if (!m) {
    throw usageError(`invalid ${flag} "${input}": expected a duration like 500ms, 5s, 1m30s, 2h, 1d or 1w`, /^\d+(\.\d+)?$/.test(s) ? `add a unit, e.g. ${s}s` : undefined);
  }
  let total = 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|D|w|W|M|y|Y)/g;
  let part: RegExpExecArray | null;
  while ((part = re.exec(s)) !== null) total += parseFloat(part[1]!) * UNITS[part[2]!]!;
  return m[1] === "-" ? -total : total;
}

/** The longest delay a Node timer can wait (2^31-1 ms, ~24.8 days): a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration this program waits for itself (--timeout, --sleep, --wait, --reply-timeout, --expires): not negative,
 * and no longer than a timer can wait — `--timeout 30d` timed out at once, `--sleep 30d` did not sleep.
 */
export function parseTimerDuration(input: string, flag = "duration"): number {
  const ms = parseDuration(input, flag);
  if (ms < 0) throw usageError(`invalid ${flag} "${input}": the duration may not be negative`);
  if (ms > MAX_TIMER_MS) throw usageError(`invalid ${flag} "${input}": at most ${humanDuration(MAX_TIMER_MS)}, the longest this program can wait`);
  return ms;
}
