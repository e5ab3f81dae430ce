import type { Io } from "./io.js";
import { commas } from "../util/size.js";

/** A progress bar on stderr that draws only on a TTY (at most every 100 ms) and is silent in pipes. */
export interface Progress {
  /** Sets the number done so far. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

/** Starts a progress bar for `total` items labelled `label`; a no-op unless stderr is a terminal. */
export function startProgress(io: Io, total: number, label: string): Progress {
  if (!io.errIsTTY || total <= 0) return { update: () => undefined, done: () => undefined };
  let current = 0;
  let last = 0;
  let finished = false;
  const width = Math.max(10, Math.min(40, io.columns - label.length - 30));
  const draw = () => {
    const frac = Math.min(1, current / total);
    const filled = Math.round(frac * width);
    const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (frac >= 1 ? "=" : ">") : "") + " ".repeat(width - filled);
    io.err.write(`\r${label} [${bar}] ${String(Math.floor(frac * 100)).padStart(3)}% ${commas(current)}/${commas(total)}`);
  };
  return {
    update(done: number) {
      current = done;
      const t = Date.now();
      if (t - last >= 100) { last = t; draw(); }
    },
    done() {
      if (finished) return;
      finished = true;
      draw();
      io.err.write("\n");
    },
  };
}
