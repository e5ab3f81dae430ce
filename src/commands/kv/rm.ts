import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { kvDelKey, kvRmBucket, type KvRemoveOptions } from "./shared/remove.js";
import { examplesText } from "../shared/examples.js";

export type KvRmOptions = KvRemoveOptions;

/** `nats kv rm BUCKET [KEY]`: deletes the bucket (with KEY: the key, as natscli's `del` alias `rm`). */
export function kvRmCommand(deps: Deps): Command {
  return new Command("rm")
    .description("Deletes a bucket and all its data (with KEY: deletes just that key)")
    .argument("<bucket>", "The bucket to act on")
    .argument("[key]", "The key to delete instead of the bucket")
    .option("-f, --force", "Act without confirmation")
    .addHelpText("after", examplesText("nats kv rm CONFIG", "nats kv rm CONFIG -f   # the bucket and all its keys, without asking"))
    .action(async (bucket: string, key: string | undefined, opts: KvRmOptions, cmd: Command) => {
      checkBucketName(bucket);
      if (key !== undefined) checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => (key === undefined ? kvRmBucket(deps, nc, ctx, bucket, opts) : kvDelKey(deps, nc, ctx, bucket, key, opts)));
    });
}
