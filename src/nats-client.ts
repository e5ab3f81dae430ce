// The NATS client functions natsx calls, in this one module; types still come from the packages.
// The client is CommonJS, and its entry points only re-export: @nats-io/transport-node's index re-exports
// nats-core's ~250 exports one getter at a time, and an ES module importing it gets a third copy from the
// bundler's interop helper. Requiring the two modules that define what we use skips both layers
// (~1M instructions and ~35 KB of start-up allocation for every command, measured on `nats pub`).
// `require` is the bundle's own in dist/nats*.cjs and vitest's in tests; @nats-io/transport-node has no
// "exports" map, so lib/connect is reachable (pinned version).
import type * as Core from "@nats-io/nats-core/internal";
import type { connect as Connect, NatsConnection } from "@nats-io/transport-node";

declare const require: (id: string) => unknown;
const core = require("@nats-io/nats-core/internal") as typeof Core;

export const { connect } = require("@nats-io/transport-node/lib/connect") as { connect: typeof Connect };
export const { canonicalMIMEHeaderKey, createInbox, credsAuthenticator, deadline, headers, jwtAuthenticator, nkeyAuthenticator, nkeys, nuid, wsconnect } = core;

/** The connection's inbox prefix (--inbox-prefix / the context's), kept on the client's implementation only. */
export function inboxPrefixOf(nc: NatsConnection): string {
  return (nc as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix || "_INBOX";
}
