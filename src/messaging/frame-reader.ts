import type { MsgHdrs, NatsConnection, Subscription } from "@nats-io/transport-node";
import { decodeHeaders, installReader, type InnerParser } from "../client/protocol.js";

/** Where the messages of one subscription go. */
export interface FrameTarget {
  message(m: FrameMsg): void;
  /**
   * Instead of message(), for targets that only count or read the payload: the payload is `size` bytes of
   * `chunk` (valid during the call only) from `start`; `wireSize` counts header bytes too. No FrameMsg is made.
   */
  payload?(chunk: Uint8Array, start: number, size: number, wireSize: number): void;
  /** Called once after each socket chunk that delivered messages to this target (write output in one batch). */
  batchEnd?(): void;
}

const utf8 = new TextDecoder();
const latin1 = Buffer.prototype.latin1Slice as (this: Uint8Array, start: number, end: number) => string;

/** Bytes as the client's TextDecoder reads them; ASCII (every subject in practice) without the decoder's cost. */
function text(buf: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i]! > 127) return utf8.decode(buf.subarray(start, end));
  return latin1.call(buf, start, end);
}

/** Buffer's native copy, which takes offsets (no view per copy); socket chunks are Buffers, test input may not be. */
const copyBytes = Buffer.prototype.copy as (this: Uint8Array, dst: Uint8Array, at: number, start: number, end: number) => number;
const SP = 32;
const TAB = 9;
const CR = 13;
const NL = 10;

/**
 * One MSG/HMSG frame, read straight from the socket chunk: subject, reply and headers are decoded only when
 * asked for, as the client's Msg does, and read the same (TextDecoder, MsgHdrsImpl.decode).
 */
export class FrameMsg {
  private _subject?: string;
  constructor(
    private readonly buf: Uint8Array,
    private readonly s0: number,
    private readonly s1: number,
    private readonly r0: number,
    private readonly r1: number,
    /** Start of the header block, or of the payload when there are no headers. */
    private readonly h0: number,
    /** Header bytes, -1 for MSG. */
    private readonly hlen: number,
    /** Payload bytes (without headers). */
    readonly size: number,
    readonly sid: number,
    private readonly decodeHeaders: (b: Uint8Array) => MsgHdrs,
  ) {}

  get subject(): string {
    return (this._subject ??= text(this.buf, this.s0, this.s1));
  }

  get reply(): string | undefined {
    return this.r0 < 0 ? undefined : text(this.buf, this.r0, this.r1);
  }

  get headers(): MsgHdrs | undefined {
    return this.hlen < 0 ? undefined : this.decodeHeaders(this.buf.subarray(this.h0, this.h0 + this.hlen));
  }

  /** The socket chunk the frame is in (valid only during the message() call): read payload bytes at dataStart. */
  get chunk(): Uint8Array {
    return this.buf;
  }

  /** Header and payload bytes: the message's size as the server counts it (/varz out_bytes). */
  get wireSize(): number {
    return this.size + (this.hlen < 0 ? 0 : this.hlen);
  }

  /** Where the payload starts in chunk. */
  get dataStart(): number {
    return this.hlen < 0 ? this.h0 : this.h0 + this.hlen;
  }

  get data(): Uint8Array {
    const start = this.hlen < 0 ? this.h0 : this.h0 + this.hlen;
    return this.buf.subarray(start, start + this.size);
  }

  /** Copies the payload to `dst` at `at` without a view of it (printing raw bodies). */
  copyData(dst: Uint8Array, at: number): void {
    const start = this.hlen < 0 ? this.h0 : this.h0 + this.hlen;
    const buf = this.buf;
    if (this.size < 16) for (let i = 0; i < this.size; i++) dst[at + i] = buf[start + i]!;
    else copyBytes.call(buf, dst, at, start, start + this.size);
  }

  lastDataByte(): number {
    return this.size === 0 ? -1 : this.buf[(this.hlen < 0 ? this.h0 : this.h0 + this.hlen) + this.size - 1]!;
  }
}

