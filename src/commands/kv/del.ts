import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { kvRmBucket, kvDelKey, type KvRemoveOptions } from "./shared/remove.js";
import { examplesText } from "../shared/examples.js";

export type KvDelOptions = KvRemoveOptions;

/** `nats kv del BUCKET [KEY]`: puts a delete marker on KEY; without KEY deletes the bucket (as natscli). */
export function kvDelCommand(deps: Deps): Command {
  return new Command("del")
    .description("Deletes a key or the entire bucket")
    .argument("<bucket>", "The bucket to act on")
    .argument("[key]", "The key to act on; without it the bucket is deleted")
    .option("-f, --force", "Act without confirmation")
    .addHelpText("after", examplesText("nats kv del CONFIG username", "nats kv del CONFIG username -f"))
    .action(async (bucket: string, key: string | undefined, opts: KvDelOptions, cmd: Command) => {
      checkBucketName(bucket);
      if (key !== undefined) checkKey(key);
      await withConnection(deps, cmd, (nc, ctx) => (key === undefined ? kvRmBucket(deps, nc, ctx, bucket, opts) : kvDelKey(deps, nc, ctx, bucket, key, opts)));
    });
}
