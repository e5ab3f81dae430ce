import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { casConflict, valueFrom, parseRevision, reportStored } from "./shared/values.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvUpdateOptions { json?: boolean; revision?: string }

/** `nats kv update BUCKET KEY [VALUE] [REVISION]`: compare-and-set on the key's last revision. */
export function kvUpdateCommand(deps: Deps): Command {
  return new Command("update")
    .description("Updates a key with a new value if the previous value matches the given revision")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .argument("[value]", "The value to store; when absent reads STDIN if it is not a terminal")
    .argument("[revision]", "The revision of the previous value (or --revision)")
    .option("--revision <n>", "The revision of the previous value in the bucket")
    .option("-j, --json", "Produce JSON output (bucket, key, revision, length)")
    .addHelpText("after", examplesText("nats kv update CONFIG username alice 12   # only if revision 12 is the latest", "nats kv update CONFIG username alice --revision 12"))
    .action(async (bucket: string, key: string, value: string | undefined, revArg: string | undefined, opts: KvUpdateOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      if (revArg !== undefined && opts.revision !== undefined) throw usageError("give the revision either as an argument or with --revision, not both");
      const revText = opts.revision ?? revArg;
      if (revText === undefined) throw usageError("a revision is required", "pass the revision you read (nats kv get shows it) as the last argument or with --revision");
      const revision = parseRevision(revText);
      const data = await valueFrom(deps.io, value);
      await withConnection(deps, cmd, (nc, ctx) => kvUpdate(deps, nc, ctx, bucket, key, data, revision, opts));
    });
}

/** Writes `data` only if `revision` is still the key's latest; a stale revision is a conflict (exit 8). */
export async function kvUpdate(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, data: Uint8Array, revision: number, opts: KvUpdateOptions): Promise<number> {
  const { kv } = await openKv(nc, ctx, bucket);
  let rev: number;
  try {
    rev = await kv.update(key, data, revision);
  } catch (e) {
    return casConflict(kv, bucket, key, revision, e);
  }
  reportStored(deps, opts.json, bucket, key, data, rev);
  return rev;
}
