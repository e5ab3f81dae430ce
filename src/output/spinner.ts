import type { Io } from "./io.js";

/** How long a wait lasts before its spinner appears: quick answers never flash one (Vercel's CLI waits too). */
export const SPINNER_DELAY_MS = 300;

/** A spinner that may or may not be showing yet. */
export interface Spinner {
  /** Removes it (for good); the line it used is cleared. */
  stop(): void;
  /** Changes its text. */
  text(t: string): void;
  /** Clears its line so something can be printed; it draws itself again below on its next frame. */
  clear(): void;
}

const NOOP: Spinner = { stop: () => undefined, text: () => undefined, clear: () => undefined };

/**
 * A spinner on stderr that appears only on a TTY and only if the wait lasts more than `delayMs`; ora is loaded
 * only then, so a wait that ends in time (or any wait in a pipe) costs a timer.
 */
export function startSpinner(io: Io, text: string, delayMs = SPINNER_DELAY_MS): Spinner {
  if (!io.errIsTTY) return NOOP;
  let spinner: { stop: () => void; clear: () => void; text: string } | undefined;
  let stopped = false;
  let current = text;
  const timer = setTimeout(async () => {
    const { ora } = await import("./ora.js");
    if (stopped) return;
    // Io already decided stderr is a terminal (tests fake one): don't let ora second-guess it
    spinner = ora({ text: current, stream: io.err as NodeJS.WriteStream, discardStdin: false, isEnabled: true }).start();
  }, delayMs);
  // a spinner's timer must not keep a finished command alive
  timer.unref?.();
  return {
    stop: () => { stopped = true; clearTimeout(timer); spinner?.stop(); },
    text: (t: string) => { current = t; if (spinner) spinner.text = t; },
    clear: () => { spinner?.clear(); },
  };
}

/**
 * Waits for `work` (a promise, or a function that starts it) with a spinner saying `text` on stderr: shown only on a
 * terminal, only once the wait passed ~300 ms, never with `enabled: false` (--json), and gone before the result is
 * returned or the error thrown, so the caller prints on a clean line.
 */
export async function withSpinner<T>(io: Io, text: string, work: Promise<T> | (() => Promise<T>), opts: { enabled?: boolean } = {}): Promise<T> {
  const spinner = opts.enabled === false ? NOOP : startSpinner(io, text);
  try {
    return await (typeof work === "function" ? work() : work);
  } finally {
    spinner.stop();
  }
}
