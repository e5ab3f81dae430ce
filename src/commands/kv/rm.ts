import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { checkBucketName, checkKey, openKv } from "./common.js";
import { kvDelKey } from "./del.js";

export interface KvRmOptions { force?: boolean }

/** `nats kv rm BUCKET [KEY]`: deletes the bucket (with KEY: the key, as natscli's `del` alias `rm`). */
export function kvRmCommand(deps: Deps): Command {
  return new Command("rm")
    .description("Deletes a bucket and all its data (with KEY: deletes just that key)")
    .argument("<bucket>", "The bucket to act on")
    .argument("[key]", "The key to delete instead of the bucket")
    .option("-f, --force", "Act without confirmation")
    .action(async (bucket: string, key: string | undefined, opts: KvRmOptions, cmd: Command) => {
      checkBucketName(bucket);
      if (key !== undefined) checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => (key === undefined ? kvRmBucket(deps, nc, ctx, bucket, opts) : kvDelKey(deps, nc, ctx, bucket, key, opts)));
    });
}

/** Deletes a bucket's stream; refuses without -f when it cannot ask (no terminal). */
export async function kvRmBucket(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvRmOptions): Promise<boolean> {
  const { jsm, si } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Delete bucket ${bucket} and its ${si.state.messages} values?`, `delete bucket ${bucket}`))) {
    log(deps.io, deps.now(), "Skipping delete");
    return false;
  }
  await jsm.streams.delete(si.config.name);
  return true;
}
