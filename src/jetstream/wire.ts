/** Nanoseconds in a millisecond: JetStream configs carry durations as integer nanoseconds. */
export const NS_PER_MS = 1_000_000;

/** Milliseconds → the integer nanoseconds the JetStream API expects. */
export function toNanos(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}

/** Nanoseconds from the API → milliseconds. */
export function fromNanos(ns: number | undefined): number {
  return (ns ?? 0) / NS_PER_MS;
}

/**
 * `next` with every key of `old` that it lacks set to undefined. The client's streams.update and consumers.update
 * merge what they are given onto the current config, so a setting an edit removed (--no-republish, --backoff
 * none, a key left out of --config) stays unless it is named; an undefined value names it, and JSON leaves it out.
 */
export function withRemovedKeys<T extends object>(old: T, next: T): T {
  const removed = Object.fromEntries(Object.keys(old).filter((k) => !(k in next)).map((k) => [k, undefined]));
  return { ...removed, ...next } as T;
}

/** `last_active` of a consumer's delivered/ack_floor: an RFC3339 string on the wire (typed as a number by the client). */
export function lastActiveMs(seq: unknown): number | undefined {
  const v = (seq as { last_active?: unknown } | undefined)?.last_active;
  if (typeof v === "string" && !v.startsWith("0001")) return Date.parse(v);
  return undefined;
}
