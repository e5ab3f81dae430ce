import type { KvEntry } from "@nats-io/kv";
import type { Deps } from "../../../deps.js";
import { printTable } from "../../../output/table.js";
import { valueText } from "./values.js";
import { localTime } from "../../../output/format.js";

/** natscli's operation names. */
export function opName(op: KvEntry["operation"]): string {
  return op === "DEL" ? "DELETE" : op;
}

/** Reads every kept revision of a key, oldest first. */
export async function readHistory(kv: { history(o: { key: string }): Promise<AsyncIterable<KvEntry>> }, key: string): Promise<KvEntry[]> {
  const out: KvEntry[] = [];
  for await (const e of await kv.history({ key })) out.push(e);
  return out;
}

/** Prints natscli's history table (values shortened to first15...last15 beyond 40 characters). */
export function printHistory(deps: Deps, bucket: string, key: string, entries: KvEntry[]): void {
  const rows = entries.map((e) => {
    let v = e.operation === "PUT" ? valueText(e.value) : "";
    if (v.length > 40) v = `${v.slice(0, 15)}...${v.slice(-15)}`;
    return [e.key, e.revision, opName(e.operation), localTime(e.created), e.length, v.replace(/\n/g, "\\n")];
  });
  printTable(deps.io, ["Key", "Revision", "Op", "Created", "Length", "Value"], rows, { title: `History for ${bucket} > ${key}` }, deps.env);
}
