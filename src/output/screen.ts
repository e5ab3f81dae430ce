import { usageError } from "../errors.js";
import type { Io } from "./io.js";

/** A terminal the live views redraw in place: its size now, and a callback when it changes. */
export interface Screen {
  size(): { columns: number; rows: number };
  /** Replaces what is shown with `text`, cut to the terminal's width and height so nothing scrolls. */
  draw(text: string): void;
  /** Calls `fn` whenever the terminal is resized; the views redraw at once. */
  onResize(fn: () => void): void;
  /** Leaves the alternate screen and shows the cursor again. */
  close(): void;
}

/**
 * Refuses a view that can only redraw a terminal when stdout is not one, with the one line that says what to use
 * instead (exit 2): redrawing into a pipe or file would fill it with escape sequences.
 */
export function requireTerminal(io: Io, what: string, instead?: string): void {
  if (!io.outIsTTY) throw usageError(`${what} needs an interactive terminal: stdout is not one`, instead);
}

type TtyStream = NodeJS.WritableStream & { columns?: number; rows?: number; on?(ev: "resize", fn: () => void): unknown; off?(ev: "resize", fn: () => void): unknown };

/**
 * Opens the alternate screen (as top and less do: the shell's screen comes back on exit) with the cursor hidden.
 * Size comes from the stream (a tty.WriteStream knows it and emits "resize"), else from Io.columns and 24 rows.
 */
export function openScreen(io: Io): Screen {
  const out = io.out as TtyStream;
  const handlers: (() => void)[] = [];
  const onResize = () => { for (const h of handlers) h(); };
  out.on?.("resize", onResize);
  out.write("\x1b[?1049h\x1b[?25l");
  let open = true;
  const size = () => ({ columns: out.columns || io.columns || 80, rows: out.rows || 24 });
  return {
    size,
    draw(text: string) {
      if (!open) return;
      const { columns, rows } = size();
      const lines = text.replace(/\n$/, "").split("\n").slice(0, rows).map((l) => clip(l, columns));
      out.write(`\x1b[H${lines.join("\x1b[K\n")}\x1b[K\x1b[J`);
    },
    onResize(fn) { handlers.push(fn); },
    close() {
      if (!open) return;
      open = false;
      out.off?.("resize", onResize);
      out.write("\x1b[?25h\x1b[?1049l");
    },
  };
}

/** Cuts a line to `width` visible characters, keeping colour escapes (and resetting after a cut). */
export function clip(line: string, width: number): string {
  let visible = 0;
  let out = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\x1b") {
      const m = /^\x1b\[[0-9;]*[A-Za-z]/.exec(line.slice(i));
      if (m) { out += m[0]; i += m[0].length - 1; continue; }
    }
    if (visible >= width) return `${out}\x1b[0m`;
    out += line[i];
    visible++;
  }
  return out;
}

/**
 * Runs `tick` now and then every `intervalMs` until the signal aborts (or `tick` returns false); keypresses reach
 * `onKey` when stdin is a terminal (raw mode: Ctrl-C arrives as a key, so it ends the loop here). Resolves when done.
 */
export async function liveLoop(io: Io, signal: AbortSignal, intervalMs: number, tick: () => Promise<boolean | void> | boolean | void, onKey?: (key: string) => boolean | void): Promise<void> {
  const stdin = io.in as NodeJS.ReadStream;
  let stop!: () => void;
  const stopped = new Promise<void>((r) => { stop = r; });
  let ended = false;
  const end = () => { ended = true; stop(); };
  if (signal.aborted) end();
  signal.addEventListener("abort", end, { once: true });
  let raw = false;
  const onData = (d: Buffer | string) => {
    const s = String(d);
    if (s === "\x03" || s === "q" || s === "Q") return end();
    if (onKey?.(s) === false) end();
  };
  // keys only while a screen is being drawn: `nats traffic | jq` keeps the terminal's own Ctrl-C for the pipeline
  if (io.inIsTTY && io.outIsTTY && typeof stdin.setRawMode === "function") {
    stdin.setRawMode(true);
    raw = true;
    stdin.on("data", onData);
    stdin.resume();
  }
  try {
    while (!ended) {
      if ((await tick()) === false) break;
      if (ended) break;
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([stopped, new Promise((r) => { t = setTimeout(r, intervalMs); })]);
      clearTimeout(t);
    }
  } finally {
    signal.removeEventListener("abort", end);
    if (raw) {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
    }
  }
}
