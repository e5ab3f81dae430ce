import { isUtf8 } from "node:buffer";
import type { MsgHdrs } from "@nats-io/transport-node";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** Go's time.StampMicro in local time: `Jan _2 15:04:05.000000` (sub --timestamp). */
export function stampMicro(ms: number): string {
  const d = new Date(ms);
  const micros = String(Math.floor((ms % 1000) * 1000)).padStart(6, "0");
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${micros}`;
}

/** Go's log.LstdFlags prefix `2009/11/10 23:00:00 ` (legacy nats-sub -t). */
export function goLogStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}/${p2(d.getMonth() + 1)}/${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} `;
}

function trimFloat(v: number, digits: number): string {
  return v.toFixed(digits).replace(/\.?0+$/, "");
}

/** Go's time.Duration.String() for a duration in milliseconds: 1.234567s, 1m2.5s, 150ms, 12µs. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0) return `-${goDuration(-ms)}`;
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${trimFloat(ns / 1e3, 3)}µs`;
  if (ns < 1e9) return `${trimFloat(ns / 1e6, 6)}ms`;
  let secs = ns / 1e9;
  const h = Math.floor(secs / 3600); secs -= h * 3600;
  const m = Math.floor(secs / 60); secs -= m * 60;
  const s = `${trimFloat(secs, 9)}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

/** Header lines as natscli prints them: `Key: value` per value. */
export function headerLines(h: MsgHdrs | undefined): string {
  if (!h) return "";
  let out = "";
  for (const [k, vals] of h as unknown as Iterable<[string, string[]]>) for (const v of vals) out += `${k}: ${v}\n`;
  return out;
}

/** Headers as a plain object of arrays (JSON output, dumps); undefined when there are none. */
export function headersObject(h: MsgHdrs | undefined): Record<string, string[]> | undefined {
  if (!h) return undefined;
  const o: Record<string, string[]> = {};
  let any = false;
  for (const [k, vals] of h as unknown as Iterable<[string, string[]]>) { o[k] = [...vals]; any = true; }
  return any ? o : undefined;
}

const NL = 10;

/**
 * natscli's pretty body: the body (or `nil body` when empty), a newline, then one more blank line
 * when the body did not end in a newline (natscli prettyPrintMsg), with headers and a blank line first.
 */
export function prettyMessage(h: MsgHdrs | undefined, data: Uint8Array, headersOnly = false): Buffer {
  const parts: Buffer[] = [];
  const hl = headerLines(h);
  if (hl) parts.push(Buffer.from(`${hl}\n`));
  if (!headersOnly) {
    if (data.length === 0) parts.push(Buffer.from("nil body\n\n"));
    else {
      parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      parts.push(Buffer.from(data[data.length - 1] === NL ? "\n" : "\n\n"));
    }
  }
  return Buffer.concat(parts);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `data` as UTF-8 when it is valid, else base64 with `encoding: "base64"` (sub/req --json). */
export function jsonData(data: Uint8Array): { data: string; encoding?: "base64" } {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // the native check and decode are several times faster than a fatal TextDecoder on short bodies; a body
  // starting with a byte order mark goes the TextDecoder way, which drops the mark
  if (buf[0] !== 0xef && isUtf8(buf)) return { data: buf.toString("utf8") };
  try {
    return { data: utf8.decode(data) };
  } catch {
    return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64"), encoding: "base64" };
  }
}

/** A message's --json fields: subject, headers (when any), data (UTF-8, or base64 with `encoding`) and size. */
export function messageJson(subject: string, headers: MsgHdrs | undefined, data: Uint8Array): Record<string, unknown> {
  const d = jsonData(data);
  const r: Record<string, unknown> = { subject };
  const h = headersObject(headers);
  if (h) r.headers = h;
  r.data = d.data;
  if (d.encoding) r.encoding = d.encoding;
  r.size = data.length;
  return r;
}

/** A message body that can be copied out without making a view of it first (src/messaging/frame-reader.ts). */
export interface CopyableData {
  readonly size: number;
  copyData(dst: Uint8Array, at: number): void;
  /** The body's last byte, -1 when it is empty. */
  lastDataByte(): number;
}

/**
 * Collects stdout output and writes it in large pieces (at 64 KiB or on the next turn of the event
 * loop): one write per message makes `sub --raw > file` syscall-bound.
 */
export class OutputBatcher {
  /** Small pushes are copied into this buffer (no view kept per message); it is written when full or on the next turn. */
  private buf: Buffer;
  private size = 0;
  private scheduled = false;
  constructor(private readonly out: NodeJS.WritableStream, private readonly limit = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(limit);
  }

  push(b: Uint8Array | string): void {
    if (typeof b === "string") {
      // ASCII-sized estimate first: most pushes are short lines
      if (b.length * 3 <= this.limit - this.size) {
        this.size += this.buf.write(b, this.size);
        this.schedule();
        return;
      }
      b = Buffer.from(b);
    }
    if (b.length > this.limit - this.size) {
      this.flush();
      if (b.length >= this.limit) {
        this.out.write(b);
        return;
      }
    }
    if (b.length < 64) for (let i = 0; i < b.length; i++) this.buf[this.size++] = b[i]!;
    else {
      this.buf.set(b, this.size);
      this.size += b.length;
    }
    this.schedule();
  }

  /** Copies a message body straight into the batch (no view of it is made: the framing reader's messages). */
  pushData(m: CopyableData): void {
    if (m.size > this.limit - this.size) {
      this.flush();
      if (m.size >= this.limit) {
        const b = Buffer.allocUnsafe(m.size);
        m.copyData(b, 0);
        this.out.write(b);
        return;
      }
    }
    m.copyData(this.buf, this.size);
    this.size += m.size;
    this.schedule();
  }

  /** Bytes waiting: batched here plus what the stream itself has buffered but not yet written. */
  backlog(): number {
    return this.size + ((this.out as { writableLength?: number }).writableLength ?? 0);
  }

  flush(): void {
    if (this.size === 0) return;
    // the stream keeps the bytes until written: a new buffer for what comes next
    const full = this.buf.subarray(0, this.size);
    this.buf = Buffer.allocUnsafe(this.limit);
    this.size = 0;
    this.out.write(full);
  }

  private schedule(): void {
    if (this.size >= this.limit) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => { this.scheduled = false; this.flush(); });
    }
  }
}
