import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, notFound } from "../../errors.js";
import { log } from "../../output/io.js";
import { canPrompt, confirmDestructive } from "../../output/prompt.js";
import { casConflict, valueText, parseRevision } from "./shared/values.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { printHistory, readHistory } from "./shared/history.js";
import { examplesText } from "../shared/examples.js";

export interface KvRevertOptions { force?: boolean }

/** `nats kv revert BUCKET KEY REVISION`. */
export function kvRevertCommand(deps: Deps): Command {
  return new Command("revert")
    .description("Reverts a value to a previous revision using put")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .argument("<revision>", "The revision to revert to")
    .option("-f, --force", "Force reverting without prompting")
    .addHelpText("after", examplesText("nats kv revert CONFIG username 3", "nats kv revert CONFIG username 3 -f"))
    .action(async (bucket: string, key: string, revText: string, opts: KvRevertOptions, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key);
      const revision = parseRevision(revText);
      await withConnection(deps, cmd, (nc, ctx) => kvRevert(deps, nc, ctx, bucket, key, revision, opts));
    });
}

/** Writes an old revision's value as the newest one (compare-and-set on the current latest), then shows the history. */
export async function kvRevert(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, revision: number, opts: KvRevertOptions): Promise<number> {
  const { kv, si } = await openKv(nc, ctx, bucket);
  if (si.config.max_msgs_per_subject < 2) {
    throw new CliError(`cannot revert key in a bucket where history=${si.config.max_msgs_per_subject}`, { hint: "raise it with `nats kv edit BUCKET --history N`" });
  }
  const old = await kv.get(key, { revision });
  if (!old) throw notFound(`revision ${revision} of key`, key, { in: `bucket "${bucket}"`, list: `nats kv history ${bucket} ${key}` });
  if (old.operation !== "PUT") throw new CliError(`revision ${revision} of "${bucket} > ${key}" is a ${old.operation === "DEL" ? "DELETE" : "PURGE"}, not a value`);
  if (!opts.force && canPrompt(deps.io)) deps.io.out.write(`Revision: ${old.revision}\n\n${valueText(old.value)}\n\n`);
  if (!(await confirmDestructive(deps.io, opts.force, `Really revert to revision ${revision}?`, `revert ${bucket} > ${key}`))) {
    log(deps.io, deps.now(), "Skipping revert");
    return 0;
  }
  const latest = await kv.get(key);
  let rev: number;
  try {
    rev = await kv.update(key, old.value, latest?.revision ?? 0);
  } catch (e) {
    return casConflict(kv, bucket, key, latest?.revision, e);
  }
  log(deps.io, deps.now(), `Reverted ${bucket} > ${key} to the value of revision ${revision} (new revision ${rev})`);
  printHistory(deps, bucket, key, await readHistory(kv, key));
  return rev;
}
