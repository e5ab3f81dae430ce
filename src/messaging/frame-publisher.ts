import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { frameSink, type FrameSink } from "../client/protocol.js";
import { CliError, ExitCode, usageError } from "../errors.js";
import { commas } from "../output/format.js";

/**
 * natsx's framing publisher for bulk core publishing (issue 15, natsjs.md §7.3): `PUB <subject> [reply] `
 * (or HPUB) is encoded once, and each message adds only its length, headers, payload and CRLFs to one of a
 * few reused chunk buffers, which go out through the real connection (frameSink). The bytes are exactly
 * those publish() sends (test/integration/frame-publisher.test.ts compares them on the wire).
 *
 * Back-pressure and delivery: every chunk written is followed by a flush (PING); a chunk buffer is reused
 * only once the PONG of its flush came back, i.e. the server has read those messages. So memory stays at
 * `slots × chunkSize` however many messages go out, the publisher waits when the socket or the server
 * falls behind, and `confirmed` always says how many messages the server is known to have.
 */
export class FramePublisher {
  /** Messages handed to the connection so far. */
  sent = 0;
  /** Payload and header bytes of those messages. */
  bytes = 0;
  /** Messages the server is known to have read (a flush after them came back). */
  confirmed = 0;
  /** Called at every chunk boundary; throw from it to stop (pub throws the server's async -ERR). */
  check: () => void = () => undefined;

  private readonly sink: FrameSink;
  private readonly slots: Slot[];
  private slot: Slot;
  private next = 0;
  private pos = 0;
  /** Messages and bytes in the current chunk, not yet written. */
  private pendingMsgs = 0;
  private pendingBytes = 0;
  private failure: unknown;
  private readonly maxPayload: number;
  private readonly serverHeaders: boolean;

  constructor(private readonly nc: NatsConnection, opts: { chunkSize?: number; slots?: number } = {}) {
    this.sink = frameSink(nc);
    const size = opts.chunkSize ?? 256 * 1024;
    this.slots = Array.from({ length: Math.max(2, opts.slots ?? 16) }, () => ({ buf: Buffer.allocUnsafe(size), free: true, wait: Promise.resolve(), upTo: 0 }));
    this.slot = this.slots[0]!;
    this.maxPayload = nc.info?.max_payload ?? Infinity;
    this.serverHeaders = nc.info?.headers !== false;
  }

  /**
   * The fixed start of every frame to `subject` (with `reply`), validated here once: publish()'s own checks
   * (not empty, no whitespace) and the server's header support. natsx's subject rules are the caller's.
   */
  prefix(subject: string, reply?: string, headers = false): Uint8Array {
    for (const [what, v] of [["subject", subject], ["reply subject", reply]] as const) {
      if (v !== undefined && (v.length === 0 || /\s/.test(v))) throw usageError(`invalid ${what}: '${v}'`, "subjects are dot-separated tokens without spaces");
    }
    if (headers && !this.serverHeaders) throw new CliError("headers are not available on this server", { hint: "publish without -H, or use a server that supports headers (2.2 or newer)" });
    return Buffer.from(`${headers ? "HPUB" : "PUB"} ${subject} ${reply ? `${reply} ` : ""}`, "utf8");
  }

  /**
   * Adds one message. `prefix` comes from prefix() (HPUB when `hdr`, the encoded headers, is given).
   * Returns a promise only when it had to wait for a chunk buffer: `const w = p.add(...); if (w) await w;`.
   * Throws a CliError for a message larger than the server's max_payload.
   */
  add(prefix: Uint8Array, data: Uint8Array, hdr?: Uint8Array): void | Promise<void> {
    const hlen = hdr ? hdr.length : 0;
    const len = data.length + hlen;
    if (len > this.maxPayload) throw tooLarge(`message ${commas(this.sent + this.pendingMsgs + 1)} is ${commas(len)} bytes, larger`, this.maxPayload);
    // prefix + up to two 10-digit numbers, a space and CRLF, the bytes, CRLF
    const need = prefix.length + 24 + len + 2;
    if (need > this.slot.buf.length - this.pos) {
      if (need > this.slot.buf.length) return this.addLarge(prefix, data, hdr);
      const w = this.rotate();
      if (w) return w.then(() => this.add(prefix, data, hdr));
    }
    const buf = this.slot.buf;
    let p = writeHead(buf, this.pos, prefix, len, hdr);
    buf.set(data, p);
    p += data.length;
    buf[p++] = 13;
    buf[p++] = 10;
    this.pos = p;
    this.pendingMsgs++;
    this.pendingBytes += len;
  }

