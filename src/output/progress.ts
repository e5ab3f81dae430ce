import type { Io } from "./io.js";
import { commas, humanBytes, humanDuration } from "./format.js";

// Progress bars on stderr, drawn by cli-progress (one library for every bar: a kept multi-bar renderer with rate and
// ETA, instead of the hand-drawn line this module used to write). The library is loaded only when a bar is drawn,
// i.e. on a terminal; in a pipe, under --json or --no-progress nothing is loaded and nothing is written.

/** One bar: what a long operation reports its progress to. */
export interface ProgressBar {
  /** Adds `n` to the amount done. */
  add(n: number): void;
  /** Sets the amount done so far (and the total, when it became known or changed). */
  update(done: number, total?: number): void;
  /** Draws the final state; a lone bar also ends its line. Calling it again does nothing. */
  done(): void;
}

export interface ProgressOptions {
  /** Shown before the bar. */
  label: string;
  /** The amount of work; 0 = unknown (the amount and the rate only). */
  total: number;
  /** "bytes" shows sizes (KiB, MiB) and a byte rate; "count" (default) shows 1,234/5,000 and a rate per second. */
  unit?: "bytes" | "count";
  /** false turns the bar off (e.g. --no-progress, --json). */
  enabled?: boolean;
}

/** Several bars drawn together, one line each (backups of many streams, benchmark clients). */
export interface MultiProgress {
  /** Adds a bar below the others. */
  bar(opts: Omit<ProgressOptions, "enabled">): ProgressBar;
  /** Prints a line above the bars (a plain write would be overdrawn). */
  log(line: string): void;
  /** Draws the final state of every bar and leaves the cursor below them. Calling it again does nothing. */
  stop(): void;
}

const NOOP_BAR: ProgressBar = { add: () => undefined, update: () => undefined, done: () => undefined };

/** Whether a bar would be drawn: a terminal on stderr, not turned off, and (for counts) a known total. */
export function progressShown(io: Io, opts: Pick<ProgressOptions, "enabled" | "total" | "unit">): boolean {
  return opts.enabled !== false && io.errIsTTY && !((opts.unit ?? "count") === "count" && opts.total <= 0);
}

/** Starts one progress bar on stderr; nothing (and no library loaded) off a terminal. */
export async function createProgress(io: Io, opts: ProgressOptions): Promise<ProgressBar> {
  if (!progressShown(io, opts)) return NOOP_BAR;
  const multi = await createMultiProgress(io);
  const bar = multi.bar(opts);
  return { add: bar.add, update: bar.update, done: () => { bar.done(); multi.stop(); } };
}

/** Starts a group of bars on stderr (add them with `bar()`); inert off a terminal or with `enabled: false`. */
export async function createMultiProgress(io: Io, opts: { enabled?: boolean } = {}): Promise<MultiProgress> {
  if (opts.enabled === false || !io.errIsTTY) {
    return { bar: () => NOOP_BAR, log: (line) => { io.err.write(line.endsWith("\n") ? line : `${line}\n`); }, stop: () => undefined };
  }
  const lib = await import("cli-progress");
  const { MultiBar, Format } = (lib as unknown as { default?: typeof lib }).default ?? lib;
  const multi = new MultiBar({
    stream: terminalView(io),
    format: (options, params, payload: { label: string; unit: "bytes" | "count" }) => barLine(Format.BarFormat(params.progress, options), params, payload),
    // Io decided stderr is a terminal; cli-progress asks the stream, which in tests is not one
    noTTYOutput: false,
    barsize: Math.max(10, Math.min(30, io.columns - 70)),
    barCompleteChar: "=",
    barIncompleteChar: " ",
    // our own Ctrl-C handling stops the bars (a command's finally); cli-progress's would race it
    gracefulExit: false,
    hideCursor: false,
    fps: 10,
  });
  let stopped = false;
  return {
    bar(o) {
      if (stopped) return NOOP_BAR;
      const unit = o.unit ?? "count";
      let total = o.total;
      const b = multi.create(Math.max(0, total), 0, { label: o.label, unit });
      let current = 0;
      let forwarded = 0;
      let finished = false;
      // cli-progress keeps an ETA sample per update: hand it the amount at most every 50 ms, not per message
      const forward = (force: boolean) => {
        const t = Date.now();
        if (force || t - forwarded >= 50) { forwarded = t; b.update(current); }
      };
      return {
        add(n) { if (!finished) { current += n; forward(false); } },
        update(done, newTotal) {
          if (finished) return;
          if (newTotal !== undefined && newTotal !== total) { total = newTotal; b.setTotal(Math.max(0, newTotal)); }
          current = done;
          forward(false);
        },
        done() {
          if (finished) return;
          finished = true;
          forward(true);
          b.stop();
        },
      };
    },
    log(line) { if (!stopped) multi.log(line.endsWith("\n") ? line : `${line}\n`); else io.err.write(line); },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/** The text of one bar: `label [=====     ]  42% 4.2 MiB/10.0 MiB 1.1 MiB/s ETA 5.00s`. */
export function barLine(bar: string, p: { progress: number; value: number; total: number; startTime: number | null; stopTime: number | null; eta: number | string }, payload: { label: string; unit: "bytes" | "count" }): string {
  const fmt = (n: number) => (payload.unit === "bytes" ? humanBytes(n) : commas(n));
  const elapsed = Math.max(1, (p.stopTime ?? Date.now()) - (p.startTime ?? Date.now())) / 1000;
  const perSecond = p.value / elapsed;
  const rate = payload.unit === "bytes" ? `${humanBytes(Math.round(perSecond))}/s` : `${commas(Math.round(perSecond))}/s`;
  if (p.total <= 0) return `${payload.label} ${fmt(p.value)} ${rate}`;
  const pct = `${String(Math.floor(p.progress * 100)).padStart(3)}%`;
  // finished: how long it took; running: the estimate cli-progress keeps over its recent samples
  const tail = p.stopTime !== null || p.value >= p.total ? `in ${humanDuration(elapsed * 1000)}` : `ETA ${typeof p.eta !== "number" ? "-" : p.eta < 60 ? `${p.eta}s` : humanDuration(p.eta * 1000)}`;
  return `${payload.label} [${bar}] ${pct} ${fmt(p.value)}/${fmt(p.total)} ${rate} ${tail}`;
}

/**
 * stderr as cli-progress expects a terminal to look (isTTY, columns): Io already decided it is one, and in tests it is
 * a PassThrough standing in for one.
 */
function terminalView(io: Io): NodeJS.WritableStream {
  return {
    isTTY: true,
    columns: io.columns,
    write: (s: string, cb?: () => void) => io.err.write(s, cb),
    on: () => undefined,
    once: () => undefined,
  } as unknown as NodeJS.WritableStream;
}
