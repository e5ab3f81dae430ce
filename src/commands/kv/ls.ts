import { Command } from "commander";
import { Kvm, type KvEntry } from "@nats-io/kv";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanDuration, commas, compareText, humanBytes, localTime } from "../../output/format.js";
import { entryJson, valueText } from "./shared/values.js";
import type { JqProgram } from "../../output/jq.js";

/** The items a --where filter holds for (one jq run for the whole list); the first record it failed on is reported. */
async function kept<T>(deps: Deps, where: JqProgram, items: T[], text: (i: T) => string): Promise<T[]> {
  const { WhereErrors } = await import("../../output/jq.js");
  const r = where.test(items.map(text));
  const errors = new WhereErrors((l) => log(deps.io, deps.now(), l));
  for (const e of r.errors) errors.report(e);
  errors.summary();
  return items.filter((_, i) => r.keep[i]);
}
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { managerOptions } from "../../jetstream/manager.js";

/** How many `kv ls -v` gets are in flight at once (as stream backup's deletes: bounded, so none waits past --timeout). */
const GET_BATCH = 256;

export interface KvLsOptions { names?: boolean; json?: boolean; verbose?: boolean; displayValue?: boolean; where?: string }

/** `nats kv ls [BUCKET] [FILTER]`. */
export function kvLsCommand(deps: Deps): Command {
  return new Command("ls")
    .alias("list")
    .description("List available buckets or the keys in a bucket")
    .argument("[bucket]", "The bucket to list the keys of")
    .argument("[filter]", "Only keys matching this filter (wildcards allowed)", ">")
    .option("-n, --names", "Show just the bucket names")
    .option("-v, --verbose", "Show detailed info about each key")
    .option("--display-value", "Display the values in the verbose key listing")
    .option("-j, --json", "Produce JSON output")
    .option("--where <filter>", "Only keys whose entry (kv get --json, value parsed when it is JSON), or buckets whose --json summary, this jq filter holds for (natsx)")
    .addHelpText("after", `
Examples:
  nats kv ls CONFIG 'app.>' --where '.value.enabled == true'
  nats kv ls --where '.values > 1000' --names`)
    .action(async (bucket: string | undefined, filter: string, opts: KvLsOptions, cmd: Command) => {
      if (bucket !== undefined) {
        checkBucketName(bucket);
        checkKey(filter, true);
      }
      const where = opts.where !== undefined ? await (await import("../../output/jq.js")).JqProgram.compile(opts.where, "--where") : undefined;
      await withConnection<unknown>(deps, cmd, (nc, ctx) => (bucket === undefined ? kvLsBuckets(deps, nc, ctx, opts, where) : kvLsKeys(deps, nc, ctx, bucket, filter, opts, where)));
    });
}

/** A bucket summary as `kv ls --json` prints it. */
export interface BucketSummary { bucket: string; description: string; created: string; size: number; values: number; history: number; last_update: string | null }

/** Lists buckets: natscli's table sorted by size, names, or JSON summaries. */
export async function kvLsBuckets(deps: Deps, nc: NatsConnection, ctx: ConnCtx, opts: KvLsOptions, where?: JqProgram): Promise<BucketSummary[]> {
  let list: BucketSummary[] = [];
  for await (const st of new Kvm(jetstream(nc, managerOptions(ctx.js))).list()) {
    const si = st.streamInfo;
    list.push({
      bucket: st.bucket,
      description: si.config.description ?? "",
      created: si.created,
      size: si.state.bytes,
      values: si.state.messages,
      history: si.config.max_msgs_per_subject,
      last_update: si.state.messages > 0 ? si.state.last_ts : null,
    });
  }
  list.sort((a, b) => a.size - b.size || compareText(a.bucket, b.bucket));
  if (where) list = await kept(deps, where, list, (b) => JSON.stringify(b));
  if (opts.json) printJson(deps.io, list);
  else if (opts.names) for (const b of list) deps.io.out.write(`${b.bucket}\n`);
  else if (list.length === 0) log(deps.io, deps.now(), "No Key-Value buckets found");
  else {
    const age = (t: string | null) => (t ? `${humanDuration(deps.now() - new Date(t).getTime())} ago` : "never");
    printTable(deps.io, ["Bucket", "Description", "Created", "Size", "Values", "Last Update"],
      list.map((b) => [b.bucket, b.description, localTime(b.created), humanBytes(b.size), commas(b.values), age(b.last_update)]),
      { title: "Key-Value Buckets" }, deps.env);
  }
  return list;
}

/** Lists a bucket's live keys (sorted), one per line, as JSON, or natscli's verbose table. */
export async function kvLsKeys(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, filter: string, opts: KvLsOptions, where?: JqProgram): Promise<string[]> {
  const { kv } = await openKv(nc, ctx, bucket);
  let keys: string[] = [];
  for await (const k of await kv.keys(filter)) keys.push(k);
  keys.sort();
  // the same get per key, but GET_BATCH of them in flight at once: a round trip per batch, not per key
  const live = async (): Promise<KvEntry[]> => {
    const entries: KvEntry[] = [];
    for (let i = 0; i < keys.length; i += GET_BATCH) {
      for (const e of await Promise.all(keys.slice(i, i + GET_BATCH).map((k) => kv.get(k)))) {
        if (e && e.operation === "PUT") entries.push(e);
      }
    }
    return entries;
  };
  let fetched: KvEntry[] | undefined;
  if (where) {
    const { whereText } = await import("../../output/jq.js");
    fetched = await kept(deps, where, await live(), (e) => whereText(entryJson(e), "value"));
    keys = fetched.map((e) => e.key);
  }
  if (opts.verbose && !opts.json) {
    const entries = fetched ?? (await live());
    if (entries.length === 0) { log(deps.io, deps.now(), `No keys found in bucket ${bucket}`); return keys; }
    const head = ["Key", "Created", "Revision", "Length"];
    if (opts.displayValue) head.push("Value");
    printTable(deps.io, head, entries.map((e) => {
      const row: (string | number)[] = [e.key, localTime(e.created), e.revision, e.length];
      if (opts.displayValue) row.push(valueText(e.value).replace(/\n/g, "\\n"));
      return row;
    }), { title: `Contents for bucket '${bucket}'` }, deps.env);
    return keys;
  }
  if (opts.json) printJson(deps.io, keys);
  else if (keys.length === 0) log(deps.io, deps.now(), `No keys found in bucket ${bucket}`);
  else deps.io.out.write(keys.map((k) => `${k}\n`).join(""));
  return keys;
}