  /**
   * Frames every line of `text` from offset `from` as one message (stdin with --send-on newline): `text`
   * holds whole lines each ending in "\n" (the last may lack it), a "\r" before it is dropped (Go's ScanLines).
   * The lines are copied from `text` straight into the chunk by fillLines(), with no object per line. Adds to
   * `done` what it framed; a promise only when it had to wait for a chunk buffer.
   */
  lines(prefix: Uint8Array, text: Buffer, from: number, hdr?: Uint8Array, done: LinesDone = { msgs: 0, bytes: 0 }): LinesDone | Promise<LinesDone> {
    let at = from;
    for (;;) {
      fillLines(this.slot.buf, this.pos, prefix, text, at, hdr, this.maxPayload);
      at = filled.at;
      this.pos = filled.pos;
      this.pendingMsgs += filled.msgs;
      this.pendingBytes += filled.bytes;
      done.msgs += filled.msgs;
      done.bytes += filled.bytes;
      if (filled.stop === DONE) return done;
      let nl = text.indexOf(10, at);
      if (nl < 0) nl = text.length;
      const end = nl > at && text[nl - 1] === 13 ? nl - 1 : nl;
      if (filled.stop === TOO_LARGE) throw tooLarge(`message ${commas(this.sent + this.pendingMsgs + 1)} is ${commas(end - at + (hdr ? hdr.length : 0))} bytes, larger`, this.maxPayload);
      // the next line does not fit in what is left of this chunk: in the next one, or its own buffer when not even an empty chunk holds it
      if (this.pos === 0) return this.largeLine(prefix, text, at, end, nl, hdr, done);
      const w = this.rotate();
      if (w) return this.linesAfter(w, prefix, text, at, hdr, done);
    }
  }

  /** lines() once `w` (a chunk buffer coming free) resolved. */
  private async linesAfter(w: Promise<void>, prefix: Uint8Array, text: Buffer, at: number, hdr: Uint8Array | undefined, done: LinesDone): Promise<LinesDone> {
    await w;
    return this.lines(prefix, text, at, hdr, done);
  }

  /** lines() for a line too long for a chunk buffer (`at` to `end`, its "\n" at `nl`), then the lines after it. */
  private async largeLine(prefix: Uint8Array, text: Buffer, at: number, end: number, nl: number, hdr: Uint8Array | undefined, done: LinesDone): Promise<LinesDone> {
    await this.addLarge(prefix, text.subarray(at, end), hdr);
    done.msgs++;
    done.bytes += end - at + (hdr ? hdr.length : 0);
    return this.lines(prefix, text, nl + 1, hdr, done);
  }

  /**
   * Adds `count` copies of the same message (bench): the frame is encoded once and each chunk is filled by
   * doubling copies of it, so the cost per message is a share of a memcpy. Stops early when `stop()` says so.
   */
  async repeat(prefix: Uint8Array, data: Uint8Array, count: number, stop: () => boolean = () => false, progress?: (n: number) => void, stamp?: (frame: Buffer, payloadAt: number) => void): Promise<void> {
    const frame = Buffer.alloc(prefix.length + 24 + data.length);
    let f = writeHead(frame, 0, prefix, data.length);
    const payloadAt = f;
    frame.set(data, f);
    f += data.length;
    frame[f++] = 13;
    frame[f++] = 10;
    const one = frame.subarray(0, f);
    if (data.length > this.maxPayload) throw tooLarge(`messages of ${commas(data.length)} bytes are larger`, this.maxPayload);
    const perChunk = Math.floor(this.slot.buf.length / one.length);
    if (perChunk < 1) {
      const copy = stamp ? Buffer.from(data) : data;
      for (let i = 0; i < count && !stop(); i++) {
        if (stamp) stamp(copy as Buffer, 0);
        const w = this.add(prefix, copy);
        if (w) await w;
        progress?.(1);
      }
      return;
    }
    let left = count;
    while (left > 0 && !stop()) {
      if (this.pos > 0) {
        const w = this.rotate();
        if (w) await w;
      }
      const k = Math.min(perChunk, left);
      const buf = this.slot.buf;
      // bench's send time goes into the one frame every copy of this chunk is made from: one clock read per chunk
      stamp?.(frame, payloadAt);
      buf.set(one, 0);
      let filled = 1;
      while (filled < k) {
        const n = Math.min(filled, k - filled);
        buf.copyWithin(filled * one.length, 0, n * one.length);
        filled += n;
      }
      this.pos = k * one.length;
      this.pendingMsgs = k;
      this.pendingBytes = k * data.length;
      left -= k;
      progress?.(k);
    }
  }

