// The one place natsx reaches inside the NATS client (@nats-io/nats-core's ProtocolHandler), for the framing
// paths of issue 15 (natsjs.md §7.3): pre-encoded PUB frames written into the connection's own outbound
// queue, and a protocol parser of our own on the connection's read side. Both go through the real connection,
// so reconnects, auth, TLS and websockets stay the client's. Nothing else in src/ may touch these internals;
// test/integration/client-protocol.test.ts fails loudly if a client upgrade changes them.
import type { NatsConnection } from "@nats-io/transport-node";

/** The parts of ProtocolHandler (nats-core 3.4) the framing paths use. */
interface ProtocolHandlerShape {
  /** Queues protocol bytes after everything already queued (publish(), SUB, PING) and writes them out. */
  sendCommand(cmd: Uint8Array): void;
  outMsgs: number;
  outBytes: number;
  /** The read side: `parse(chunk)` for every chunk the transport yields; replaced on every (re)connect. */
  parser: { parse(buf: Uint8Array): void };
  /** Where a parser delivers what it parsed: `{ kind, msg?, data? }` events, as parser.Kind. */
  push(e: unknown): void;
  subscriptions: { get(sid: number): unknown };
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
  if (typeof h.sendCommand !== "function") throw new ClientInternalsChanged("no protocol.sendCommand()");
  if (typeof h.outMsgs !== "number" || typeof h.outBytes !== "number") throw new ClientInternalsChanged("no protocol.outMsgs/outBytes counters");
  const p = h as ProtocolHandlerShape;
  return {
    write: (frames) => p.sendCommand(frames),
    count: (msgs, bytes) => {
      p.outMsgs += msgs;
      p.outBytes += bytes;
    },
  };
}
