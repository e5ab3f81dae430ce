import { usageError } from "../errors.js";

/** What Node puts in argv (and the environment) where the bytes were not UTF-8: the original bytes are gone. */
const REPLACED = "\uFFFD";

/** Arguments that carry a message or value rather than a name: said so in the hint. */
const PAYLOAD_ARGS = new Set(["body", "value", "payload"]);

/**
 * Refuses an argument or flag value that held bytes that are not UTF-8 (issue 13). Node has replaced them with
 * U+FFFD before main() runs, so used as given a subject, stream, consumer, bucket, key or object name would be
 * another one than the user typed (a message to a subject no subscriber listens on, a stream with another name),
 * and a body would not be the bytes given. `label` names the argument (`subject`) or the flag (`--filter`).
 * Called for every command from one place: the program's preAction hook and the fast path (src/fast-args.ts).
 */
export function refuseUndecodedText(values: Iterable<readonly [label: string, value: unknown]>): void {
  for (const [label, value] of values) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== "string" || !v.includes(REPLACED)) continue;
      const what = label.startsWith("-") ? label : `the ${label} argument`;
      throw usageError(`${what} "${v}" is not valid UTF-8`,
        PAYLOAD_ARGS.has(label) ? "pass binary data on stdin, which is sent byte for byte" : "subjects and names are text: check the encoding of the script or terminal");
    }
  }
}
