import { usageError } from "../errors.js";

/** Parses K:V or K=V metadata pairs. */
export function parseMetadata(pairs: string[] | undefined, flag = "--metadata"): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^([^:=]+)[:=](.*)$/.exec(p);
    if (!m) throw usageError(`invalid ${flag} "${p}": expected KEY:VALUE`);
    if (m[1]!.startsWith("_nats")) continue;
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Metadata without the server-managed `_nats.*` keys (2.11+); undefined when nothing else is left. */
export function userMetadata(md: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(md ?? {}).filter(([k]) => !k.startsWith("_nats"));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Strips server-managed metadata from a config about to be sent back: it is not the client's to set. */
export function dropServerMetadata(c: { metadata?: Record<string, string> }): void {
  const md = userMetadata(c.metadata);
  if (md) c.metadata = md;
  else delete c.metadata;
}
