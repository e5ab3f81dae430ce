import type { MsgHdrs } from "@nats-io/transport-node";
import { canonicalMIMEHeaderKey, headers } from "../nats-client.js";
import { usageError } from "../errors.js";
import { templateOrLiteral, type Template, type TemplateVars } from "./template.js";

/** One `-H KEY:VALUE` flag, its value compiled as a template (natscli always templates header values). */
export interface HeaderSpec {
  key: string;
  value: Template;
}

/** Parses repeatable `-H K:V` flags: split on the first colon, trimmed; bad input is a one-line usage error. */
export function parseHeaderFlags(flags: readonly string[] | undefined, warn: (m: string) => void = () => undefined): HeaderSpec[] {
  const out: HeaderSpec[] = [];
  for (const raw of flags ?? []) {
    const at = raw.indexOf(":");
    if (at < 0) throw usageError(`invalid header "${raw}"`, "headers are given as -H KEY:VALUE");
    const key = raw.slice(0, at).trim();
    const value = raw.slice(at + 1).trim();
    if (!key) throw usageError(`invalid header "${raw}": the key is empty`, "headers are given as -H KEY:VALUE");
    try {
      canonicalMIMEHeaderKey(key);
    } catch {
      throw usageError(`invalid header "${raw}": "${key}" is not a valid header name`, "header names may not contain spaces, colons or control characters");
    }
    // templated even with --no-templates, as natscli does
    out.push({ key, value: templateOrLiteral(value, true, "header", warn) });
  }
  return out;
}

/** true when the headers are the same for every message (build them once). */
export function headersConstant(specs: readonly HeaderSpec[]): boolean {
  return specs.every((s) => s.value.constant);
}

/** Builds the headers for one message; undefined when there are none. */
export function buildHeaders(specs: readonly HeaderSpec[], vars: TemplateVars): MsgHdrs | undefined {
  if (specs.length === 0) return undefined;
  const h = headers();
  for (const s of specs) h.append(s.key, s.value.render(vars));
  return h;
}

/** Appends every value of `from` to `into` (a new headers object by default) and returns `into`. */
export function copyHeaders(from: MsgHdrs, into: MsgHdrs = headers()): MsgHdrs {
  for (const [k, vals] of from as unknown as Iterable<[string, string[]]>) for (const v of vals) into.append(k, v);
  return into;
}
