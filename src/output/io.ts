/** The streams a command reads and writes, with what we know about them. */
export interface Io {
  in: NodeJS.ReadableStream & { isTTY?: boolean };
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  inIsTTY: boolean;
  outIsTTY: boolean;
  errIsTTY: boolean;
  /**
   * Colour level for stdout: 0 when stdout is not a TTY, NO_COLOR is set or TERM=dumb. Styling goes through
   * colors(io) in output/color.ts, so chalk is loaded only by the commands that colour something (start-up).
   */
  colorLevel: ColorLevel;
  /** Colour level for stderr, chosen the same way for the stderr stream. */
  errColorLevel: ColorLevel;
  columns: number;
}

export type ColorLevel = 0 | 1 | 2 | 3;

/** Chooses a chalk level: NO_COLOR and TERM=dumb win, FORCE_COLOR forces, else colour only on a TTY. */
export function colorLevel(env: Record<string, string | undefined>, isTTY: boolean): ColorLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2") return 2;
    if (force === "3") return 3;
    return 1;
  }
  if (env.TERM === "dumb") return 0;
  return isTTY ? 1 : 0;
}

/** Builds an Io over the given streams. */
export function makeIo(
  streams: { in: Io["in"]; out: NodeJS.WritableStream; err: NodeJS.WritableStream },
  tty: { in: boolean; out: boolean; err: boolean },
  env: Record<string, string | undefined>,
  columns = 80,
): Io {
  return {
    in: streams.in,
    out: streams.out,
    err: streams.err,
    inIsTTY: tty.in,
    outIsTTY: tty.out,
    errIsTTY: tty.err,
    colorLevel: colorLevel(env, tty.out),
    errColorLevel: colorLevel(env, tty.err),
    columns,
  };
}

/** natscli's log prefix: local wall-clock time as HH:MM:SS followed by a space. */
export function timePrefix(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} `;
}

/** Writes a log line to stderr with natscli's `HH:MM:SS ` prefix. */
export function log(io: Io, now: number, message: string): void {
  io.err.write(`${timePrefix(now)}${message}\n`);
}

/** Writes text to stdout, resolving once the stream accepted it (back-pressure aware). */
export function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> | void {
  if (!stream.write(text)) {
    return new Promise((resolve) => stream.once("drain", () => resolve()));
  }
}
