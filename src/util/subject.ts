import { usageError } from "../errors.js";

/** Checks a subject to publish to: non-empty dot-separated tokens, no whitespace, no wildcards (they would never be delivered). */
export function checkPublishSubject(subject: string): void {
  if (!subject) throw usageError("invalid subject: the subject is empty");
  if (/\s/.test(subject)) throw usageError(`invalid subject "${subject}": subjects may not contain whitespace`, "subjects are dot-separated tokens without spaces");
  const tokens = subject.split(".");
  if (tokens.some((t) => t === "")) throw usageError(`invalid subject "${subject}": empty token`, "subjects are dot-separated tokens such as orders.new");
  if (tokens.some((t) => t === "*" || t === ">")) throw usageError(`invalid subject "${subject}": cannot publish to a wildcard subject`, "publish to a concrete subject; wildcards are for subscribers");
}

/** Checks a subject to subscribe to: tokens non-empty, `>` only last, no whitespace. */
export function checkSubscribeSubject(subject: string): void {
  if (!subject) throw usageError("invalid subject: the subject is empty");
  if (/\s/.test(subject)) throw usageError(`invalid subject "${subject}": subjects may not contain whitespace`, "give several subjects as separate arguments");
  const tokens = subject.split(".");
  if (tokens.some((t) => t === "")) throw usageError(`invalid subject "${subject}": empty token`);
  if (tokens.slice(0, -1).includes(">")) throw usageError(`invalid subject "${subject}": ">" must be the last token`);
}

/** Whether `subject` matches the (possibly wildcard) `pattern`: `*` one token, `>` one or more at the end. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== "*" && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
