import { promises as fs } from "node:fs";
import { writeFileAtomic } from "../../context/store.js";
import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { log, write } from "../../output/io.js";
import { commas } from "../../output/format.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { openKv } from "./shared/open.js";
import { exportLine, readBucket } from "./shared/data.js";

export interface KvExportOptions { key: string; history?: boolean; force?: boolean }

/** `kv export BUCKET [FILE]`: every key's latest entry as NDJSON (kv get --json's shape). */
export function kvExportCommand(deps: Deps): Command {
  return new Command("export")
    .description("Write every key's latest entry as NDJSON to a file or stdout: key, value (value_base64 for bytes), revision, operation (natsx)")
    .argument("<bucket>", "The bucket to export")
    .argument("[file]", "File to write (- or none: stdout); written under a temporary name and renamed when complete")
    .option("--key <filter>", "Only keys matching this filter (wildcards allowed)", ">")
    .option("--history", "Every revision of every key, not just the latest")
    .option("-f, --force", "Overwrite FILE if it exists")
    .addHelpText("after", `
Examples:
  nats kv export CONFIG config.ndjson
  nats kv import CONFIG_STAGING config.ndjson
  nats kv diff CONFIG config.ndjson || echo "CONFIG drifted"`)
    .action(async (bucket: string, file: string | undefined, o: KvExportOptions, c: Command) => {
      checkBucketName(bucket);
      checkKey(o.key, true);
      const target = file === undefined || file === "-" ? undefined : path.resolve(deps.cwd, file);
      if (target && !o.force && (await fs.stat(target).then(() => true, () => false))) {
        throw new CliError(`${file} already exists`, { exitCode: ExitCode.CONFLICT, hint: "pass -f to overwrite it, or choose another file" });
      }
      await withConnection(deps, c, (nc, ctx) => kvExport(deps, nc, ctx, bucket, target, o));
    });
}

/** Writes the bucket's entries (sorted by key, then revision); a file is written atomically. Returns the count. */
export async function kvExport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, file: string | undefined, o: KvExportOptions): Promise<number> {
  const { kv } = await openKv(nc, ctx, bucket);
  const entries = await readBucket(kv, o.key, Boolean(o.history));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.revision - b.revision));
  const text = entries.map(exportLine).join("");
  if (file) await writeFileAtomic(file, text);
  else {
    const w = write(deps.io.out, text);
    if (w) await w;
  }
  log(deps.io, deps.now(), `Exported ${commas(entries.length)} entr${entries.length === 1 ? "y" : "ies"} from bucket ${bucket}${file ? ` to ${file}` : ""}`);
  return entries.length;
}
