// The NATS client functions natsx calls, imported from @nats-io/transport-node in this one module.
// The client is CommonJS: every ES module that imports from it gets its own copy of its ~180 exports from
// the bundler's interop helper (~60 KB of allocations each, which brings a garbage collection forward
// during start-up), so the rest of src/ imports these from here; types still come from the package.
export {
  canonicalMIMEHeaderKey,
  connect,
  createInbox,
  credsAuthenticator,
  deadline,
  headers,
  jwtAuthenticator,
  nkeyAuthenticator,
  nkeys,
  nuid,
  wsconnect,
} from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/transport-node";

/** The connection's inbox prefix (--inbox-prefix / the context's), kept on the client's implementation only. */
export function inboxPrefixOf(nc: NatsConnection): string {
  return (nc as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix || "_INBOX";
}
