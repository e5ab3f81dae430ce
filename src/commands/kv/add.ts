import { Command } from "commander";
import { jetstreamManager, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { isStreamNotFound, managerOptions } from "../../jetstream/manager.js";
import { newBucketConfig, type BucketFlags } from "../../jetstream/kv-config.js";
import { addBucketOptions } from "./shared/flags.js";
import { kvStatusJson, kvStatusScreen } from "./shared/status.js";
import { bucketNotFound, checkBucketName } from "../../jetstream/buckets.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type KvAddOptions = BucketFlags & { json?: boolean };

/** `nats kv add BUCKET` (alias new). */
export function kvAddCommand(deps: Deps): Command {
  const cmd = new Command("add")
    .alias("new")
    .description("Adds a new KV Store Bucket")
    .argument("<bucket>", "The bucket to act on");
  addBucketOptions(cmd, "add");
  return cmd
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats kv add CONFIG", "nats kv add CONFIG --history 5 --replicas 3 --ttl 1d", "nats kv add CONFIG_EU --mirror CONFIG"))
    .action(async (bucket: string, opts: KvAddOptions, c: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, c, (nc, ctx) => kvAdd(deps, nc, ctx, bucket, opts));
    });
}

/**
 * Creates the bucket's stream with the config nats.go uses. Adding an identical bucket again is a
 * no-op (the server is idempotent); a different config is a conflict (exit 8).
 */
export async function kvAdd(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvAddOptions): Promise<StreamInfo> {
  const cfg = newBucketConfig(nc, bucket, opts);
  const jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  if (cfg.mirror && !cfg.mirror.external) {
    // the server happily creates a mirror of a bucket that does not exist; say so instead
    const origin = cfg.mirror.name.replace(/^KV_/, "");
    await jsm.streams.info(cfg.mirror.name).catch((e) => { throw isStreamNotFound(e) ? bucketNotFound(origin, "Key-Value") : e; });
  }
  let si: StreamInfo;
  try {
    si = await withSpinner(deps.io, `Creating bucket ${bucket}`, jsm.streams.add(cfg), { enabled: !opts.json });
  } catch (e) {
    if ((e as { code?: unknown }).code === 10058) {
      throw new CliError(`Key-Value bucket "${bucket}" already exists with a different configuration`, { exitCode: ExitCode.CONFLICT, hint: `change it with \`nats kv edit ${bucket}\`` });
    }
    throw e;
  }
  if (opts.json) printJson(deps.io, kvStatusJson(si));
  else kvStatusScreen(si).print(deps.io);
  return si;
}
