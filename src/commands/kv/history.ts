import { Command } from "commander";
import type { KvEntry } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { notFound } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { entryJson } from "./shared/values.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { printHistory, readHistory } from "./shared/history.js";
import { examplesText } from "../shared/examples.js";

export interface KvHistoryOptions { json?: boolean }

/** `nats kv history BUCKET KEY`. */
export function kvHistoryCommand(deps: Deps): Command {
  return new Command("history")
    .description("Shows the full history for a key")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats kv history CONFIG username", "nats kv history CONFIG username --json"))
    .action(async (bucket: string, key: string, opts: KvHistoryOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => kvHistory(deps, nc, ctx, bucket, key, opts));
    });
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
