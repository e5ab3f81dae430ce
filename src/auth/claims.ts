import { Algorithms, decode, encode } from "@nats-io/jwt";
import type { KeyPair } from "@nats-io/nkeys";
import { CliError } from "../errors.js";

// The claims as nats-io/jwt v2 (Go) writes them: natscli, nsc and nats-server read these documents, so field
// names follow the Go structs (e.g. `times_location`, not @nats-io/jwt's `locale`).

/** The envelope every NATS JWT shares. */
export interface Claims<N> {
  jti?: string;
  iat?: number;
  iss: string;
  name: string;
  sub: string;
  exp?: number;
  nbf?: number;
  aud?: string;
  nats: N;
}

export interface Permission { allow?: string[]; deny?: string[] }

/** A user's permissions and limits (jwt.UserPermissionLimits); also a scoped signing key's template. */
export interface UserLimits {
  pub?: Permission;
  sub?: Permission;
  resp?: { max: number; ttl: number };
  subs?: number;
  data?: number;
  payload?: number;
  src?: string[];
  times?: { start?: string; end?: string }[];
  times_location?: string;
  bearer_token?: boolean;
  allowed_connection_types?: string[];
}

export interface OperatorNats {
  signing_keys?: string[];
  account_server_url?: string;
  operator_service_urls?: string[];
  system_account?: string;
  tags?: string[];
  type?: string;
  version?: number;
  [k: string]: unknown;
}

export interface JetStreamLimits {
  mem_storage?: number;
  disk_storage?: number;
  streams?: number;
  consumer?: number;
  max_ack_pending?: number;
  mem_max_stream_bytes?: number;
  disk_max_stream_bytes?: number;
  max_bytes_required?: boolean;
}

export interface AccountLimits extends JetStreamLimits {
  subs?: number;
  data?: number;
  payload?: number;
  imports?: number;
  exports?: number;
  wildcards?: boolean;
  disallow_bearer?: boolean;
  conn?: number;
  leaf?: number;
  tiered_limits?: Record<string, JetStreamLimits>;
}

export interface UserScope { kind: "user_scope"; key: string; role: string; template: UserLimits; description?: string }

export interface ExportClaim {
  name?: string;
  subject: string;
  type: "stream" | "service";
  token_req?: boolean;
  revocations?: Record<string, number>;
  response_type?: string;
  response_threshold?: number;
  account_token_position?: number;
  advertise?: boolean;
  allow_trace?: boolean;
  description?: string;
  info_url?: string;
  [k: string]: unknown;
}

export interface ImportClaim {
  name?: string;
  subject: string;
  account: string;
  token?: string;
  local_subject?: string;
  /** Older JWTs name the local subject `to`. */
  to?: string;
  type: "stream" | "service";
  share?: boolean;
  allow_trace?: boolean;
  [k: string]: unknown;
}

export interface WeightedMapping { subject: string; weight?: number; cluster?: string }

export interface AccountNats {
  limits?: AccountLimits;
  signing_keys?: (string | UserScope)[];
  imports?: ImportClaim[];
  exports?: ExportClaim[];
  revocations?: Record<string, number>;
  mappings?: Record<string, WeightedMapping[]>;
  default_permissions?: { pub?: Permission; sub?: Permission };
  authorization?: Record<string, unknown>;
  cluster_traffic?: string;
  description?: string;
  info_url?: string;
  tags?: string[];
  type?: string;
  version?: number;
  [k: string]: unknown;
}

export interface UserNats extends UserLimits {
  issuer_account?: string;
  tags?: string[];
  type?: string;
  version?: number;
  [k: string]: unknown;
}

export type OperatorClaims = Claims<OperatorNats>;
export type AccountClaims = Claims<AccountNats>;
export type UserClaims = Claims<UserNats>;

/** Drops what Go's `omitempty` leaves out (undefined, empty lists), so a scoped user's limits stay "empty" to the server. */
export function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => prune(x)) as T;
  if (!v || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined || (Array.isArray(x) && x.length === 0)) continue;
    out[k] = prune(x);
  }
  return out as T;
}

/** Signs claims as a v2 NATS JWT (ed25519-nkey) with @nats-io/jwt; issuer, issue time and jti are set afresh. */
export async function signClaims<N>(claims: Claims<N>, kind: "operator" | "account" | "user", signer: KeyPair): Promise<string> {
  const c = prune(structuredClone(claims)) as Claims<N> & { nats: Record<string, unknown> };
  delete c.jti;
  delete c.iat;
  c.nats = { ...c.nats, type: kind, version: 2 };
  return encode(Algorithms.v2, c as never, signer as never);
}

/** Decodes and verifies a JWT (signature checked by @nats-io/jwt); `what` names it in the error. */
export function decodeJwt<N>(token: string, what: string, kind?: "operator" | "account" | "user"): Claims<N> {
  let c: Claims<N>;
  try {
    c = decode(token.trim()) as unknown as Claims<N>;
  } catch (e) {
    throw new CliError(`${what} is not a valid NATS JWT: ${(e as Error).message}`);
  }
  const type = (c.nats as { type?: string } | undefined)?.type;
  if (kind && type !== kind) throw new CliError(`${what} is a${type === "account" || type === "operator" ? "n" : ""} ${type ?? "unknown"} JWT, not a${kind === "user" ? "" : "n"} ${kind} JWT`);
  return c;
}
