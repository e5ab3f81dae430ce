import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { findObject, objInfoJson, objInfoScreen, objStatusJson, objStatusScreen, openObj } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectInfoOptions { json?: boolean }

/** `nats object info BUCKET [NAME]` (aliases show, i). */
export function objectInfoCommand(deps: Deps): Command {
  return new Command("info")
    .aliases(["show", "i"])
    .description("Get information about a bucket or object")
    .argument("<bucket>", "The bucket to act on")
    .argument("[name]", "The object to show")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats object info FILES", "nats object info FILES image.jpg --json"))
    .action(async (bucket: string, name: string | undefined, opts: ObjectInfoOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectInfo(deps, nc, ctx, bucket, name, opts));
    });
}

/** Shows a bucket's status, or one object's info (deleted objects are "not found", exit 7). */
export async function objectInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, name: string | undefined, opts: ObjectInfoOptions): Promise<void> {
  const { os, si } = await openObj(nc, ctx, bucket);
  if (name === undefined) {
    if (opts.json) printJson(deps.io, objStatusJson(si));
    else objStatusScreen(si).print(deps.io);
    return;
  }
  const info = await findObject(os, bucket, name);
  if (opts.json) printJson(deps.io, objInfoJson(info));
  else objInfoScreen(info).print(deps.io);
}
