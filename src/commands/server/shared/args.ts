import { optionalInt } from "../../../util/flags.js";

/** Parses an optional EXPECT argument (a whole number of servers; 0 expects none in particular). */
export function parseExpect(v: string | undefined): number | undefined {
  return optionalInt(v, "EXPECT");
}

/** The server's ConnState numbers (the JSON field is an integer, not the name). */
export { CONN_STATES } from "../../../sys/connz.js";
