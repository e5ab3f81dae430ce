import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { humanBytes } from "../../output/format.js";
import { log } from "../../output/io.js";
import { confirmDestructive } from "../../output/prompt.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { findObject, openObj } from "./shared.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectRmOptions { force?: boolean }

/** `nats object rm BUCKET [NAME]` (alias del): deletes an object, or without NAME the bucket. */
export function objectRmCommand(deps: Deps): Command {
  return new Command("rm")
    .alias("del")
    .description("Removes a file or bucket from the store")
    .argument("<bucket>", "The bucket to act on")
    .argument("[name]", "The object to delete; without it the bucket is deleted")
    .option("-f, --force", "Act without confirmation")
    .addHelpText("after", examplesText("nats object rm FILES image.jpg", "nats object rm FILES -f   # the whole bucket, without asking"))
    .action(async (bucket: string, name: string | undefined, opts: ObjectRmOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectRm(deps, nc, ctx, bucket, name, opts));
    });
}

/** Deletes an object (its chunks are purged) or the whole bucket; confirms unless forced. */
export async function objectRm(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, name: string | undefined, opts: ObjectRmOptions): Promise<boolean> {
  const { os, si, jsm } = await openObj(nc, ctx, bucket);
  if (name === undefined) {
    if (!(await confirmDestructive(deps.io, opts.force, `Delete bucket ${bucket} and all its objects?`, `delete bucket ${bucket}`))) {
      log(deps.io, deps.now(), "Skipping delete");
      return false;
    }
    await withSpinner(deps.io, `Deleting bucket ${bucket}`, jsm.streams.delete(si.config.name));
    log(deps.io, deps.now(), `Removed bucket ${bucket}`);
    return true;
  }
  const info = await findObject(os, bucket, name);
  if (!(await confirmDestructive(deps.io, opts.force, `Delete ${humanBytes(info.size)} file ${bucket} > ${info.name}?`, `delete ${bucket} > ${info.name}`))) {
    log(deps.io, deps.now(), "Skipping delete");
    return false;
  }
  await os.delete(info.name);
  log(deps.io, deps.now(), `Removed ${bucket} > ${info.name}`);
  return true;
}