  /**
   * Writes what is buffered now, without waiting for the server to have read it (paced publishers, which must not
   * hold messages back until a chunk fills); a promise only when the next buffer is still in flight.
   */
  send(): void | Promise<void> {
    if (this.pos > 0) return this.rotate();
  }

  /** Writes what is buffered and waits until the server has read every message (the final delivery proof). */
  async flush(): Promise<void> {
    if (this.pos > 0) this.writeChunk();
    this.check();
    for (const s of this.slots) await this.settle(s);
    await this.nc.flush().catch((e) => this.lost(e));
    this.confirmed = this.sent;
    this.check();
  }

  /** A message too big for a chunk: its own buffer, written after the chunk before it and waited for. */
  private async addLarge(prefix: Uint8Array, data: Uint8Array, hdr?: Uint8Array): Promise<void> {
    if (this.pos > 0) {
      const w = this.rotate();
      if (w) await w;
    }
    const chunk = this.slot;
    const big: Slot = { buf: Buffer.allocUnsafe(prefix.length + 24 + data.length + (hdr?.length ?? 0) + 2), free: true, wait: Promise.resolve(), upTo: 0 };
    this.slot = big;
    void this.add(prefix, data, hdr);
    this.writeChunk();
    this.slot = chunk;
    await this.settle(big);
  }

  /** Writes the current chunk and moves to the next buffer; a promise when that one is still in flight. */
  private rotate(): void | Promise<void> {
    this.writeChunk();
    this.next = (this.next + 1) % this.slots.length;
    this.slot = this.slots[this.next]!;
    if (!this.slot.free) return this.settle(this.slot);
  }

  private writeChunk(): void {
    if (this.failure) throw this.failure;
    if (this.nc.isClosed()) throw this.lostError(new Error("the connection is closed"));
    this.check();
    const s = this.slot;
    this.sink.write(s.buf.subarray(0, this.pos));
    this.sink.count(this.pendingMsgs, this.pendingBytes);
    this.sent += this.pendingMsgs;
    this.bytes += this.pendingBytes;
    this.pos = 0;
    this.pendingMsgs = 0;
    this.pendingBytes = 0;
    const upTo = this.sent;
    s.free = false;
    s.upTo = upTo;
    s.wait = this.nc.flush().then(
      () => {
        s.free = true;
        if (upTo > this.confirmed) this.confirmed = upTo;
      },
      (e) => {
        this.failure ??= this.lostError(e);
      },
    );
  }

  private async settle(s: Slot): Promise<void> {
    await s.wait;
    if (this.failure) throw this.failure;
  }

  private lost(e: unknown): never {
    throw (this.failure ??= this.lostError(e));
  }

  private lostError(cause: unknown): ConnectionLostError {
    return new ConnectionLostError(this.sent, this.confirmed, cause);
  }
}

/** What lines() framed: messages, and their payload and header bytes. */
export interface LinesDone {
  msgs: number;
  bytes: number;
}

interface Slot {
  buf: Buffer;
  /** No write of this buffer is still in flight. */
  free: boolean;
  /** Resolves once the flush after the last write of this buffer came back. */
  wait: Promise<void>;
  upTo: number;
}

function tooLarge(what: string, max: number): CliError {
  return new CliError(`${what} than the server's max_payload of ${commas(max)} bytes`, { hint: "send a smaller message, or raise max_payload on the server" });
}

/**
 * The connection went away while publishing: the server confirmed `confirmed` of the `sent` messages; the
 * rest may or may not have arrived (the client drops what it still held when it reconnects). Exit 3.
 */
export class ConnectionLostError extends CliError {
  constructor(readonly sent: number, readonly confirmed: number, cause: unknown) {
    super(`the connection was lost while publishing: the server confirmed ${commas(confirmed)} of the ${commas(sent)} messages sent`, {
      exitCode: ExitCode.CONNECTION,
      hint: sent > confirmed ? `up to ${commas(sent - confirmed)} messages after message ${commas(confirmed)} may not have arrived: publish them again` : undefined,
      cause,
    });
    this.name = "ConnectionLostError";
  }
}

