import type { NatsConnection, Status } from "@nats-io/transport-node";

/** Watches the connection for asynchronous server errors (permission violations arrive after the publish). */
export function watchAsyncErrors(nc: NatsConnection): { first(): unknown; stop(): void } {
  let first: unknown;
  const it = nc.status() as AsyncIterable<Status> & { stop(): void };
  void (async () => {
    for await (const s of it) {
      if (s.type === "error" && first === undefined) first = s.error;
    }
  })().catch(() => undefined);
  return { first: () => first, stop: () => it.stop() };
}
