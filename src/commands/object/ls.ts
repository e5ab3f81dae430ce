import { Command } from "commander";
import { jetstream } from "@nats-io/jetstream";
import { Objm, type ObjectInfo } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { humanBytes, localTime } from "../../output/format.js";
import { checkBucketName } from "../../jetstream/buckets.js";
import { objInfoJson, openObj } from "./shared.js";
import { managerOptions } from "../../jetstream/manager.js";
import { usageError } from "../../errors.js";
import { compileFormat } from "../../util/message-format.js";

/** The fields --format has for an object besides the message ones ({{.Size}}, {{.Time}}, {{.Header "Name"}}). */
const OBJECT_FIELDS = ["Name", "Bucket", "Digest", "Chunks", "Description", "Revision", "Nuid"];

export interface ObjectLsOptions { names?: boolean; json?: boolean; format?: string }

/** `nats object ls [BUCKET]`. */
export function objectLsCommand(deps: Deps): Command {
  return new Command("ls")
    .alias("list")
    .description("List buckets or the files in a bucket")
    .argument("[bucket]", "The bucket to list the files of")
    .option("-n, --names", "When listing buckets, show just the bucket names")
    .option("-j, --json", "Produce JSON output")
    .option("--format <template>", "One line per object from a template: {{.Name}} {{.Size}} {{.Time}} {{.Digest}} {{.Chunks}} {{.Bucket}} {{.Description}} {{.Header \"Name\"}} (natsx)")
    .addHelpText("after", "\nExamples:\n  nats object ls FILES --format '{{.Name}}\\t{{.Size}}\\t{{.Digest}}'")
    .action(async (bucket: string | undefined, opts: ObjectLsOptions, cmd: Command) => {
      if (bucket !== undefined) checkBucketName(bucket);
      if (opts.format !== undefined && bucket === undefined) throw usageError("--format lists the objects of a bucket: give the bucket");
      if (opts.format !== undefined && (opts.json || opts.names)) throw usageError("--format cannot be used with --json or --names");
      if (opts.format !== undefined) compileFormat(opts.format, OBJECT_FIELDS);
      await withConnection<unknown>(deps, cmd, (nc, ctx) => (bucket === undefined ? objectLsBuckets(deps, nc, ctx, opts) : objectLsObjects(deps, nc, ctx, bucket, opts)));
    });
}

/** A bucket summary as `object ls --json` prints it. */
export interface ObjBucketSummary { bucket: string; description: string; created: string; size: number; sealed: boolean }

/** Lists object store buckets sorted by size. */
export async function objectLsBuckets(deps: Deps, nc: NatsConnection, ctx: ConnCtx, opts: ObjectLsOptions): Promise<ObjBucketSummary[]> {
  const list: ObjBucketSummary[] = [];
  for await (const st of new Objm(jetstream(nc, managerOptions(ctx.js))).list()) {
    const si = st.streamInfo;
    list.push({ bucket: st.bucket, description: si.config.description ?? "", created: si.created, size: si.state.bytes, sealed: Boolean(si.config.sealed) });
  }
  list.sort((a, b) => a.size - b.size || a.bucket.localeCompare(b.bucket));
  if (opts.json) printJson(deps.io, list);
  else if (opts.names) for (const b of list) deps.io.out.write(`${b.bucket}\n`);
  else if (list.length === 0) log(deps.io, deps.now(), "No Object Store buckets found");
  else printTable(deps.io, ["Bucket", "Description", "Created", "Size", "Sealed"], list.map((b) => [b.bucket, b.description, localTime(b.created), humanBytes(b.size), b.sealed]), { title: "Object Store Buckets" }, deps.env);
  return list;
}

/** Lists the live objects of a bucket, sorted by name. */
export async function objectLsObjects(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: ObjectLsOptions): Promise<ObjectInfo[]> {
  const { os } = await openObj(nc, ctx, bucket);
  const list = (await os.list()).filter((i) => !i.deleted).sort((a, b) => a.name.localeCompare(b.name));
  if (opts.json) printJson(deps.io, list.map(objInfoJson));
  else if (opts.format !== undefined) {
    const f = compileFormat(opts.format, OBJECT_FIELDS);
    list.forEach((i, n) => deps.io.out.write(f({
      subject: i.name, headers: i.headers, time: new Date(i.mtime), size: i.size,
      extra: { Name: i.name, Bucket: i.bucket, Digest: i.digest, Chunks: i.chunks, Description: i.description ?? "", Revision: i.revision, Nuid: i.nuid },
    }, n + 1, deps.now())));
  } else if (opts.names) for (const i of list) deps.io.out.write(`${i.name}\n`);
  else if (list.length === 0) log(deps.io, deps.now(), "No entries found");
  else printTable(deps.io, ["Name", "Size", "Time"], list.map((i) => [i.name, humanBytes(i.size), localTime(i.mtime)]), { title: "Bucket Contents" }, deps.env);
  return list;
}
