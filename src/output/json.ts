import type { Io } from "./io.js";

/** One pretty JSON document on stdout (one-shot commands' --json), as natscli's MarshalIndent. */
export function printJson(io: Io, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One compact JSON object per line (streaming commands' --json, NDJSON for jq). */
export function printJsonLine(io: Io, value: unknown): boolean {
  return io.out.write(`${JSON.stringify(value)}\n`);
}
