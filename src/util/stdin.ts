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
 */
export async function* lineChunks(stream: NodeJS.ReadableStream, signal: AbortSignal): AsyncGenerator<Buffer> {
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
