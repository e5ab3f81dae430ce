import { fstatSync, readSync, ReadStream } from "node:fs";
/**
 * natscli's stdin rule (issues #317, #1426, #1696): read stdin only when no body argument was given,
 * and stdin is not a terminal, or both stdin and stdout are (the user types, Ctrl-D ends), or --force-stdin.
 */
export function shouldReadStdin(io: { inIsTTY: boolean; outIsTTY: boolean }, bodyGiven: boolean, force: boolean): boolean {
  if (bodyGiven) return false;
  return force || !io.inIsTTY || (io.inIsTTY && io.outIsTTY);
}

/** Resolves when the signal aborts (never rejects). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((r) => signal.addEventListener("abort", () => r(), { once: true }));
}

export const ABORTED: unique symbol = Symbol("aborted");

/**
 * The iterator's next result, or ABORTED as soon as `signal` aborts (a slow or idle producer such as
 * stdin must not keep Ctrl-C waiting). One abort listener per read, removed once the read settles:
 * racing every read against one long-lived "aborted" promise instead leaves a reaction on it per read
 * that keeps that read's chunk reachable, so memory grew with the whole input.
 */
export function nextOrAbort<T>(it: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T> | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    it.next().then(
      (v) => { signal.removeEventListener("abort", onAbort); resolve(v); },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e); },
    );
  });
}

/** Iterates a stream's chunks until it ends or `signal` aborts. */
export async function* chunks(stream: NodeJS.ReadableStream, signal: AbortSignal): AsyncGenerator<Buffer> {
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await nextOrAbort(it, signal);
      if (r === ABORTED || r.done) return;
      yield typeof r.value === "string" ? Buffer.from(r.value) : r.value;
    }
  } finally {
    void it.return?.();
  }
}

/**
 * Reads all of stdin: until EOF, or until `signal` aborts when one is given (pub, req). Without a signal
 * it reads on to EOF whatever happens (kv put/create/update, service request store or send the whole input).
 */
export async function readAll(stream: NodeJS.ReadableStream, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  const src: AsyncIterable<Buffer | string> = signal ? chunks(stream, signal) : (stream as AsyncIterable<Buffer | string>);
  for await (const c of src) parts.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(parts);
}

/** The lines cut from one chunk of input, and `text`, the bytes they were cut from (to search once per chunk). */
export type LineBatch = Buffer[] & { text: Buffer };

const NL = Buffer.from("\n");

/**
 * Reads stdin as runs of whole lines: each yielded buffer holds complete lines, each ending in "\n"
 * (a last line without one gets it), so a caller can frame them straight from the chunk read.
 * With `reuse`, the caller promises to be done with a run (nothing it handed on still refers to its bytes)
 * before it asks for the next: a file is then read synchronously into one buffer (fileLineChunks).
 */
export async function* lineChunks(stream: NodeJS.ReadableStream, signal: AbortSignal, reuse = false): AsyncGenerator<Buffer> {
  const fd = reuse ? unreadFile(stream) : undefined;
  if (fd !== undefined) {
    yield* fileLineChunks(fd, signal);
    return;
  }
  let rest: Buffer | undefined;
  for await (const chunk of chunks(stream, signal)) {
    let buf = chunk;
    if (rest) {
      // the line cut by the last chunk's end, completed on its own: joining the whole chunk to it copied
      // every chunk once more
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      yield Buffer.concat([rest, chunk.subarray(0, nl + 1)]);
      rest = undefined;
      buf = chunk.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      if (buf.length) rest = Buffer.from(buf);
      continue;
    }
    rest = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
    yield buf.subarray(0, last + 1);
  }
  if (rest && rest.length && !signal.aborted) yield Buffer.concat([rest, NL]);
}

/** The descriptor of a file stream nothing has read from yet (stdin given with `<`, see system.ts), else undefined. */
function unreadFile(stream: NodeJS.ReadableStream): number | undefined {
  const fd = (stream as { fd?: unknown }).fd;
  if (!(stream instanceof ReadStream) || typeof fd !== "number" || stream.bytesRead !== 0 || stream.readableFlowing !== null) return undefined;
  try {
    return fstatSync(fd).isFile() ? fd : undefined;
  } catch {
    return undefined;
  }
}

/**
 * lineChunks() for a regular file: synchronous reads of 1 MiB into one buffer, each run of whole lines handed out
 * from it and the cut line moved to its start before the next read. A stream would give a new buffer per read
 * (new memory to fault in: 1 M lines of `pub --send-on newline` are 17 MB) and a thread-pool round trip each.
 * A file read never waits long, and the caller waits for the server often enough (a full chunk of frames) for
 * Ctrl-C and the socket to be served. The buffer grows for a line longer than it.
 */
async function* fileLineChunks(fd: number, signal: AbortSignal): AsyncGenerator<Buffer> {
  let buf = Buffer.allocUnsafe(1 << 20);
  // bytes at the start of buf not yet handed out (the line the last read cut)
  let kept = 0;
  for (;;) {
    if (signal.aborted) return;
    if (kept === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, kept);
      buf = bigger;
    }
    const n = readSync(fd, buf, kept, buf.length - kept, null);
    if (n === 0) break;
    const end = kept + n;
    const last = buf.lastIndexOf(10, end - 1);
    if (last < kept) {
      kept = end;
      continue;
    }
    yield buf.subarray(0, last + 1);
    kept = end - (last + 1);
    buf.copyWithin(0, last + 1, end);
  }
  if (kept > 0 && !signal.aborted) {
    if (kept === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length + 1);
      buf.copy(bigger, 0, 0, kept);
      buf = bigger;
    }
    buf[kept] = 10;
    yield buf.subarray(0, kept + 1);
  }
}

/** The lines of a lineChunks() run, without "\n" and a "\r" before it (Go's ScanLines). */
export function splitLines(text: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  let nl: number;
  while ((nl = text.indexOf(10, start)) >= 0) {
    lines.push(text.subarray(start, nl > start && text[nl - 1] === 13 ? nl - 1 : nl));
    start = nl + 1;
  }
  return lines;
}

/**
 * Splits stdin into lines, yielding them in batches (one batch per chunk read) so callers need no
 * promise per line. Lines exclude "\n" (and a trailing "\r", as Go's ScanLines); a last line without
 * newline is yielded, a trailing empty line is not; empty lines in the middle are.
 */
export async function* lineBatches(stream: NodeJS.ReadableStream, signal: AbortSignal): AsyncGenerator<LineBatch> {
  for await (const text of lineChunks(stream, signal)) yield Object.assign(splitLines(text), { text });
}
