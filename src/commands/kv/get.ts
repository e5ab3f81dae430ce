import { Command } from "commander";
import type { KvEntry } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, notFound, usageError } from "../../errors.js";
import { write } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { entryJson, valueText, parseRevision, KV_FIELDS, kvFormatRecord } from "./shared/values.js";
import { compileFormat } from "../../util/message-format.js";
import { openKv } from "./shared/open.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { colors } from "../../output/color.js";
import { localTime } from "../../output/format.js";

export interface KvGetOptions { raw?: boolean; json?: boolean; revision?: string; format?: string }

/** `nats kv get BUCKET KEY`. */
export function kvGetCommand(deps: Deps): Command {
  return new Command("get")
    .description("Gets a value for a key")
    .argument("<bucket>", "The bucket to act on")
    .argument("<key>", "The key to act on")
    .option("--revision <n>", "Gets a specific revision")
    .option("--raw", "Show only the value string, exactly as stored")
    .option("-j, --json", "Produce JSON output")
    .option("--format <template>", "Print the entry from a template: {{.Key}} {{.Data}} {{.Revision}} {{.Time}} {{.Size}} {{.Bucket}} {{.Operation}} {{.Base64}} (natsx)")
    .addHelpText("after", `
A key with wildcards ('app.>', 'app.*.color') returns every matching live key as a JSON array of entries (natsx).

Examples:
  nats kv get CONFIG app.color --raw
  nats kv get CONFIG 'app.>' --jq 'map({(.key): .value}) | add'`)
    .action(async (bucket: string, key: string, opts: KvGetOptions, cmd: Command) => {
      checkBucketName(bucket);
      if (isWildcard(key)) {
        checkKey(key, true);
        if (opts.raw || opts.revision !== undefined) throw usageError(`${opts.raw ? "--raw" : "--revision"} needs one key, not the pattern "${key}"`);
        await withConnection(deps, cmd, (nc, ctx) => kvGetMany(deps, nc, ctx, bucket, key, opts));
        return;
      }
      checkKey(key);
      const modes = [opts.raw && "--raw", opts.json && "--json", opts.format !== undefined && "--format"].filter(Boolean);
      if (modes.length > 1) throw usageError(`${modes.join(" and ")} cannot be used together`);
      if (opts.format !== undefined) compileFormat(opts.format, KV_FIELDS);
      await withConnection(deps, cmd, (nc, ctx) => kvGet(deps, nc, ctx, bucket, key, opts));
    });
}

/** Fetches a live entry (or a given revision); missing and deleted keys are "not found" (exit 7), as nats.go's Get. */
export async function getLive(kv: { get(k: string, o?: { revision: number }): Promise<KvEntry | null> }, bucket: string, key: string, revision?: number): Promise<KvEntry> {
  const e = await kv.get(key, revision ? { revision } : undefined);
  if (!e) {
    throw revision ? notFound(`revision ${revision} of key`, key, { in: `bucket "${bucket}"`, list: `nats kv history ${bucket} ${key}` })
      : notFound("key", key, { in: `bucket "${bucket}"`, list: `nats kv ls ${bucket}` });
  }
  if (e.operation !== "PUT") {
    throw new CliError(`key "${key}" in bucket "${bucket}" was ${e.operation === "DEL" ? "deleted" : "purged"} at revision ${e.revision}`, { exitCode: ExitCode.NOT_FOUND });
  }
  return e;
}

/** Prints one entry: natscli's header + value, the raw bytes, or JSON. */
export async function kvGet(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvGetOptions): Promise<KvEntry> {
  const revision = opts.revision !== undefined ? parseRevision(opts.revision, "--revision") : undefined;
  const { kv } = await openKv(nc, ctx, bucket);
  const e = await getLive(kv, bucket, key, revision);
  if (opts.raw) {
    await write(deps.io.out, e.value);
  } else if (opts.json) {
    printJson(deps.io, entryJson(e));
  } else if (opts.format !== undefined) {
    deps.io.out.write(compileFormat(opts.format, KV_FIELDS)(kvFormatRecord(e), 1, deps.now()));
  } else {
    const text = valueText(e.value);
    let body = text;
    // natscli kv_command.go: long values are shortened unless --raw
    if (text.length > 120) body = `Showing first 120 bytes of ${e.value.length}, use --raw for full data\n\n${text.slice(0, 120)}`;
    deps.io.out.write(`${colors(deps.io).bold(`${bucket} > ${key}`)} revision: ${e.revision} created @ ${localTime(e.created)}\n\n${body}\n\n`);
  }
  return e;
}

/** A key pattern rather than a key: a `*` or `>` token. */
function isWildcard(key: string): boolean {
  return key.split(".").some((t) => t === "*" || t === ">");
}

/** How many gets are in flight at once (as `kv ls -v`). */
const GET_BATCH = 256;

/** `kv get BUCKET 'prefix.>'`: every live key matching, sorted, as a JSON array of entries (or --format lines). */
export async function kvGetMany(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, pattern: string, opts: KvGetOptions): Promise<KvEntry[]> {
  const { kv } = await openKv(nc, ctx, bucket);
  const keys: string[] = [];
  for await (const k of await kv.keys(pattern)) keys.push(k);
  keys.sort();
  const entries: KvEntry[] = [];
  for (let i = 0; i < keys.length; i += GET_BATCH) {
    for (const e of await Promise.all(keys.slice(i, i + GET_BATCH).map((k) => kv.get(k)))) if (e && e.operation === "PUT") entries.push(e);
  }
  if (opts.format !== undefined) {
    const f = compileFormat(opts.format, KV_FIELDS);
    entries.forEach((e, n) => deps.io.out.write(f(kvFormatRecord(e), n + 1, deps.now())));
  } else printJson(deps.io, entries.map(entryJson));
  return entries;
}
