import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { openKv } from "./shared/open.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvCompactOptions { force?: boolean }

/** `nats kv compact BUCKET`: reclaims space taken by deleted and purged keys. */
export function kvCompactCommand(deps: Deps): Command {
  return new Command("compact")
    .description("Reclaim space used by deleted keys")
    .argument("<bucket>", "The bucket to act on")
    .option("-f, --force", "Act without confirmation")
    .addHelpText("after", examplesText("nats kv compact CONFIG", "nats kv compact CONFIG -f"))
    .action(async (bucket: string, opts: KvCompactOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => kvCompact(deps, nc, ctx, bucket, opts));
    });
}

/**
 * Removes delete/purge markers and the history behind them, as nats.go's PurgeDeletes: markers
 * younger than 30 minutes stay (so watchers can still see the delete), older ones go.
 */
export async function kvCompact(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvCompactOptions): Promise<number> {
  const { kv } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Purge all historic values and audit trails for deleted keys in bucket ${bucket}?`, `compact bucket ${bucket}`))) {
    log(deps.io, deps.now(), "Skipping compact");
    return 0;
  }
  // purgeDeletes is on the implementation class, not on the KV type (natsjs.md §5.1)
  const r = await (kv as unknown as { purgeDeletes(olderMs?: number): Promise<{ purged: number }> }).purgeDeletes();
  log(deps.io, deps.now(), `Compacted bucket ${bucket}: removed ${r.purged} messages`);
  return r.purged;
}
