import { Command } from "commander";
import { KvWatchInclude, type KvWatchOptions } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { log, write } from "../../output/io.js";
import { entryJson, valueText, parseRevision, KV_FIELDS, kvFormatRecord } from "./shared/values.js";
import { compileFormat } from "../../util/message-format.js";
import type { JqProgram } from "../../output/jq.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { opName } from "./shared/history.js";
import { colors } from "../../output/color.js";
import { localTime } from "../../output/format.js";

export interface KvWatchOpts { history?: boolean; updates?: boolean; deletes?: boolean; revision?: string; json?: boolean; format?: string; where?: string }

/** `nats kv watch BUCKET [KEY]`: prints changes until Ctrl-C. */
export function kvWatchCommand(deps: Deps): Command {
  return new Command("watch")
    .description("Watch the bucket or a specific key for updates")
    .argument("<bucket>", "The bucket to act on")
    .argument("[key]", "The key to act on, wildcards allowed", ">")
    .option("--history", "Starts with the full history of every matching key instead of the latest values")
    .option("--updates", "Only show new changes, not the current values")
    .option("--deletes", "Show deletes and purges (default)")
    .option("--no-deletes", "Do not show deletes and purges")
    .option("--revision <n>", "Starts at a specific revision")
    .option("-j, --json", "One JSON object per line (NDJSON)")
    .option("--format <template>", "One line per change from a template: {{.Key}} {{.Operation}} {{.Data}} {{.Revision}} {{.Time}} {{.Size}} {{.Bucket}} {{.Base64}} (natsx)")
    .option("--where <filter>", "Only changes for which this jq filter is true, over the --json record with value parsed when it is JSON (natsx)")
    .addHelpText("after", `
Examples:
  nats kv watch CONFIG 'app.>' --format '{{.Operation}} {{.Key}}={{.Data}}'
  nats kv watch CONFIG --where '.operation == "PUT" and .value.enabled == false' --json`)
    .action(async (bucket: string, key: string, opts: KvWatchOpts, cmd: Command) => {
      checkBucketName(bucket);
      checkKey(key, true);
      if (opts.history && opts.updates) throw usageError("--history and --updates cannot be combined");
      if (opts.format !== undefined && opts.json) throw usageError("--format and --json cannot be used together");
      if (opts.format !== undefined) compileFormat(opts.format, KV_FIELDS);
      const where = opts.where !== undefined ? await (await import("../../output/jq.js")).JqProgram.compile(opts.where, "--where") : undefined;
      await withConnection(deps, cmd, (nc, ctx) => kvWatch(deps, nc, ctx, bucket, key, opts, where));
    });
}

/** Streams matching changes (text lines or NDJSON) until deps.signal aborts or the bucket goes away; returns the count. */
export async function kvWatch(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvWatchOpts, whereProgram?: JqProgram): Promise<number> {
  const format = opts.format !== undefined ? compileFormat(opts.format, KV_FIELDS) : undefined;
  const jq = opts.where !== undefined ? await import("../../output/jq.js") : undefined;
  const where = jq && (whereProgram ?? (await jq.JqProgram.compile(opts.where!, "--where")));
  const whereErrors = jq && new jq.WhereErrors((l) => log(deps.io, deps.now(), l));
  const w: KvWatchOptions = { key, ignoreDeletes: opts.deletes === false };
  w.include = opts.history ? KvWatchInclude.AllHistory : opts.updates ? KvWatchInclude.UpdatesOnly : KvWatchInclude.LastValue;
  if (opts.revision !== undefined) w.resumeFromRevision = parseRevision(opts.revision, "--revision");
  const { kv } = await openKv(nc, ctx, bucket);
  if (deps.signal.aborted) return 0;
  const iter = await kv.watch(w);
  const stop = () => iter.stop();
  deps.signal.addEventListener("abort", stop, { once: true });
  const c = colors(deps.io);
  let n = 0;
  try {
    for await (const e of iter) {
      // the library only drops DEL when ignoreDeletes is set; PURGE markers are deletes too
      if (opts.deletes === false && e.operation !== "PUT") continue;
      if (where) {
        // one change at a time (a watch delivers them as they happen); a burst costs a jq run each
        const r = where.test([jq!.whereText(entryJson(e), "value")]);
        whereErrors!.report(r.errors[0]);
        if (!r.keep[0]) continue;
      }
      n++;
      if (format) {
        await write(deps.io.out, format(kvFormatRecord(e), n, deps.now()));
      } else if (opts.json) {
        await write(deps.io.out, `${JSON.stringify(entryJson(e))}\n`);
      } else if (e.operation === "PUT") {
        await write(deps.io.out, `[${localTime(e.created)}] ${c.green("PUT")} ${bucket} > ${e.key}: ${valueText(e.value)}\n`);
      } else {
        await write(deps.io.out, `[${localTime(e.created)}] ${c.red(opName(e.operation))} ${bucket} > ${e.key}\n`);
      }
    }
  } finally {
    deps.signal.removeEventListener("abort", stop);
    whereErrors?.summary();
  }
  return n;
}
