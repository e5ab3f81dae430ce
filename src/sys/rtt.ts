import type { NatsConnection } from "@nats-io/transport-node";
import { deadline } from "../nats-client.js";
import { performance } from "node:perf_hooks";

/**
 * Round trip to the connected server: the best of `samples` flushes timed with performance.now
 * (nc.rtt() has 1 ms resolution), bounded by `timeoutMs` so a server that stopped answering cannot hang us.
 */
export async function measureRtt(nc: NatsConnection, samples = 3, timeoutMs = 5000): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await deadline(nc.flush(), timeoutMs);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
