import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { checkBucketName, checkKey, openKv } from "./common.js";
import { kvRmBucket } from "./rm.js";

export interface KvDelOptions { force?: boolean }

/** `nats kv del BUCKET [KEY]`: puts a delete marker on KEY; without KEY deletes the bucket (as natscli). */
export function kvDelCommand(deps: Deps): Command {
  return new Command("del")
    .description("Deletes a key or the entire bucket")
    .argument("<bucket>", "The bucket to act on")
    .argument("[key]", "The key to act on; without it the bucket is deleted")
    .option("-f, --force", "Act without confirmation")
    .action(async (bucket: string, key: string | undefined, opts: KvDelOptions, cmd: Command) => {
      checkBucketName(bucket);
      if (key !== undefined) checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => (key === undefined ? kvRmBucket(deps, nc, ctx, bucket, opts) : kvDelKey(deps, nc, ctx, bucket, key, opts)));
    });
}

/** Places a delete marker on a key (history is kept); confirms unless forced. */
export async function kvDelKey(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvDelOptions): Promise<boolean> {
  const { kv } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Delete key ${bucket} > ${key}?`, `delete key ${bucket} > ${key}`))) {
    log(deps.io, deps.now(), "Skipping delete");
    return false;
  }
  await kv.delete(key);
  return true;
}
