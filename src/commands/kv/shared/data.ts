import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { KvWatchInclude, type KV, type KvEntry } from "@nats-io/kv";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode } from "../../../errors.js";
import { entryJson } from "./values.js";

// KV as data: `kv export` writes one entry per line in the kv get --json shape (value as text when it is text,
// always value_base64 too), `kv import` and `kv diff` read it back; binary values go through value_base64.

/** One line of a KV export, decoded. */
export interface KvRecord {
  key: string;
  operation: "PUT" | "DEL" | "PURGE";
  value: Uint8Array;
  revision?: number;
}

/** The latest entry of every key (delete markers included): a LastValue watch read until nothing is pending. */
export async function readBucket(kv: KV, key = ">", history = false): Promise<KvEntry[]> {
  const st = await kv.status();
  if (st.values === 0) return [];
  const iter = await kv.watch({ key, include: history ? KvWatchInclude.AllHistory : KvWatchInclude.LastValue });
  const out: KvEntry[] = [];
  try {
    for await (const e of iter) {
      out.push(e);
      if (e.delta === 0) break;
    }
  } finally {
    iter.stop();
  }
  return out;
}

/** An entry as an export line. */
export function exportLine(e: KvEntry): string {
  return `${JSON.stringify(entryJson(e))}\n`;
}

/** Decodes an export line; `where` names it in errors. */
export function decodeKvLine(line: string, where: string): KvRecord {
  let r: Record<string, unknown>;
  const bad = (m: string) => new CliError(`${where} ${m}`, { exitCode: ExitCode.USAGE, hint: "the file must hold what `nats kv export` (or `nats kv watch --json`) writes, one entry per line" });
  try {
    r = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw bad("is not JSON");
  }
  if (typeof r.key !== "string" || !r.key) throw bad('has no "key"');
  const op = r.operation ?? "PUT";
  if (op !== "PUT" && op !== "DEL" && op !== "PURGE") throw bad(`has an unknown "operation" ${JSON.stringify(op)} (PUT, DEL or PURGE)`);
  let value: Uint8Array = new Uint8Array();
  if (op === "PUT") {
    if (typeof r.value_base64 === "string") value = Buffer.from(r.value_base64, "base64");
    else if (typeof r.value === "string") value = Buffer.from(r.value, "utf8");
    else throw bad('has neither "value" nor "value_base64"');
  }
  return { key: r.key, operation: op, value, revision: typeof r.revision === "number" ? r.revision : undefined };
}

/** The records of FILE (- for stdin), in order. */
export async function* readKvFile(deps: Deps, file: string): AsyncGenerator<KvRecord> {
  const where = file === "-" ? "stdin" : file;
  const input = file === "-" ? deps.io.in : createReadStream(file);
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    yield decodeKvLine(line, `${where} line ${n}`);
  }
}
