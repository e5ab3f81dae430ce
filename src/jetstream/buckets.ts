import { CliError, notFound, usageError } from "../errors.js";

/** Names a character for an error message: `"."`, `a space`, `"\u0000"`. */
export function describeChar(c: string): string {
  if (c === " ") return "a space";
  if (c === "\t") return "a tab";
  return JSON.stringify(c);
}

/** Validates a KV or object store bucket name (letters, digits, `-`, `_`), naming the first bad character. */
export function checkBucketName(name: string, what = "bucket"): void {
  if (!name) throw usageError(`${what} name cannot be empty`);
  const bad = [...name].find((c) => !/^[-\w]$/.test(c));
  if (bad !== undefined) {
    throw usageError(`invalid ${what} name "${name}": ${describeChar(bad)} is not allowed`, `${what} names may contain only letters, digits, - and _`);
  }
}

/** Validates a key (letters, digits, `-/_=.`; no leading, trailing or double dots); wildcards only when `pattern`. */
export function checkKey(key: string, pattern = false): void {
  if (!key) throw usageError("key cannot be empty");
  const allowed = pattern ? /^[-/=.\w*>]$/ : /^[-/=.\w]$/;
  const bad = [...key].find((c) => !allowed.test(c));
  const hint = pattern ? "keys may contain letters, digits and - / _ = . (and * or > as whole tokens in a filter)" : "keys may contain only letters, digits and - / _ = .";
  if (bad !== undefined) throw usageError(`invalid key "${key}": ${describeChar(bad)} is not allowed${!pattern && (bad === "*" || bad === ">") ? " (wildcards only work in filters)" : ""}`, hint);
  if (key.startsWith(".") || key.endsWith(".")) throw usageError(`invalid key "${key}": it may not start or end with "."`, hint);
  if (key.includes("..")) throw usageError(`invalid key "${key}": ".." (an empty token) is not allowed`, hint);
  if (pattern) {
    const toks = key.split(".");
    toks.forEach((t, i) => {
      if ((t.includes("*") || t.includes(">")) && t.length > 1) throw usageError(`invalid key filter "${key}": wildcards must be whole tokens ("${t}")`, hint);
      if (t === ">" && i !== toks.length - 1) throw usageError(`invalid key filter "${key}": ">" must be the last token`, hint);
    });
  }
}

/** The "bucket not found" error every kv/object verb gives (exit 7). */
export function bucketNotFound(bucket: string, kind: "Key-Value" | "Object Store"): CliError {
  return notFound(`${kind} bucket`, bucket, { list: `nats ${kind === "Key-Value" ? "kv" : "object"} ls` });
}
