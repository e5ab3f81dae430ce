// The one place natsx reaches inside the NATS client (@nats-io/nats-core's ProtocolHandler), for the framing
// paths of issue 15 (natsjs.md §7.3): pre-encoded PUB frames written into the connection's own outbound
// queue, and a protocol parser of our own on the connection's read side. Both go through the real connection,
// so reconnects, auth, TLS and websockets stay the client's. Nothing else in src/ may touch these internals;
// test/integration/client-protocol.test.ts fails loudly if a client upgrade changes them.
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import type * as Core from "@nats-io/nats-core/internal";

declare const require: (id: string) => unknown;

/** The parts of ProtocolHandler (nats-core 3.4) the framing paths use. */
interface ProtocolHandlerShape {
  /** Queues protocol bytes after everything already queued (publish(), SUB, PING); written on the next microtask. */
  sendCommand(cmd: Uint8Array): void;
  /** Writes what is queued to the transport now (nothing while disconnected). */
  flushPending(): void;
  outMsgs: number;
  outBytes: number;
  /** The read side: `parse(chunk)` for every chunk the transport yields; replaced on every (re)connect. */
  parser: ClientParser;
  inMsgs: number;
  inBytes: number;
}

/** The client's Parser: parse(chunk) dispatches frames as they complete; `state` 0 (State.OP_START) between frames. */
interface ClientParser {
  parse(buf: Uint8Array): void;
  state: number;
}

/** Raised when the installed client no longer has what the framing paths rely on. */
export class ClientInternalsChanged extends Error {
  constructor(what: string) {
    super(`the installed NATS client changed its internals (${what}): natsx's framing path needs updating; run with --via-client to use the client's own path`);
    this.name = "ClientInternalsChanged";
  }
}

function handler(nc: NatsConnection): Partial<ProtocolHandlerShape> {
  const p = (nc as unknown as { protocol?: Partial<ProtocolHandlerShape> }).protocol;
  if (!p || typeof p !== "object") throw new ClientInternalsChanged("no connection.protocol");
  return p;
}

/** Writing pre-encoded frames through a connection. */
export interface FrameSink {
  /**
   * Queues complete protocol frames, in order with everything else the connection sends. The bytes are
   * referenced, not copied, until the socket took them: reuse the buffer only once a flush() issued after
   * this write has resolved. While disconnected the client queues them and drops them on reconnect, as it
   * does with publish() (natsjs.md §1.4): callers find out from the flush that follows.
   */
  write(frames: Uint8Array): void;
  /** Adds to nc.stats() what the frames held, as publish() counts (payload and header bytes). */
  count(msgs: number, bytes: number): void;
}

/** The frame sink of a connection; throws ClientInternalsChanged when the client no longer fits. */
export function frameSink(nc: NatsConnection): FrameSink {
  const h = handler(nc);
  if (typeof h.sendCommand !== "function" || typeof h.flushPending !== "function") throw new ClientInternalsChanged("no protocol.sendCommand()/flushPending()");
  if (typeof h.outMsgs !== "number" || typeof h.outBytes !== "number") throw new ClientInternalsChanged("no protocol.outMsgs/outBytes counters");
  const p = h as ProtocolHandlerShape;
  return {
    // Out on its own at once: the client queues a command and writes it a microtask later, and when anything
    // else joins the queue first (the PING of the flush that follows every chunk, the next chunk) it copies
    // them all into one new buffer — a copy of every chunk (7 % of `pub --send-on newline`).
    write: (frames) => {
      p.flushPending();
      p.sendCommand(frames);
      p.flushPending();
    },
    count: (msgs, bytes) => {
      p.outMsgs += msgs;
      p.outBytes += bytes;
    },
  };
}

/** The client's own parser, as the framing reader sees it: it gets every frame the reader does not take. */
export interface InnerParser {
  parse(buf: Uint8Array): void;
  /** true when it holds no partial frame (its state is back at the start of an operation). */
  idle(): boolean;
}

/** What the framing reader must be to sit in front of a connection's parser. */
export interface ChunkParser {
  parse(chunk: Uint8Array): void;
  /** A new connection (reconnect): the client made a new parser for it. */
  reset(inner: InnerParser): void;
}

function core(): typeof Core {
  return require("@nats-io/nats-core/internal") as typeof Core;
}

function asInner(p: ClientParser): InnerParser {
  const start = core().State.OP_START;
  return { parse: (b) => p.parse(b), idle: () => p.state === start };
}

/**
 * Puts the parser `make` builds in front of the connection's own, for every chunk read from now on and on
 * every reconnect (the client replaces its parser then: the replacement becomes the new inner one). Install
 * it before subscribing: the client's parser is then between frames. Also returns the connection's
 * counters, which the reader keeps as the client would (nc.stats()).
 */
export function installReader(nc: NatsConnection, make: (inner: InnerParser, counted: (msgs: number, bytes: number) => void) => ChunkParser): void {
  const h = handler(nc);
  const first = h.parser;
  if (!first || typeof first.parse !== "function" || typeof first.state !== "number") throw new ClientInternalsChanged("no protocol.parser.parse()/state");
  if (typeof h.inMsgs !== "number" || typeof h.inBytes !== "number") throw new ClientInternalsChanged("no protocol.inMsgs/inBytes counters");
  const p = h as ProtocolHandlerShape;
  const counted = (msgs: number, bytes: number) => {
    p.inMsgs += msgs;
    p.inBytes += bytes;
  };
  const reader = make(asInner(first), counted);
  const front: ClientParser = { parse: (b) => reader.parse(b), state: 0 };
  Object.defineProperty(p, "parser", {
    configurable: true,
    enumerable: true,
    get: () => front,
    set: (next: ClientParser) => reader.reset(asInner(next)),
  });
}

/** HMSG header bytes as the client's Msg.headers decodes them. */
export function decodeHeaders(bytes: Uint8Array): MsgHdrs {
  return core().MsgHdrsImpl.decode(bytes);
}

/** One event of the client's parser, with messages as its subscriptions would get them (for tests). */
export type ClientEvent = { kind: "msg"; sid: number; subject: string; reply: string; headers?: MsgHdrs; data: Uint8Array } | { kind: "other"; type: number; data?: string };

/** The client's own parser feeding `out` (the reference the framing reader is tested against). */
export function clientParser(out: ClientEvent[]): InnerParser {
  const { Parser, Kind, MsgImpl } = core();
  const dec = new TextDecoder();
  const dispatcher = {
    push: (e: { kind: number; msg?: unknown; data?: Uint8Array }) => {
      if (e.kind === Kind.MSG) {
        const m = new MsgImpl(e.msg as ConstructorParameters<typeof MsgImpl>[0], e.data!, undefined as unknown as ConstructorParameters<typeof MsgImpl>[2]);
        out.push({ kind: "msg", sid: m.sid, subject: m.subject, reply: m.reply, headers: m.headers, data: m.data });
      } else out.push({ kind: "other", type: e.kind, data: e.data ? dec.decode(e.data) : undefined });
    },
  };
  return asInner(new Parser(dispatcher as unknown as ConstructorParameters<typeof Parser>[0]) as unknown as ClientParser);
}
