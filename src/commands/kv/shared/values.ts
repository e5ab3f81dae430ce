import { parseIntFlag } from "../../../util/flags.js";
import type { Deps } from "../../../deps.js";
import { log, type Io } from "../../../output/io.js";
import { printJson } from "../../../output/json.js";
import { usageError, CliError, ExitCode } from "../../../errors.js";
import type { KV, KvEntry } from "@nats-io/kv";
import { readAll } from "../../../util/stdin.js";
import type { FormatRecord } from "../../../util/message-format.js";

/** Reports a stored value: the bytes actually stored on stdout (not the argument, natscli.md §16) and the revision. */
export function reportStored(deps: Deps, json: boolean | undefined, bucket: string, key: string, value: Uint8Array, revision: number): void {
  if (json) {
    printJson(deps.io, { bucket, key, revision, length: value.length });
    return;
  }
  deps.io.out.write(`${valueText(value)}\n`);
  log(deps.io, deps.now(), `Stored ${value.length} bytes in ${bucket} > ${key} at revision ${revision}`);
}

/** Parses a revision argument (a whole number of 1 or more). */
export function parseRevision(v: string, what = "revision"): number {
  return parseIntFlag(v, what, { min: 1 });
}

/**
 * The value for put/create/update: the argument when one was given (even ""), else stdin when it is
 * not a terminal. Never reads stdin when a value was given (natscli #482 hung on "").
 */
export async function valueFrom(io: Io, arg: string | undefined): Promise<Uint8Array> {
  if (arg !== undefined) return Buffer.from(arg, "utf8");
  if (io.inIsTTY) throw usageError("no VALUE given", "pass the value as an argument, or pipe it on stdin");
  return readAll(io.in);
}

/** true when bytes are valid UTF-8 without control characters other than tab, CR and LF. */
export function isPrintable(b: Uint8Array): boolean {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
}

/** A value as text: itself when printable, else base64 (natscli prints binary values as base64). */
export function valueText(b: Uint8Array): string {
  return isPrintable(b) ? Buffer.from(b).toString("utf8") : Buffer.from(b).toString("base64");
}

/** Our JSON shape for a KV entry: value as UTF-8 text when it is text, always as base64 too (none for DEL/PURGE). */
export function entryJson(e: KvEntry): Record<string, unknown> {
  const base = { bucket: e.bucket, key: e.key, revision: e.revision, operation: e.operation, created: e.created.toISOString(), length: e.length };
  // delete and purge markers carry no value
  if (e.operation !== "PUT") return base;
  return {
    ...base,
    ...(isPrintable(e.value) ? { value: Buffer.from(e.value).toString("utf8") } : {}),
    value_base64: Buffer.from(e.value).toString("base64"),
  };
}

/** The fields --format has for a KV entry besides the message ones ({{.Data}}, {{.Size}}, {{.Time}}, {{.Seq}}). */
export const KV_FIELDS = ["Key", "Bucket", "Revision", "Operation"];

/** What --format shows of an entry: the value as Data, created as Time, the revision as Seq too. */
export function kvFormatRecord(e: KvEntry): FormatRecord {
  return { subject: e.key, data: e.value, time: e.created, seq: e.revision, extra: { Key: e.key, Bucket: e.bucket, Revision: e.revision, Operation: e.operation } };
}

/** Explains a failed compare-and-set on a key with the latest revision, exit 8. */
export async function casConflict(kv: KV, bucket: string, key: string, expected: number | undefined, err: unknown): Promise<never> {
  const code = (err as { code?: unknown })?.code;
  if (code !== 10071 && code !== 10164) throw err;
  let latest: KvEntry | null = null;
  try { latest = await kv.get(key); } catch { /* best effort */ }
  const live = latest && latest.operation === "PUT";
  if (expected === undefined || expected === 0) {
    throw new CliError(`key "${key}" already exists in bucket "${bucket}"${live ? ` at revision ${latest!.revision}` : ""}`, { exitCode: ExitCode.CONFLICT, hint: "use `nats kv put` to overwrite, or `nats kv update` with its revision" });
  }
  throw new CliError(`revision ${expected} is not the latest revision of "${bucket} > ${key}"${latest ? ` (latest is ${latest.revision}${live ? "" : `, a ${latest.operation}`})` : " (the key does not exist)"}`, { exitCode: ExitCode.CONFLICT, hint: "someone else changed the key: read it again and retry with the current revision" });
}
