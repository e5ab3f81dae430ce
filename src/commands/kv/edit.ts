import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyBucketFlags, type BucketFlags } from "../../jetstream/kv-config.js";
import { addBucketOptions } from "./shared/flags.js";
import { kvStatusJson, kvStatusScreen } from "./shared/status.js";
import { openKv } from "./shared/open.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type KvEditOptions = BucketFlags & { json?: boolean };

/** `nats kv edit BUCKET`. */
export function kvEditCommand(deps: Deps): Command {
  const cmd = new Command("edit")
    .description("Edits the configuration of a bucket: only the flags given change")
    .argument("<bucket>", "The bucket to act on");
  addBucketOptions(cmd, "edit");
  return cmd
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats kv edit CONFIG --history 10", "nats kv edit CONFIG --description 'App settings' --max-value-size 1KB"))
    .action(async (bucket: string, opts: KvEditOptions, c: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, c, (nc, ctx) => kvEdit(deps, nc, ctx, bucket, opts));
    });
}

/** Applies only the explicitly given flags to the bucket's stream config and prints the new status. */
export async function kvEdit(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvEditOptions): Promise<StreamInfo> {
  const { jsm, si } = await openKv(nc, ctx, bucket);
  const { json: _json, ...flags } = opts;
  if (Object.values(flags).every((v) => v === undefined)) throw usageError("nothing to change", "pass at least one option, e.g. --history 5 or --ttl 1h");
  const cfg = { ...si.config };
  applyBucketFlags(nc, bucket, cfg, flags);
  const updated = await withSpinner(deps.io, `Updating bucket ${bucket}`, jsm.streams.update(cfg.name, cfg), { enabled: !opts.json });
  if (opts.json) printJson(deps.io, kvStatusJson(updated));
  else kvStatusScreen(updated).print(deps.io);
  return updated;
}