/**
 * Writes a frame's start at `p`: the prefix, `[<header bytes> ]<total bytes>` and CRLF, then the headers;
 * returns where the payload goes.
 */
function writeHead(buf: Uint8Array, p: number, prefix: Uint8Array, len: number, hdr?: Uint8Array): number {
  // a loop beats the native copy's call overhead for a prefix of a few bytes
  for (let i = 0; i < prefix.length; i++) buf[p++] = prefix[i]!;
  if (hdr) {
    p = writeInt(buf, p, hdr.length);
    buf[p++] = 32;
  }
  p = writeInt(buf, p, len);
  buf[p++] = 13;
  buf[p++] = 10;
  if (hdr) {
    buf.set(hdr, p);
    p += hdr.length;
  }
  return p;
}

/** Writes `n` (a non-negative integer) in decimal at `p`; returns the position after it. */
function writeInt(buf: Uint8Array, p: number, n: number): number {
  if (n < 10) {
    buf[p] = 48 + n;
    return p + 1;
  }
  let digits = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
  let end = p + digits;
  for (let v = n; end > p; v = Math.floor(v / 10)) buf[--end] = 48 + (v % 10);
  return p + digits;
}

/** What fillLines() did: where it stopped in the text and the chunk, and what it framed. */
interface Filled {
  /** The offset in the text of the first line not framed. */
  at: number;
  /** The end of what was written into the chunk. */
  pos: number;
  msgs: number;
  bytes: number;
  /** Why it stopped before the text's end: FULL (the next line does not fit in what is left of the chunk), TOO_LARGE. */
  stop: number;
}
const DONE = 0;
const FULL = 1;
const TOO_LARGE = 2;
const filled: Filled = { at: 0, pos: 0, msgs: 0, bytes: 0, stop: DONE };

/**
 * Frames the lines of `text` from `at` into `buf` from `pos`, as many as fit, each as `prefix` + length + CRLF +
 * (`hdr`) + the line without its "\n" (and a "\r" before it) + CRLF, into the module's `filled`. One pass over
 * each line's bytes, 4 at a time: they are copied while looking for the "\n", to where the payload goes when its
 * length has as many digits as the line before's; a line whose length has another count is moved once. Only
 * locals in the loop (an object or closure here would cost an allocation or a context per line, see lines()).
 * ~30 % faster than finding each "\n" with indexOf() and copying after it.
 */
function fillLines(buf: Buffer, pos: number, prefix: Uint8Array, text: Buffer, at: number, hdr: Uint8Array | undefined, maxPayload: number): void {
  const cap = buf.length;
  const n = text.length;
  const pl = prefix.length;
  const hlen = hdr ? hdr.length : 0;
  // bytes between the prefix and the payload, less the digits of the total: "<hlen> " for HPUB, CRLF, the headers
  const fixed = (hdr ? digits(hlen) + 1 : 0) + 2 + hlen;
  let msgs = 0;
  let bytes = 0;
  let d = 2;
  let stop = DONE;
  const tv = new DataView(text.buffer, text.byteOffset, text.byteLength);
  const bv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // the prefix as 32-bit words, stored whole: the last may reach up to 3 bytes past it, into the length
  // written next (there are at least 3 bytes between the prefix and the payload: a digit and CRLF)
  const words = prefixWords(prefix);
  while (at < n) {
    const start = pos + pl + d + fixed;
    // room for the payload and its CRLF, and for the last 4-byte store to reach past the payload's end
    const room = cap - start - 6;
    if (room < 0) { stop = FULL; break; }
    const lim = n - at > room ? at + room : n;
    let q = start;
    let i = at;
    // 4 bytes at a time: copied whole, and the first "\n" among them found with the zero-byte test on the word
    // xor "\n\n\n\n" (its lowest marked byte is the first newline; little-endian, so the earliest in the text)
    let found = false;
    while (i + 4 <= lim) {
      const w = tv.getUint32(i, true);
      bv.setUint32(q, w, true);
      const x = w ^ 0x0a0a0a0a;
      const m = (x - 0x01010101) & ~x & 0x80808080;
      if (m !== 0) {
        const k = (31 - Math.clz32(m & -m)) >> 3;
        i += k;
        q += k;
        found = true;
        break;
      }
      i += 4;
      q += 4;
    }
    if (!found) {
      while (i < lim) {
        const c = text[i]!;
        if (c === 10) break;
        buf[q++] = c;
        i++;
      }
    }
    if (i === lim && lim < n) { stop = FULL; break; }
    let len = i - at;
    if (len > 0 && text[i - 1] === 13) len--;
    const total = len + hlen;
    if (total > maxPayload) { stop = TOO_LARGE; break; }
    const dd = digits(total);
    if (dd !== d) {
      if (start + (dd - d) + len + 2 > cap) { stop = FULL; break; }
      buf.copyWithin(start + dd - d, start, start + len);
      d = dd;
    }
    let p = pos;
    for (let k = 0; k < words.length; k++) bv.setInt32(p + 4 * k, words[k]!, true);
    p += pl;
    if (hdr) {
      p = writeInt(buf, p, hlen);
      buf[p++] = 32;
    }
    if (d === 2) {
      const t = (total * 0.1) | 0;
      buf[p] = 48 + t;
      buf[p + 1] = 48 + total - 10 * t;
    } else {
      let v = total;
      for (let e = p + d - 1; e >= p; e--) {
        buf[e] = 48 + (v % 10);
        v = (v - (v % 10)) / 10;
      }
    }
    p += d;
    bv.setUint16(p, CRLF, true);
    p += 2;
    if (hdr) {
      for (let k = 0; k < hlen; k++) buf[p++] = hdr[k]!;
    }
    p += len;
    bv.setUint16(p, CRLF, true);
    p += 2;
    pos = p;
    msgs++;
    bytes += total;
    at = i + 1;
  }
  filled.at = at;
  filled.pos = pos;
  filled.msgs = msgs;
  filled.bytes = bytes;
  filled.stop = stop;
}

