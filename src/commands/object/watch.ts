import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { write } from "../../output/io.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { objInfoJson, openObj } from "./shared.js";
import { colors } from "../../output/color.js";
import { localTime } from "../../output/format.js";
import { examplesText } from "../shared/examples.js";

export interface ObjectWatchOptions { updates?: boolean; json?: boolean }

/** `nats object watch BUCKET`: prints object changes until Ctrl-C. */
export function objectWatchCommand(deps: Deps): Command {
  return new Command("watch")
    .description("Watch a bucket for changes")
    .argument("<bucket>", "The bucket to act on")
    .option("--updates", "Only show new changes, not the current objects")
    .option("-j, --json", "One JSON object per line (NDJSON)")
    .addHelpText("after", examplesText("nats object watch FILES", "nats object watch FILES --updates --json"))
    .action(async (bucket: string, opts: ObjectWatchOptions, cmd: Command) => {
      checkBucketName(bucket);
      await withConnection(deps, cmd, (nc, ctx) => objectWatch(deps, nc, ctx, bucket, opts));
    });
}

/** Streams object puts and deletes (current objects first unless --updates) until deps.signal aborts. */
export async function objectWatch(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: ObjectWatchOptions): Promise<number> {
  const { os } = await openObj(nc, ctx, bucket);
  if (deps.signal.aborted) return 0;
  const iter = await os.watch({ includeHistory: !opts.updates });
  const stop = () => iter.stop();
  deps.signal.addEventListener("abort", stop, { once: true });
  const c = colors(deps.io);
  let n = 0;
  try {
    for await (const i of iter) {
      n++;
      if (opts.json) await write(deps.io.out, `${JSON.stringify(objInfoJson(i))}\n`);
      else if (i.deleted) await write(deps.io.out, `[${localTime(i.mtime)}] ${c.red("DEL")} ${bucket} > ${i.name}\n`);
      else await write(deps.io.out, `[${localTime(i.mtime)}] ${c.green("PUT")} ${bucket} > ${i.name}: ${i.size} bytes in ${i.chunks} chunks\n`);
    }
  } finally {
    deps.signal.removeEventListener("abort", stop);
  }
  return n;
}
