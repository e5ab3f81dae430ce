import { createServer, connect as tcpConnect, type Socket } from "node:net";

/** A TCP proxy in front of a local server: records both directions, and can cut every connection through it. */
export interface TcpProxy {
  /** host:port to connect to instead of the server. */
  url: string;
  /** What clients sent to the server, in order, over every connection so far. */
  sent(): Buffer;
  /** What the server sent to clients. */
  received(): Buffer;
  /** Destroys the connections open now (the client sees a lost connection and may reconnect through the proxy). */
  dropAll(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a random 127.0.0.1 port forwarding to 127.0.0.1:`target`. */
export async function startTcpProxy(target: number): Promise<TcpProxy> {
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const open = new Set<Socket>();
  const proxy = createServer((c) => {
    const s = tcpConnect(target, "127.0.0.1");
    open.add(c);
    open.add(s);
    c.on("data", (d) => { up.push(Buffer.from(d)); s.write(d); });
    s.on("data", (d) => { down.push(Buffer.from(d)); c.write(d); });
    const end = () => { c.destroy(); s.destroy(); open.delete(c); open.delete(s); };
    for (const x of [c, s]) { x.on("close", end); x.on("error", end); }
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  const port = (proxy.address() as { port: number }).port;
  return {
    url: `127.0.0.1:${port}`,
    sent: () => Buffer.concat(up),
    received: () => Buffer.concat(down),
    dropAll: () => { for (const x of open) x.destroy(); },
    close: () => new Promise((r) => { for (const x of open) x.destroy(); proxy.close(() => r()); }),
  };
}
