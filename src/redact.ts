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
