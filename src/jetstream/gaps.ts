import { DeliverPolicy, jetstream, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { JsOptions } from "../context/plan.js";
import { cleanJs } from "./manager.js";

/** A run of deleted sequences, first and last inclusive. */
export type Gap = [first: number, last: number];

/** Groups sorted deleted sequence numbers into runs: [3, 4, 5, 9] → [[3, 5], [9, 9]]. */
export function gapsFromDeleted(deleted: readonly number[]): Gap[] {
  const seqs = [...deleted].sort((a, b) => a - b);
  const out: Gap[] = [];
  for (const s of seqs) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else if (!last || s > last[1]) out.push([s, s]);
  }
  return out;
}

/** Streams with at most this many deleted messages are asked for the list (one request); bigger ones are read. */
export const DELETED_DETAILS_LIMIT = 100_000;

/**
 * The gaps of a stream (the runs of deleted messages between its first and last sequence, as natscli's
 * `stream gaps` reports them). Up to `detailsLimit` deleted messages the server lists them (stream info with
 * deleted_details); beyond that every message's headers are read through an ordered consumer, as natscli does.
 */
export async function detectGaps(nc: NatsConnection, js: JsOptions, jsm: JetStreamManager, stream: string, o: { detailsLimit?: number; progress?: (seq: number, last: number) => void; signal?: AbortSignal } = {}): Promise<Gap[]> {
  const si = await jsm.streams.info(stream);
  if (!si.state.num_deleted) return [];
  if (si.state.num_deleted <= (o.detailsLimit ?? DELETED_DETAILS_LIMIT)) {
    const full = await jsm.streams.info(stream, { deleted_details: true });
    return gapsFromDeleted(full.state.deleted ?? []);
  }
  const { first_seq: first, last_seq: last } = si.state;
  const consumer = await jetstream(nc, cleanJs(js)).consumers.get(stream, { headers_only: true, opt_start_seq: first, deliver_policy: DeliverPolicy.StartSequence });
  const gaps: Gap[] = [];
  let prev = first - 1;
  const iter = await consumer.consume({ max_messages: 1024 });
  const stop = () => void iter.close().catch(() => undefined);
  o.signal?.addEventListener("abort", stop, { once: true });
  try {
    for await (const m of iter) {
      const seq = m.info.streamSequence;
      if (seq > last) break;
      if (seq > prev + 1) gaps.push([prev + 1, seq - 1]);
      prev = seq;
      o.progress?.(seq, last);
      if (seq === last || m.info.pending === 0) break;
    }
  } finally {
    o.signal?.removeEventListener("abort", stop);
    stop();
  }
  // the last messages deleted: the stream's last sequence stays where it was
  if (prev < last && !o.signal?.aborted) gaps.push([prev + 1, last]);
  return gaps;
}
