import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { parseDuration } from "../../util/duration.js";
import { requireServer } from "../../jetstream/version.js";
import { casConflict, valueFrom, reportStored } from "./shared/values.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvCreateOptions { json?: boolean; ttl?: string }

/** `nats kv create BUCKET KEY [VALUE]`: put only when the key has no live value (exit 8 otherwise). */
export function kvCreateCommand(deps: Deps): Command {
  return new Command("create")
    .description("Puts a value into a key only if the key is new or its last operation was a delete")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .argument("[value]", "The value to store; when absent reads STDIN if it is not a terminal")
    .option("--ttl <duration>", "Sets a per-key TTL (nats-server 2.11+, bucket made with --marker-ttl)")
    .option("-j, --json", "Produce JSON output (bucket, key, revision, length)")
    .addHelpText("after", examplesText("nats kv create CONFIG username bob   # fails when username has a value", "nats kv create LOCKS job.42 worker-1 --ttl 30s"))
    .action(async (bucket: string, key: string, value: string | undefined, opts: KvCreateOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      if (opts.ttl !== undefined) parseDuration(opts.ttl, "--ttl");
      const data = await valueFrom(deps.io, value);
      await withConnection(deps, cmd, (nc, ctx) => kvCreate(deps, nc, ctx, bucket, key, data, opts));
    });
}

/** Creates the key; a key with a live value is a conflict naming its revision. */
export async function kvCreate(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, data: Uint8Array, opts: KvCreateOptions): Promise<number> {
  if (opts.ttl !== undefined) requireServer(nc, "2.11.0", "--ttl (per-key TTL)");
  const { kv } = await openKv(nc, ctx, bucket);
  let rev: number;
  try {
    rev = await kv.create(key, data, opts.ttl);
  } catch (e) {
    return casConflict(kv, bucket, key, 0, e);
  }
  reportStored(deps, opts.json, bucket, key, data, rev);
  return rev;
}
