import { Writable } from "node:stream";
import type { Jq } from "jq-wasm";
import { CliError, ExitCode, usageError } from "../errors.js";

// jq itself (jqlang's C source built to WebAssembly by the jq-wasm package, jq 1.8): the same language, builtins,
// number handling and error messages as the jq people pipe natsx into. Loaded on first use only (~35 ms: the
// package reads and compiles a 0.9 MB wasm file), never on the start-up path of a command without a filter.

let engine: Promise<Jq> | undefined;

/** The jq engine, loaded and compiled once per run. */
function loadEngine(): Promise<Jq> {
  engine ??= import("jq-wasm").then((m) => m.loadJq());
  return engine;
}

/** jq's messages for one failed run, without its trailing "jq: N compile error(s)" summary and caret lines. */
function jqMessage(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trimEnd()).filter((l) => l && !/^jq: \d+ compile errors?$/.test(l));
  const errors = lines.filter((l) => l.startsWith("jq: error"));
  return (errors.length ? errors : lines).join("; ").replace(/:$/, "");
}

/** One jq run's error line for record `n`: `jq: error (at record 3): Cannot index string with "a"`. */
function recordError(stderr: string, n: number): string {
  return jqMessage(stderr).replace(/^jq: error \(at [^)]*\)/, `jq: error (at record ${n})`);
}

/** The flags a filter can be given on, named in its errors. */
export type JqFlag = "--jq" | "--where" | "--expect-jq";

/**
 * A compiled filter. jq starts (parses the filter, loads its builtins) on every run, ~1.7 ms here, and then
 * reads every JSON text of its input as it does on the command line; so records are run in batches, one run
 * for all records waiting (7–8 µs a record), and only a batch in which a record failed is run again in halves,
 * to say which one.
 */
export class JqProgram {
  private constructor(private readonly jq: Jq, readonly filter: string, readonly flag: JqFlag) {}

  /** Loads jq and checks `filter` (a run over no input compiles it without evaluating it); a bad filter is exit 2 with jq's message. */
  static async compile(filter: string, flag: JqFlag): Promise<JqProgram> {
    const jq = await loadEngine();
    const r = jq.raw("", filter, ["-c"]);
    if (r.exitCode !== 0 || r.stderr.trim()) {
      throw usageError(`invalid ${flag} filter: ${jqMessage(r.stderr) || `jq exited ${r.exitCode}`}`, "see the jq manual, https://jqlang.org/manual/");
    }
    return new JqProgram(jq, filter, flag);
  }

  /**
   * Runs the filter over JSON texts, each one input, and returns what to print: each output on its own line,
   * strings without quotes (gh's --jq, `jq -r`), everything else as compact JSON; `errors` has one line per
   * input the filter failed on (numbered from `first`).
   */
  apply(texts: string[], first = 1): { out: string; errors: string[] } {
    if (texts.length === 0) return { out: "", errors: [] };
    const r = this.jq.raw(texts.join("\n"), this.filter, ["-c"]);
    if (!r.stderr) return { out: rawStrings(r.stdout), errors: [] };
    if (texts.length === 1) {
      return { out: rawStrings(r.stdout), errors: [/^jq: error/m.test(r.stderr) ? recordError(r.stderr, first) : r.stderr.trimEnd()] };
    }
    // something failed (or printed a debug line): halves again until the records that did are alone, which
    // keeps every other record's output, in order, for a few runs more (about 2·log2(n) per failed record)
    const half = texts.length >> 1;
    const a = this.apply(texts.slice(0, half), first);
    const b = this.apply(texts.slice(half), first + half);
    return { out: a.out + b.out, errors: [...a.errors, ...b.errors] };
  }

  /**
   * For --where and --expect-jq: whether the filter holds for each text, i.e. gives at least one value that is
   * neither false nor null (what `select(f)` keeps). A record it fails on does not hold; its error is returned.
   */
  test(texts: string[]): { keep: boolean[]; errors: (string | undefined)[] } {
    if (texts.length === 0) return { keep: [], errors: [] };
    const wrapped = `any((\n${this.filter}\n); .)`;
    const r = this.jq.raw(texts.join("\n"), wrapped, ["-c"]);
    const lines = r.stdout ? r.stdout.split("\n") : [];
    if (!r.stderr && lines.length === texts.length) return { keep: lines.map((l) => l === "true"), errors: texts.map(() => undefined) };
    if (texts.length === 1) {
      return { keep: [lines[0] === "true"], errors: [/^jq: error/m.test(r.stderr) ? jqMessage(r.stderr).replace(/^jq: error \(at [^)]*\): /, "") : undefined] };
    }
    const half = texts.length >> 1;
    const a = this.test(texts.slice(0, half));
    const b = this.test(texts.slice(half));
    return { keep: [...a.keep, ...b.keep], errors: [...a.errors, ...b.errors] };
  }
}

/** jq's compact output lines with top-level strings unquoted (a compact line never holds a raw newline). */
function rawStrings(stdout: string): string {
  if (!stdout) return "";
  let out = "";
  for (const line of stdout.split("\n")) out += line.charCodeAt(0) === 34 ? `${JSON.parse(line) as string}\n` : `${line}\n`;
  return out;
}

/**
 * Batches --where questions: `keep(text)` is answered with the others asked in the same turn of the event loop
 * (one jq run for a burst of messages), in order.
 */
export class JqSelector {
  private queue: { text: string; resolve: (v: { keep: boolean; error?: string }) => void }[] = [];
  private scheduled = false;
  constructor(private readonly program: JqProgram) {}

