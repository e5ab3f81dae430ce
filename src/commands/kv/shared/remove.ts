import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import type { ConnCtx } from "../../../context/connect.js";
import { log } from "../../../output/io.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { openKv } from "./open.js";
import { withSpinner } from "../../../output/spinner.js";

/** What `kv del` and `kv rm` ask of a removal. */
export interface KvRemoveOptions { force?: boolean }

/** Places a delete marker on a key (history is kept); confirms unless forced. */
export async function kvDelKey(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, key: string, opts: KvRemoveOptions): Promise<boolean> {
  const { kv } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Delete key ${bucket} > ${key}?`, `delete key ${bucket} > ${key}`))) {
    log(deps.io, deps.now(), "Skipping delete");
    return false;
  }
  await kv.delete(key);
  return true;
}

/** Deletes a bucket's stream; refuses without -f when it cannot ask (no terminal). */
export async function kvRmBucket(deps: Deps, nc: NatsConnection, ctx: ConnCtx, bucket: string, opts: KvRemoveOptions): Promise<boolean> {
  const { jsm, si } = await openKv(nc, ctx, bucket);
  if (!(await confirmDestructive(deps.io, opts.force, `Delete bucket ${bucket} and its ${si.state.messages} values?`, `delete bucket ${bucket}`))) {
    log(deps.io, deps.now(), "Skipping delete");
    return false;
  }
  await withSpinner(deps.io, `Deleting bucket ${bucket}`, jsm.streams.delete(si.config.name));
  return true;
}
