import type { JsOptions } from "../context/plan.js";
import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../context/connect.js";

/**
 * Options for jetstreamManager (and jetstream()): a fresh copy of the connection's domain/prefix/timeout (the client
 * changes what it is given), without the client's `checkAPI` probe ($JS.API.INFO): the command's own first
 * request answers "is JetStream enabled?" the same way (no responders or error 10039), one round trip sooner.
 */
export function managerOptions(js: JsOptions): JsOptions & { checkAPI: false } {
  return { ...cleanJs(js), checkAPI: false };
}

/** JetStream options without undefined keys: the client rejects `apiPrefix: undefined` ("'prefix' cannot be empty"). */
export function cleanJs<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
}

/** true for the library's "stream not found" error (by name and code: duplicate package copies break instanceof). */
export function isStreamNotFound(e: unknown): boolean {
  const x = e as { name?: string; code?: unknown; message?: string };
  return x?.name === "StreamNotFoundError" || x?.code === 10059 || x?.message === "stream not found";
}

/**
 * The JetStream manager with the connection's domain/prefix/timeout. Without the client's
 * `checkAPI` probe ($JS.API.INFO): the command's own first request answers the same
 * "is JetStream enabled?" question (no responders or error 10039) without an extra round trip.
 */
export function manager(nc: NatsConnection, ctx: ConnCtx): Promise<JetStreamManager> {
  return jetstreamManager(nc, managerOptions(ctx.js));
}