/**
 * natsx's reader for the receive paths that print or count (issue 15): in front of the client's parser, it
 * cuts socket chunks at frame boundaries with indexOf instead of a byte-wise state machine, hands the MSG and
 * HMSG frames of the subscriptions `lookup` knows to their targets without a Msg or callback per message, and
 * gives every other frame (INFO, PING, PONG, +OK, -ERR, messages of other subscriptions) to the client's own
 * parser whole and in order, so the connection behaves exactly as before. Partial frames wait for the next
 * chunk. Anything it does not understand goes to the client's parser as it is, which then fails as it would.
 */
export class FrameReader {
  private inner: InnerParser;
  /** The client's parser holds a partial frame: it gets whole chunks until it is idle again. */
  private innerBusy = false;
  /** Bytes of an incomplete frame, and how many the frame needs in all (0 while its line is incomplete). */
  private rest: Uint8Array[] = [];
  private restLen = 0;
  private need = 0;
  private readonly touched = new Set<FrameTarget>();

  constructor(inner: InnerParser, private readonly lookup: (sid: number) => FrameTarget | undefined, private readonly decodeHeaders: (b: Uint8Array) => MsgHdrs, private readonly counted: (msgs: number, bytes: number) => void = () => undefined) {
    this.inner = inner;
    this.innerBusy = !inner.idle();
  }

  /** A new connection (reconnect): a fresh client parser, nothing pending. */
  reset(inner: InnerParser): void {
    this.inner = inner;
    this.innerBusy = !inner.idle();
    this.rest = [];
    this.restLen = 0;
    this.need = 0;
  }

  parse(chunk: Uint8Array): void {
    try {
      let buf = chunk;
      // A frame cut by the previous chunk's end: join its start with just the bytes of this chunk that
      // complete it (copying the whole chunk instead cost a memcpy of every chunk), then go on from there.
      while (this.restLen > 0 && !this.innerBusy) {
        const take = this.need > 0 ? this.need - this.restLen : buf.indexOf(NL) + 1;
        if (take <= 0 || take > buf.length) {
          this.rest.push(buf);
          this.restLen += buf.length;
          return;
        }
        this.rest.push(buf.subarray(0, take));
        const head = Buffer.concat(this.rest, this.restLen + take);
        this.rest = [];
        this.restLen = 0;
        this.need = 0;
        buf = buf.subarray(take);
        this.scan(head);
      }
      if (this.innerBusy) {
        this.inner.parse(buf);
        this.innerBusy = !this.inner.idle();
        return;
      }
      this.scan(buf);
    } finally {
      for (const t of this.touched) t.batchEnd?.();
      this.touched.clear();
    }
  }

  private scan(buf: Uint8Array): void {
    const n = buf.length;
    let i = 0;
    let deleg = -1;
    let msgs = 0;
    let bytes = 0;
    let last: FrameTarget | undefined;
    const flushDeleg = (to: number) => {
      if (deleg >= 0) {
        this.inner.parse(buf.subarray(deleg, to));
        deleg = -1;
      }
    };
    try {
      while (i < n) {
        const c = buf[i];
        const hmsg = c === 72 && buf[i + 1] === 77 && buf[i + 2] === 83 && buf[i + 3] === 71 && isSpace(buf[i + 4]!);
        const msg = !hmsg && c === 77 && buf[i + 1] === 83 && buf[i + 2] === 71 && isSpace(buf[i + 3]!);
        if (!msg && !hmsg) {
          // INFO, PING, PONG, +OK, -ERR: one line each, for the client
          const eol = buf.indexOf(NL, i);
          if (eol < 0) break;
          if (!isKnownLineOp(c!)) return this.giveUp(buf, i, deleg);
          if (deleg < 0) deleg = i;
          i = eol + 1;
          continue;
        }
        let nl = parseUsual(buf, i + (hmsg ? 5 : 4), n, hmsg);
        if (nl === UNUSUAL) nl = parseLine(buf, i + (hmsg ? 5 : 4), n, hmsg);
        if (nl === INCOMPLETE) break;
        if (nl === MALFORMED) return this.giveUp(buf, i, deleg);
        const total = ARGS[TOTAL]!;
        const sid = ARGS[SID]!;
        const start = nl + 1;
        const end = start + total + 2;
        if (end > n) {
          // the rest of the frame comes with the next chunk(s)
          flushDeleg(i);
          this.keep(buf.subarray(i), end - i);
          return;
        }
        if (buf[end - 2] !== CR || buf[end - 1] !== NL) return this.giveUp(buf, i, deleg);
        const target = this.lookup(sid);
        if (!target) {
          if (deleg < 0) deleg = i;
          i = end;
          continue;
        }
        flushDeleg(i);
        msgs++;
        bytes += total;
        if (target !== last) {
          this.touched.add(target);
          last = target;
        }
        const hlen = hmsg ? ARGS[HLEN]! : -1;
        if (target.payload !== undefined) target.payload(buf, hmsg ? start + hlen : start, hmsg ? total - hlen : total, total);
        else target.message(new FrameMsg(buf, ARGS[S0]!, ARGS[S1]!, ARGS[R0]!, ARGS[R1]!, start, hlen, hmsg ? total - hlen : total, sid, this.decodeHeaders));
        i = end;
      }
      flushDeleg(i);
      if (i < n) this.keep(buf.subarray(i), 0);
    } finally {
      this.count(msgs, bytes);
    }
  }

