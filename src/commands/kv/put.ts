import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { valueFrom, reportStored } from "./shared/values.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvPutOptions { json?: boolean }

/** `nats kv put BUCKET KEY [VALUE]`. */
export function kvPutCommand(deps: Deps): Command {
  return new Command("put")
    .description("Puts a value into a key")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .argument("[value]", "The value to store; when absent reads STDIN if it is not a terminal")
    .option("-j, --json", "Produce JSON output (bucket, key, revision, length)")
    .addHelpText("after", examplesText("nats kv put CONFIG username bob", "cat settings.json | nats kv put CONFIG settings"))
    .action(async (bucket: string, key: string, value: string | undefined, opts: KvPutOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      const data = await valueFrom(deps.io, value);
      await withConnection(deps, cmd, (nc, ctx) => kvPut(deps, nc, ctx, bucket, key, data, opts));
    });
}

/** Stores `data` under `key` and returns its revision. */
export async function kvPut(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, data: Uint8Array, opts: KvPutOptions): Promise<number> {
  const { kv } = await openKv(nc, ctx, bucket);
  const rev = await kv.put(key, data);
  reportStored(deps, opts.json, bucket, key, data, rev);
  return rev;
}
