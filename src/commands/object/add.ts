import { Command } from "commander";
import { jetstreamManager, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { addObjBucketOptions, newObjBucketConfig, objStatusJson, objStatusScreen, type ObjBucketFlags } from "./shared.js";
import { managerOptions } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type ObjectAddOptions = ObjBucketFlags & { json?: boolean };

/** `nats object add BUCKET`. */
export function objectAddCommand(deps: Deps): Command {
  const cmd = new Command("add").description("Adds a new Object Store Bucket").argument("<bucket>", "The bucket to act on");
  addObjBucketOptions(cmd);
  return cmd
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats object add FILES", "nats object add FILES --replicas 3 --max-bucket-size 10GB --description 'Uploaded files'"))
    .action(async (bucket: string, opts: ObjectAddOptions, c: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, c, (nc, ctx) => objectAdd(deps, nc, ctx, bucket, opts));
    });
}

/** Creates the bucket's stream (idempotent for an identical config; a different one is a conflict, exit 8). */
export async function objectAdd(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: ObjectAddOptions): Promise<StreamInfo> {
  const cfg = newObjBucketConfig(nc, bucket, opts);
  const jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  let si: StreamInfo;
  try {
    si = await withSpinner(deps.io, `Creating bucket ${bucket}`, jsm.streams.add(cfg), { enabled: !opts.json });
  } catch (e) {
    if ((e as { code?: unknown }).code === 10058) throw new CliError(`Object Store bucket "${bucket}" already exists with a different configuration`, { exitCode: ExitCode.CONFLICT });
    throw e;
  }
  if (opts.json) printJson(deps.io, objStatusJson(si));
  else objStatusScreen(si).print(deps.io);
  return si;
}