  private count(msgs: number, bytes: number): void {
    if (msgs > 0) this.counted(msgs, bytes);
  }

  private keep(part: Uint8Array, need: number): void {
    this.rest = [part];
    this.restLen = part.length;
    this.need = need;
  }

  /** Input the reader does not know: from `at` on, the client's parser gets it all until it is idle again. */
  private giveUp(buf: Uint8Array, at: number, deleg: number): void {
    this.inner.parse(buf.subarray(deleg >= 0 ? deleg : at));
    this.innerBusy = !this.inner.idle();
  }
}

/** The subscriptions of one connection whose messages the framing reader delivers. */
export interface FrameRoutes {
  /** From now on the messages of `sub` go to `target` (its callback only sees what the reader leaves to the client). */
  add(sub: Subscription, target: FrameTarget): void;
  remove(sub: Subscription): void;
}

/**
 * Puts a FrameReader in front of `nc`'s parser (call it before subscribing) and returns its routes. Messages
 * of subscriptions not added, and everything else, reach the client as before.
 */
export function frameRoutes(nc: NatsConnection): FrameRoutes {
  const routes = new Map<number, FrameTarget>();
  installReader(nc, (inner, counted) => new FrameReader(inner, (sid) => routes.get(sid), decodeHeaders, counted));
  return {
    add: (sub, target) => { routes.set(sub.getID(), target); },
    remove: (sub) => { routes.delete(sub.getID()); },
  };
}

function isSpace(b: number): boolean {
  return b === SP || b === TAB;
}

/** First bytes of the one-line operations a server sends: INFO, PING, PONG, +OK, -ERR (any case). */
function isKnownLineOp(c: number): boolean {
  return c === 73 || c === 105 || c === 80 || c === 112 || c === 43 || c === 45;
}

/** Token bounds and numeric values of the line being parsed, then the result (reused: parsing is synchronous). */
const TOK = new Int32Array(12);
const VAL = new Float64Array(6);
/**
 * parseLine's result: subject start/end, reply start/end (-1 without), sid, header bytes, total bytes. Int32:
 * values read from a Float64Array were boxed on their way to lookup() and the targets (~25 ns a message).
 */
const ARGS = new Int32Array(7);
const S0 = 0;
const S1 = 1;
const R0 = 2;
const R1 = 3;
const SID = 4;
const HLEN = 5;
const TOTAL = 6;
const INCOMPLETE = -1;
const MALFORMED = -2;
const UNUSUAL = -3;

/**
 * parseLine for the line every NATS server writes: one space between tokens, CR NL at its end, numbers of at
 * most 9 digits. Plain loops over the bytes with the numbers in locals: about three times faster than
 * parseLine, which bench sub felt (~70 ns of its ~150 ns per message). Anything else, a line cut by the
 * chunk's end included, is UNUSUAL, and parseLine decides.
 */
