import type { Io } from "./io.js";
import { commas, humanBytes } from "./format.js";

/** A progress bar on stderr: drawn only when stderr is a terminal, at most every 100 ms, silent in pipes. */
export interface Progress {
  /** Adds `n` to the amount done. */
  add(n: number): void;
  /** Sets the amount done so far. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

export interface ProgressOptions {
  /** "bytes" shows sizes and a rate; "count" shows n/total. */
  unit?: "bytes" | "count";
  /** false turns the bar off (e.g. --no-progress, --json). */
  enabled?: boolean;
}

const NOOP: Progress = { add: () => undefined, update: () => undefined, done: () => undefined };

/** Starts a progress bar for `total` units labelled `label` (total 0 = unknown: amount and rate only). */
export function startProgress(io: Io, label: string, total: number, opts: ProgressOptions = {}): Progress {
  const unit = opts.unit ?? "count";
  if (opts.enabled === false || !io.errIsTTY || (unit === "count" && total <= 0)) return NOOP;
  let current = 0;
  let last = 0;
  let finished = false;
  const started = Date.now();
  const width = Math.max(10, Math.min(40, io.columns - label.length - 40));
  const fmt = (n: number) => (unit === "bytes" ? humanBytes(n) : commas(n));
  const draw = () => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = unit === "bytes" ? ` ${humanBytes(Math.round(current / secs))}/s` : "";
    if (total <= 0) {
      io.err.write(`\r${label} ${fmt(current)}${rate}\x1b[K`);
      return;
    }
    const frac = Math.min(1, current / total);
    const filled = Math.round(frac * width);
    const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (frac >= 1 ? "=" : ">") : "") + " ".repeat(width - filled);
    io.err.write(`\r${label} [${bar}] ${String(Math.floor(frac * 100)).padStart(3)}% ${fmt(current)}/${fmt(total)}${rate}\x1b[K`);
  };
  const tick = () => {
    const t = Date.now();
    if (t - last >= 100) { last = t; draw(); }
  };
  return {
    add(n: number) { current += n; tick(); },
    update(done: number) { current = done; tick(); },
    done() {
      if (finished) return;
      finished = true;
      draw();
      io.err.write("\n");
    },
  };
}
