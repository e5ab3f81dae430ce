/**
 * Replaces the user-info of every scheme://user:pass@host or scheme://token@host in a text with xxxxx.
 * (Letter ranges spelled out instead of the `i` flag, here and in parseServers: a case-insensitive class makes
 * V8 compute its Unicode case closure, ~0.8M instructions of every command's start-up.)
 */
export function redactUserInfo(text: string): string {
  return text.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@\s,]+@/g, "$1xxxxx@");
}

/** Replaces user-info in every URL of a comma list with xxxxx, as natscli's redacted form does (scheme or not). */
export function redactUrls(list: string): string {
  return redactUserInfo(list).replace(/(^|,)\s*([^:/,\s]+(?::[^@/,\s]*)?)@/g, "$1xxxxx@");
}

/** Masks a secret for display: asterisks of the same length (natscli does this for passwords). */
export function mask(secret: string): string {
  return secret ? "*".repeat(Math.min(secret.length, 32)) : "";
}

// What a credential looks like wherever it turns up: a data: URI (embedded creds, nkey, JWT or seed), an nkey seed
// (S + a key-type letter + base32), a JWT (three base64url parts, the first two JSON objects: eyJ…), a decorated
// .creds block.
const DATA_URI = /\bdata:[^,\s]*,[^\s)"'`]*/g;
const NKEY_SEED = /\bS[A-Z][A-Z2-7]{50,}/g;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * Removes from a text what is a credential by its form wherever it came from: URL user-info, data: URIs,
 * nkey seeds and JWTs. The last line of defence behind credentialRef() and scrub().
 */
export function redactCredentials(text: string): string {
  return redactUserInfo(text).replace(DATA_URI, "embedded data").replace(NKEY_SEED, "*****").replace(JWT, "*****");
}

/** How a credential value may be named: `file` for creds/nkey/TLS settings (a path is shown), `secret` for password, token, JWT and seed. */
export type CredentialRole = "file" | "secret";

/**
 * The one way any output names a credential setting (errors, --trace, NATS_DEBUG, `context info`, `context validate`):
 * `data:` → "embedded data"; `env://NAME` keeps the name; `op://…`, `nsc://…` and a path (`file://` or bare, for
 * `file` settings) are shown as given; an inline password, token, JWT or seed is masked — also when it was given
 * where a path belongs (`--nkey SU…`, a .creds document pasted into --creds).
 */
export function credentialRef(value: string, role: CredentialRole): string {
  if (!value) return "";
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(value)?.[1]?.toLowerCase();
  if (scheme === "data") return "embedded data";
  if (scheme === "env" || scheme === "op" || scheme === "nsc" || scheme === "file") return redactCredentials(value);
  if (role === "secret" || /[\r\n]/.test(value) || redactCredentials(value) !== value) return mask(value);
  return value;
}
