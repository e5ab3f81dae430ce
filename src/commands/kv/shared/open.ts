import { isStreamNotFound, managerOptions } from "../../../jetstream/manager.js";
import { type JetStreamManager, type StreamInfo, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../../../context/connect.js";
import { bucketNotFound, checkBucketName } from "../../../jetstream/buckets.js";

export interface OpenedKv { kv: KV; si: StreamInfo; jsm: JetStreamManager }

/**
 * Opens a bucket and proves it exists: kvm.open() does no I/O and a missing bucket would later
 * surface as a misleading "JetStream not enabled" (natsjs.md §5.1), so we read the stream info first.
 */
export async function openKv(nc: NatsConnection, ctx: ConnCtx, bucket: string): Promise<OpenedKv> {
  checkBucketName(bucket);
  const jsm = await jetstreamManager(nc, managerOptions(ctx.js));
  let si: StreamInfo;
  try {
    si = await jsm.streams.info(`KV_${bucket}`);
  } catch (e) {
    if (isStreamNotFound(e)) throw bucketNotFound(bucket, "Key-Value");
    throw e;
  }
  const kv = await new Kvm(jetstream(nc, managerOptions(ctx.js))).open(bucket, { allow_direct: si.config.allow_direct ?? false });
  // bind() only knows the name: teach it about mirrors so writes go to the origin bucket.
  const impl = kv as unknown as { initializePrefixes?: (i: StreamInfo) => void; prefix: string; editPrefix: string; _prefixLen: number };
  impl.initializePrefixes?.(si);
  const m = si.config.mirror;
  if (m && !m.external?.api) {
    // a local mirror stores the origin's subjects ($KV.<origin>.<key>); the client keeps looking
    // for $KV.<mirror>.<key> (reads find nothing, writes reach no stream), so point both at the origin
    const origin = `$KV.${m.name.replace(/^KV_/, "")}`;
    impl.prefix = origin;
    impl.editPrefix = origin;
    impl._prefixLen = 0;
  }
  return { kv, si, jsm };
}
