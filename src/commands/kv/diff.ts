import { promises as fs } from "node:fs";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { ExitStatus, ExitCode, usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { openKv } from "./shared/open.js";
import { readBucket, readKvFile } from "./shared/data.js";
import { valueText } from "./shared/values.js";

export interface KvDiffOptions { json?: boolean }

/** One difference between a bucket and a file. */
export interface KvDrift { key: string; change: "added" | "removed" | "changed"; bucket?: string; file?: string }

/** `kv diff BUCKET FILE`: exit 0 when the bucket's live keys and values are the file's, 1 on drift (for CI). */
export function kvDiffCommand(deps: Deps): Command {
  return new Command("diff")
    .description("Compare a bucket's live keys and values with a kv export file; exit 1 when they differ (natsx)")
    .argument("<bucket>", "The bucket to compare")
    .argument("<file>", "NDJSON that kv export wrote, - for stdin")
    .option("-j, --json", "Produce JSON output: the differences")
    .addHelpText("after", `
Lines: "+ KEY" only in the bucket, "- KEY" only in the file, "~ KEY" a different value.

Examples:
  nats kv diff CONFIG config.ndjson       # exit 0: same; exit 1: drift, one line per key`)
    .action(async (bucket: string, file: string, o: KvDiffOptions, c: Command) => {
      checkBucketName(bucket);
      if (file !== "-" && !(await fs.stat(file).then((s) => s.isFile(), () => false))) throw usageError(`cannot read ${file}: no such file`);
      const drift = await withConnection(deps, c, (nc, ctx) => kvDiff(deps, nc, ctx, bucket, file, o));
      if (drift.length) throw new ExitStatus(ExitCode.FAILURE);
    });
}

/** The file's last record per key against the bucket's live entries; prints the drift and returns it. */
export async function kvDiff(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, file: string, o: KvDiffOptions): Promise<KvDrift[]> {
  const want = new Map<string, Uint8Array | undefined>();
  for await (const r of readKvFile(deps, file)) want.set(r.key, r.operation === "PUT" ? r.value : undefined);
  const { kv } = await openKv(nc, ctx, bucket);
  const have = new Map<string, Uint8Array>();
  for (const e of await readBucket(kv)) if (e.operation === "PUT") have.set(e.key, e.value);
  const drift: KvDrift[] = [];
  const keys = [...new Set([...want.keys(), ...have.keys()])].sort();
  for (const k of keys) {
    const w = want.get(k);
    const h = have.get(k);
    if (w === undefined && h === undefined) continue;
    if (w === undefined) drift.push({ key: k, change: "added", bucket: valueText(h!) });
    else if (h === undefined) drift.push({ key: k, change: "removed", file: valueText(w) });
    else if (Buffer.compare(Buffer.from(w), Buffer.from(h)) !== 0) drift.push({ key: k, change: "changed", bucket: valueText(h), file: valueText(w) });
  }
  if (o.json) printJson(deps.io, drift);
  else {
    const q = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    for (const d of drift) {
      if (d.change === "added") deps.io.out.write(`+ ${d.key}: ${q(d.bucket!)} (only in the bucket)\n`);
      else if (d.change === "removed") deps.io.out.write(`- ${d.key}: ${q(d.file!)} (only in the file)\n`);
      else deps.io.out.write(`~ ${d.key}: bucket ${q(d.bucket!)}, file ${q(d.file!)}\n`);
    }
  }
  log(deps.io, deps.now(), drift.length ? `Bucket ${bucket} differs from ${file === "-" ? "stdin" : file} in ${drift.length} key${drift.length === 1 ? "" : "s"}` : `Bucket ${bucket} matches ${file === "-" ? "stdin" : file}`);
  return drift;
}
