import { usageError } from "../../errors.js";

/** Parses an optional EXPECT argument (a whole number of servers). */
export function parseExpect(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usageError(`invalid EXPECT "${v}": expected a whole number of servers`);
  return Number(v);
}

/** The server's ConnState numbers (the JSON field is an integer, not the name). */
export const CONN_STATES: Record<string, number> = { open: 0, closed: 1, all: 2 };
