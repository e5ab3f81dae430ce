import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { kvStatusJson, kvStatusScreen } from "./shared/status.js";
import { openKv } from "./shared/open.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { examplesText } from "../shared/examples.js";

export interface KvInfoOptions { json?: boolean }

/** `nats kv info BUCKET` (aliases status, view). */
export function kvInfoCommand(deps: Deps): Command {
  return new Command("info")
    .aliases(["status", "view"])
    .description("View the status of a KV store")
    .argument("<bucket>", "The bucket to act on")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats kv info CONFIG", "nats kv status CONFIG --json"))
    .action(async (bucket: string, opts: KvInfoOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => kvInfo(deps, nc, ctx, bucket, opts));
    });
}

/** Prints the bucket's status screen or JSON. */
export async function kvInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvInfoOptions): Promise<StreamInfo> {
  const { si } = await openKv(nc, ctx, bucket);
  if (opts.json) printJson(deps.io, kvStatusJson(si));
  else kvStatusScreen(si).print(deps.io);
  return si;
}
