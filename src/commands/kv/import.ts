import { promises as fs } from "node:fs";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { commas } from "../../output/format.js";
import { checkBucketName, checkKey } from "../../jetstream/buckets.js";
import { openKv } from "./shared/open.js";
import { readKvFile } from "./shared/data.js";

/** Writes awaited at once: sent in file order on one connection (so stored in that order), acks in any order. */
const WINDOW = 256;

/** `kv import BUCKET FILE`: puts (and deletes, purges) what `kv export` wrote, in order. */
export function kvImportCommand(deps: Deps): Command {
  return new Command("import")
    .description("Apply NDJSON that kv export wrote to a bucket: PUT entries are put, DEL and PURGE ones deleted or purged (natsx)")
    .argument("<bucket>", "The bucket to write to")
    .argument("<file>", "NDJSON file, - for stdin")
    .addHelpText("after", "\nExamples:\n  nats kv export CONFIG | nats kv import CONFIG_COPY -")
    .action(async (bucket: string, file: string, _o: unknown, c: Command) => {
      checkBucketName(bucket);
      if (file !== "-" && !(await fs.stat(file).then((s) => s.isFile(), () => false))) throw usageError(`cannot read ${file}: no such file`);
      await withConnection(deps, c, (nc, ctx) => kvImport(deps, nc, ctx, bucket, file));
    });
}

/** Applies the records in order; stops at the first write the server refused, saying how many were applied. */
export async function kvImport(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, file: string): Promise<number> {
  const { kv } = await openKv(nc, ctx, bucket);
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = 0;
  let done = 0;
  for await (const r of readKvFile(deps, file)) {
    if (failure || deps.signal.aborted) break;
    checkKey(r.key);
    const n = ++sent;
    const w = r.operation === "PUT" ? kv.put(r.key, r.value) : r.operation === "DEL" ? kv.delete(r.key) : kv.purge(r.key);
    const p = (w as Promise<unknown>).then(
      () => { done++; },
      (e: unknown) => { failure ??= new CliError(`entry ${commas(n)} (${r.operation} "${r.key}") was not written: ${(e as Error).message}`, { cause: e }); },
    ).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= WINDOW) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  if (failure) {
    log(deps.io, deps.now(), `Applied ${commas(done)} of ${commas(sent)} entries to bucket ${bucket} before the failure`);
    throw failure;
  }
  log(deps.io, deps.now(), `Imported ${commas(done)} entr${done === 1 ? "y" : "ies"} into bucket ${bucket}`);
  return done;
}
