import type { Io } from "./io.js";

/** A spinner on stderr that appears only on a TTY and only if the wait lasts more than `delayMs`. */
export function startSpinner(io: Io, text: string, delayMs = 300): { stop: () => void; text: (t: string) => void } {
  if (!io.errIsTTY) return { stop: () => undefined, text: () => undefined };
  let spinner: { stop: () => void; text: string } | undefined;
  let stopped = false;
  let current = text;
  const timer = setTimeout(async () => {
    const ora = (await import("ora")).default;
    if (stopped) return;
    // Io already decided stderr is a terminal (tests fake one): don't let ora second-guess it
    spinner = ora({ text: current, stream: io.err as NodeJS.WriteStream, discardStdin: false, isEnabled: true }).start();
  }, delayMs);
  return {
    stop: () => { stopped = true; clearTimeout(timer); spinner?.stop(); },
    text: (t: string) => { current = t; if (spinner) spinner.text = t; },
  };
}
