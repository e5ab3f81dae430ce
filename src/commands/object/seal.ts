import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { openObj } from "./shared.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectSealOptions { force?: boolean }

/** `nats object seal BUCKET`: makes the bucket read-only, irreversibly. */
export function objectSealCommand(deps: Deps): Command {
  return new Command("seal")
    .description("Seals a bucket preventing further updates")
    .argument("<bucket>", "The bucket to act on")
    .option("-f, --force", "Force sealing without prompting")
    .addHelpText("after", examplesText("nats object seal FILES", "nats object seal FILES -f"))
    .action(async (bucket: string, opts: ObjectSealOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectSeal(deps, nc, ctx, bucket, opts));
    });
}

/** Seals the bucket after confirmation. */
export async function objectSeal(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: ObjectSealOptions): Promise<boolean> {
  const { os } = await openObj(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Really seal Bucket ${bucket}, sealed buckets can not be unsealed or modified`, `seal bucket ${bucket}`))) {
    log(deps.io, deps.now(), "Skipping seal");
    return false;
  }
  await withSpinner(deps.io, `Sealing bucket ${bucket}`, os.seal());
  log(deps.io, deps.now(), `${bucket} has been sealed`);
  return true;
}
