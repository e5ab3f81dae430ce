import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvPurgeOptions { force?: boolean }

/** `nats kv purge BUCKET KEY`: removes the key's history, leaving a purge marker. */
export function kvPurgeCommand(deps: Deps): Command {
  return new Command("purge")
    .description("Deletes a key from the bucket, clearing its history")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .option("-f, --force", "Act without confirmation")
    .addHelpText("after", examplesText("nats kv purge CONFIG username", "nats kv purge CONFIG username -f   # and its history"))
    .action(async (bucket: string, key: string, opts: KvPurgeOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => kvPurge(deps, nc, ctx, bucket, key, opts));
    });
}

/** Purges a key (rollup to a single PURGE marker); confirms unless forced. */
export async function kvPurge(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvPurgeOptions): Promise<boolean> {
  const { kv } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Purge key ${bucket} > ${key}?`, `purge key ${bucket} > ${key}`))) {
    log(deps.io, deps.now(), "Skipping purge");
    return false;
  }
  await kv.purge(key);
  return true;
}
