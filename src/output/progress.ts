import type { Io } from "./io.js";
import { humanBytes } from "../util/size.js";

/** A byte progress bar on stderr: drawn only when stderr is a terminal, throttled to 10 updates a second. */
export interface Progress {
  add(n: number): void;
  done(): void;
}

/** Starts a progress bar for `total` bytes (0 = unknown size: shows bytes only). No-op when disabled or stderr is not a TTY. */
export function startProgress(io: Io, label: string, total: number, enabled = true): Progress {
  if (!enabled || !io.errIsTTY) return { add: () => undefined, done: () => undefined };
  let seen = 0;
  let last = 0;
  const started = Date.now();
  const width = Math.max(10, Math.min(40, io.columns - 60));
  const draw = () => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = `${humanBytes(Math.round(seen / secs))}/s`;
    if (total > 0) {
      const frac = Math.min(1, seen / total);
      const fill = Math.round(frac * width);
      io.err.write(`\r${label} [${"=".repeat(fill)}${" ".repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${humanBytes(seen)} / ${humanBytes(total)} ${rate}\x1b[K`);
    } else {
      io.err.write(`\r${label} ${humanBytes(seen)} ${rate}\x1b[K`);
    }
  };
  return {
    add(n: number) {
      seen += n;
      const now = Date.now();
      if (now - last >= 100) { last = now; draw(); }
    },
    done() {
      draw();
      io.err.write("\n");
    },
  };
}