function parseUsual(buf: Uint8Array, from: number, n: number, hmsg: boolean): number {
  let i = from;
  let b = 0;
  while (i < n && (b = buf[i]!) > SP) i++;
  if (i === from || i >= n || b !== SP) return UNUSUAL;
  const s1 = i++;
  let sid = 0;
  const d0 = i;
  while (i < n && (b = buf[i]!) >= 48 && b <= 57 && sid < 1e8) {
    sid = sid * 10 + (b - 48);
    i++;
  }
  if (i === d0 || i >= n || b !== SP) return UNUSUAL;
  i++;
  // what follows the sid: [reply] size for MSG, [reply] hdr total for HMSG
  let k = 0;
  let a0 = 0;
  let a1 = 0;
  let av = -1;
  let bv = -1;
  let cv = -1;
  for (;;) {
    const s = i;
    let v = 0;
    while (i < n && (b = buf[i]!) > SP) {
      const d = b - 48;
      v = d >= 0 && d <= 9 && v >= 0 && v < 1e8 ? v * 10 + d : -1;
      i++;
    }
    if (i === s || i >= n) return UNUSUAL;
    if (k === 0) {
      a0 = s;
      a1 = i;
      av = v;
    } else if (k === 1) bv = v;
    else if (k === 2) cv = v;
    else return UNUSUAL;
    k++;
    if (b === CR) break;
    if (b !== SP) return UNUSUAL;
    i++;
  }
  if (i + 1 >= n || buf[i + 1] !== NL) return UNUSUAL;
  const withReply = k === (hmsg ? 3 : 2);
  if (!withReply && k !== (hmsg ? 2 : 1)) return UNUSUAL;
  const total = k === 3 ? cv : k === 2 ? bv : av;
  const hlen = !hmsg ? 0 : withReply ? bv : av;
  if (total < 0 || hlen < 0 || hlen > total || total > 64 * 1024 * 1024) return UNUSUAL;
  ARGS[S0] = from;
  ARGS[S1] = s1;
  ARGS[R0] = withReply ? a0 : -1;
  ARGS[R1] = withReply ? a1 : -1;
  ARGS[SID] = sid;
  ARGS[HLEN] = hlen;
  ARGS[TOTAL] = total;
  return i + 1;
}

/**
 * Parses the arguments of `MSG <subject> <sid> [reply] <size>` or `HMSG <subject> <sid> [reply] <hdr> <total>`
 * from `from` in one pass, numbers included, up to the line's NL. Returns the NL's index (results in ARGS),
 * INCOMPLETE when the line goes past the chunk, MALFORMED for anything else (a CR not right before the NL
 * too: the client's parser reads those its own way).
 */
function parseLine(buf: Uint8Array, from: number, n: number, hmsg: boolean): number {
  let k = 0;
  let i = from;
  let b = 0;
  for (;;) {
    while (i < n && ((b = buf[i]!) === SP || b === TAB)) i++;
    if (i >= n) return INCOMPLETE;
    if (b === CR) {
      if (i + 1 >= n) return INCOMPLETE;
      if (buf[i + 1] !== NL) return MALFORMED;
      i++;
      break;
    }
    if (b === NL) break;
    if (k === 6) return MALFORMED;
    const s = i;
    let v = 0;
    let digits = true;
    while (i < n && (b = buf[i]!) !== SP && b !== TAB && b !== CR && b !== NL) {
      const d = b - 48;
      if (d < 0 || d > 9) digits = false;
      else v = v * 10 + d;
      i++;
    }
    if (i >= n) return INCOMPLETE;
    TOK[2 * k] = s;
    TOK[2 * k + 1] = i;
    VAL[k] = digits && i - s <= 15 ? v : -1;
    k++;
  }
  const want = hmsg ? 4 : 3;
  if (k !== want && k !== want + 1) return MALFORMED;
  const sid = VAL[1]!;
  const total = VAL[k - 1]!;
  const hlen = hmsg ? VAL[k - 2]! : 0;
  if (sid < 0 || total < 0 || hlen < 0 || hlen > total || total > 64 * 1024 * 1024) return MALFORMED;
  const withReply = k === want + 1;
  ARGS[S0] = TOK[0]!;
  ARGS[S1] = TOK[1]!;
  ARGS[R0] = withReply ? TOK[4]! : -1;
  ARGS[R1] = withReply ? TOK[5]! : -1;
  // natsx's sids are small: a sid past int32 is nobody's here, and its frame goes to the client
  ARGS[SID] = sid > 0x7fffffff ? -1 : sid;
  ARGS[HLEN] = hlen;
  ARGS[TOTAL] = total;
  return i;
}