  keep(text: string): Promise<{ keep: boolean; error?: string }> {
    return new Promise((resolve) => {
      this.queue.push({ text, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  private run(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const r = this.program.test(batch.map((b) => b.text));
    batch.forEach((b, i) => b.resolve({ keep: r.keep[i]!, error: r.errors[i] }));
  }
}

/** Counts --where records the filter failed on: the first error is shown, the rest are counted for one summary line. */
export class WhereErrors {
  count = 0;
  constructor(private readonly warn: (line: string) => void) {}
  report(error: string | undefined): void {
    if (error === undefined) return;
    if (this.count++ === 0) this.warn(`--where filter failed on a record, which is skipped: ${error} (use ? or // to allow missing fields, e.g. .data.total? > 100)`);
  }
  summary(): void {
    if (this.count > 1) this.warn(`--where filter failed on ${this.count} records, which were skipped`);
  }
}

/** The record shape --where sees: a message's --json object with `data` (a KV entry's `value`) parsed when it is a JSON document. */
export function whereText(record: Record<string, unknown>, key = "data"): string {
  const d = record[key];
  if (typeof d === "string" && record.encoding === undefined && looksLikeJson(d)) {
    try {
      return JSON.stringify({ ...record, [key]: JSON.parse(d) as unknown });
    } catch {
      // not JSON after all: kept as text
    }
  }
  return JSON.stringify(record);
}

function looksLikeJson(s: string): boolean {
  const c = s.trimStart().charCodeAt(0);
  // { [ " digit - t f n
  return c === 123 || c === 91 || c === 34 || (c >= 48 && c <= 57) || c === 45 || c === 116 || c === 102 || c === 110;
}

/**
 * Cuts a stream of JSON texts (a pretty document, NDJSON lines, or several documents) into one text per value,
 * as jq reads its input. Fed in pieces; `take()` returns the values completed so far.
 */
export class JsonTexts {
  private buf = "";
  private pos = 0;
  private start = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private done: string[] = [];

  push(text: string): void {
    this.buf += text;
    const b = this.buf;
    let i = this.pos;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.depth === 0) this.end(i + 1);
        }
        continue;
      }
      if (this.scalar) {
        // a top-level number, true, false or null ends at whitespace or the start of another value
        if (c === 32 || c === 10 || c === 13 || c === 9 || c === 123 || c === 91 || c === 34) {
          this.end(i);
          this.scalar = false;
        } else continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.start < 0) this.start = i;
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth <= 0) { this.depth = 0; this.end(i + 1); }
      } else if (this.depth === 0) this.scalar = true;
    }
    this.pos = i;
    // drop what was consumed, so the buffer holds only the value in progress
    const keep = this.start >= 0 ? this.start : this.pos;
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      if (this.start >= 0) this.start -= keep;
    }
  }

  private end(at: number): void {
    this.done.push(this.buf.slice(this.start, at));
    this.start = -1;
  }

  /** The values completed so far. */
  take(): string[] {
    const d = this.done;
    this.done = [];
    return d;
  }

  /** Whatever is left at the end (a value cut short, or a top-level scalar with no whitespace after it). */
  rest(): string {
    const r = this.start >= 0 ? this.buf.slice(this.start) : "";
    this.buf = "";
    this.pos = 0;
    this.start = -1;
    this.scalar = false;
    return r.trim();
  }
}

/**
 * Stands in for stdout under --jq: everything the command writes as JSON is cut into values, run through the
 * filter in batches (what arrived while the previous batch ran), and the results go to the real stdout. Errors
 * of the filter on a record go to stderr as jq's lines; `failed` counts them (the run then ends with exit 1).
 */
export class JqOutput extends Writable {
  failed = 0;
  private records = 0;
  private readonly texts = new JsonTexts();

  constructor(private readonly program: JqProgram, private readonly out: NodeJS.WritableStream, private readonly err: NodeJS.WritableStream) {
    super({ highWaterMark: 1024 * 1024, decodeStrings: false });
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this._writev([{ chunk }], cb);
  }

  override _writev(chunks: { chunk: Buffer | string }[], cb: (e?: Error | null) => void): void {
    for (const { chunk } of chunks) this.texts.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    // run on the next turn: what the command writes meanwhile is buffered by the stream and comes in the next batch
    setImmediate(() => this.run(this.texts.take(), cb));
  }

  override _final(cb: (e?: Error | null) => void): void {
    const rest = this.texts.rest();
    this.run(rest ? [rest] : [], cb);
  }

  private run(values: string[], cb: (e?: Error | null) => void): void {
    try {
      const r = this.program.apply(values, this.records + 1);
      this.records += values.length;
      for (const e of r.errors) {
        if (e.startsWith("jq: error")) this.failed++;
        this.err.write(`${e}\n`);
      }
      if (r.out && !this.out.write(r.out)) {
        this.out.once("drain", () => cb());
        return;
      }
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  /** Ends the stream and waits until every value went through the filter and out. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.writableFinished) { resolve(); return; }
      this.once("finish", () => resolve());
      this.once("error", reject);
      this.end();
    });
  }
}

/** The failure a run ends with when the --jq filter failed on some records (after their output was written). */
export function jqFailure(failed: number): CliError {
  return new CliError(`the --jq filter failed on ${failed} record${failed === 1 ? "" : "s"} (jq's errors are above)`, { exitCode: ExitCode.FAILURE });
}