/** "\r\n" as a little-endian 16-bit word. */
const CRLF = 0x0a0d;

/** `prefix` as little-endian 32-bit words (the last padded with zeros), for fillLines() to store whole. */
function prefixWords(prefix: Uint8Array): Int32Array {
  const padded = new Uint8Array(Math.ceil(prefix.length / 4) * 4);
  padded.set(prefix);
  const view = new DataView(padded.buffer);
  return Int32Array.from({ length: padded.length / 4 }, (_, k) => view.getInt32(4 * k, true));
}

/** The number of decimal digits of `n` (a non-negative integer). */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = (n - (n % 10)) / 10;
    d++;
  }
  return d;
}

/** A message as pub composes it. */
export interface FramedMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  reply?: string;
}

/**
 * pub's messages through a FramePublisher: the frame prefix is encoded again only when the subject (or
 * reply, or having headers) changes, and the headers only when they are another object (constant -H
 * flags give the same one every time).
 */
export class MessageFrames {
  readonly publisher: FramePublisher;
  private subject?: string;
  private reply?: string;
  private withHeaders = false;
  private prefix?: Uint8Array;
  private headers?: MsgHdrs;
  private headerBytes?: Uint8Array;

  constructor(nc: NatsConnection, opts?: { chunkSize?: number; slots?: number }) {
    this.publisher = new FramePublisher(nc, opts);
  }

  /** As FramePublisher.lines, each line of `text` from `from` a message to `to`'s subject (with its headers and reply). */
  lines(to: Omit<FramedMessage, "data">, text: Buffer, from: number): LinesDone | Promise<LinesDone> {
    this.use(to);
    return this.publisher.lines(this.prefix!, text, from, this.withHeaders ? this.headerBytes : undefined);
  }

  /** As FramePublisher.add: a promise only when it has to wait. */
  send(m: FramedMessage): void | Promise<void> {
    this.use(m);
    return this.publisher.add(this.prefix!, m.data, this.withHeaders ? this.headerBytes : undefined);
  }

  private use(m: Omit<FramedMessage, "data">): void {
    const h = m.headers !== undefined;
    if (this.prefix === undefined || m.subject !== this.subject || m.reply !== this.reply || h !== this.withHeaders) {
      this.prefix = this.publisher.prefix(m.subject, m.reply || undefined, h);
      this.subject = m.subject;
      this.reply = m.reply;
      this.withHeaders = h;
    }
    if (m.headers !== undefined && m.headers !== this.headers) {
      this.headers = m.headers;
      this.headerBytes = (m.headers as MsgHdrs & { encode(): Uint8Array }).encode();
    }
  }
}
