import { Command } from "commander";
import type { KvEntry } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { notFound } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { checkBucketName, checkKey, entryJson, openKv, valueText } from "./common.js";
import { localTime } from "../../jetstream/util.js";

export interface KvHistoryOptions { json?: boolean }

/** `nats kv history BUCKET KEY`. */
export function kvHistoryCommand(deps: Deps): Command {
  return new Command("history")
    .description("Shows the full history for a key")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .option("-j, --json", "Produce JSON output")
    .action(async (bucket: string, key: string, opts: KvHistoryOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => kvHistory(deps, nc, ctx, bucket, key, opts));
    });
}

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

/** Shows every kept revision of a key as a table or a JSON array; an unknown key is "not found" (exit 7). */
export async function kvHistory(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvHistoryOptions): Promise<KvEntry[]> {
  const { kv } = await openKv(nc, ctx, bucket);
  const entries = await readHistory(kv, key);
  if (entries.length === 0) throw notFound("key", key, { in: `bucket "${bucket}"`, list: `nats kv ls ${bucket}` });
  if (opts.json) printJson(deps.io, entries.map(entryJson));
  else printHistory(deps, bucket, key, entries);
  return entries;
}
