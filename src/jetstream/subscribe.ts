import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type ConsumerConfig, type ConsumerMessages, type JetStreamManager, type JsMsg, type PushConsumer, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { JsOptions } from "../context/plan.js";
import { CliError, ExitCode, notFound, usageError } from "../errors.js";
import { humanDuration } from "../output/format.js";
import { subjectMatches } from "../util/subject.js";
import { cleanJs, managerOptions } from "./manager.js";
import { serverIsAtLeast } from "./version.js";
import { pushBound, type JsSubMessage, type JsSubscribeOptions, type JsSubscription } from "./sub-meta.js";

// The types and formatting of JetStream `sub` output live in ./sub-meta.ts, which does not load the
// JetStream client: a core `nats sub` needs them, this module only for --stream/--durable/….
export { jsHeaderLine, jsJsonFields, jsMessageJson, wantsJetStream, type JsMeta, type JsSubMessage, type JsSubscribeOptions, type JsSubscription } from "./sub-meta.js";

/** The start policy from the options; exactly one may be given. */
function startPolicy(o: JsSubscribeOptions, now: number): { policy: Partial<ConsumerConfig>; words: string } {
  const given = [o.startSequence !== undefined, o.all, o.new, o.last, o.since !== undefined, o.lastPerSubject, o.startTime !== undefined].filter(Boolean).length;
  if (given > 1) throw usageError("only one of --start-sequence, --all, --new, --last, --since and --last-per-subject may be given");
  if (o.startSequence !== undefined) {
    if (!Number.isInteger(o.startSequence) || o.startSequence < 1) throw usageError("--start-sequence must be a sequence number of 1 or more");
    return { policy: { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: o.startSequence }, words: `starting at sequence ${o.startSequence}` };
  }
  if (o.last) return { policy: { deliver_policy: DeliverPolicy.Last }, words: "from last received message" };
  if (o.since !== undefined) return { policy: { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(now - o.since).toISOString() }, words: `since ${humanDuration(o.since)}` };
  if (o.startTime !== undefined) return { policy: { deliver_policy: DeliverPolicy.StartTime, opt_start_time: o.startTime.toISOString() }, words: `since ${o.startTime.toISOString()}` };
  if (o.lastPerSubject) return { policy: { deliver_policy: DeliverPolicy.LastPerSubject }, words: "for last message per subject" };
  if (o.new) return { policy: { deliver_policy: DeliverPolicy.New }, words: "for new messages" };
  if (o.all || o.durable) return { policy: { deliver_policy: DeliverPolicy.All }, words: "from first received message" };
  // --stream alone: only what arrives from now on, like --new (never dump a large stream by accident)
  return { policy: { deliver_policy: DeliverPolicy.New }, words: "for new messages" };
}

/** How long a stopping durable lets an outstanding pull complete, so what it delivers can be nak'd back. */
const DURABLE_STOP_GRACE_MS = 250;

/** Finds the one stream holding every subject, or fails with natscli's wording; a named stream comes with its info. */
export async function findStream(jsm: JetStreamManager, subjects: string[], stream?: string): Promise<{ name: string; info?: StreamInfo }> {
  if (stream) {
    const info = await jsm.streams.info(stream).catch((e: Error) => {
      if (e.name === "StreamNotFoundError") throw notFound("stream", stream, { list: "nats stream ls" });
      throw e;
    });
    return { name: stream, info };
  }
  let found: string | undefined;
  for (const s of subjects) {
    let name: string;
    try {
      name = await jsm.streams.find(s);
    } catch (e) {
      if ((e as Error).name === "StreamNotFoundError" || /no stream matches/i.test((e as Error).message)) {
        throw new CliError(`no stream found with subject: ${s}`, { exitCode: ExitCode.NOT_FOUND, hint: "create one with `nats stream add`, or pass --stream" });
      }
      throw e;
    }
    if (found && found !== name) throw usageError(`subjects ${subjects.join(", ")} are held in different streams (${found}, ${name})`, "subscribe to one stream at a time");
    found = name;
  }
  if (!found) throw usageError("subject is required", "pass a subject or --stream");
  return { name: found };
}

/**
 * Subscribes to a stream as natscli's `sub` JetStream mode, but always honouring the subject filter
 * (natscli bugs #1504/#1520): the consumer filters on the server when it can, and every message is
 * checked against the subjects here as well (2.9 cannot filter on several subjects).
 */
export async function jsSubscribe(nc: NatsConnection, jsOpts: JsOptions, subjects: string[], o: JsSubscribeOptions = {}): Promise<JsSubscription> {
  const filters = subjects.filter((s) => s && s !== ">");
  // one manager for the whole set-up: creating one asks the server for the account info ($JS.API.INFO)
  const jsm = await jetstreamManager(nc, managerOptions(jsOpts));
  const { name: streamName, info: streamInfo } = await findStream(jsm, filters, o.stream);
  const { policy, words } = startPolicy(o, (o.now ?? Date.now)());
  const js = jetstream(nc, cleanJs(jsOpts));
  const serverFilter = filters.length === 1 ? filters[0] : filters.length > 1 && serverIsAtLeast(nc, "2.10.0") ? filters : undefined;
  let consumer!: Consumer;
  let pushConsumer: PushConsumer | undefined;
  let consumerName: string;
  let initialPending: number;
  let existingDurable = false;
  if (o.durable) {
    let ci = await jsm.consumers.info(streamName, o.durable).catch((e: Error) => {
      if (e.name === "ConsumerNotFoundError") return undefined;
      throw e;
    });
    if (ci) {
      existingDurable = true;
      const existing = ci.config.filter_subjects ?? (ci.config.filter_subject ? [ci.config.filter_subject] : []);
      if (filters.length && existing.length && !filters.every((f) => existing.includes(f))) {
        throw usageError(`durable consumer "${o.durable}" filters on ${existing.join(", ")}, not ${filters.join(", ")}`, "use another durable name or the consumer's subjects");
      }
    } else {
      const cfg: Partial<ConsumerConfig> = { durable_name: o.durable, ack_policy: AckPolicy.Explicit, ...policy };
      if (typeof serverFilter === "string") cfg.filter_subject = serverFilter;
      else if (serverFilter) cfg.filter_subjects = serverFilter;
      if (o.headersOnly) cfg.headers_only = true;
      ci = await jsm.consumers.add(streamName, cfg);
    }
    // natscli binds an existing push consumer too: its delivery subject, in its deliver group when it has one
    // (on interest and work-queue streams that is how the messages get consumed)
    if (ci.config.deliver_subject) {
      if (ci.push_bound && !ci.config.deliver_group) throw pushBound(streamName, o.durable);
      pushConsumer = await js.consumers.getPushConsumer(streamName, o.durable);
    }
    else consumer = await js.consumers.get(streamName, o.durable);
    consumerName = o.durable;
    initialPending = ci.num_pending;
  } else {
    const oc: Record<string, unknown> = { ...policy };
    if (serverFilter) oc.filter_subjects = serverFilter;
    if (o.headersOnly) oc.headers_only = true;
    consumer = await js.consumers.get(streamName, oc);
    const ci = await consumer.info(true);
    consumerName = ci.name;
    initialPending = ci.num_pending;
  }
  const matches = (s: string) => filters.length === 0 || filters.some((f) => subjectMatches(f, s));
  let iter: ConsumerMessages | undefined;
  let stopped = false;
  const durable = Boolean(o.durable);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // not awaited: close() settles only once the iterator is drained, which a suspended reader never does
    const cur = iter;
    if (durable && cur && !pushConsumer) {
      // a durable's pull may be answered right now: closing at once would drop those messages unseen (acked
      // only after the ack wait); a backlog batch completes in milliseconds and is nak'd back, an idle pull is cut short
      setTimeout(() => void cur.close().catch(() => undefined), DURABLE_STOP_GRACE_MS);
    } else {
      void cur?.close().catch(() => undefined);
    }
    await it.return?.(undefined).catch(() => undefined);
  };
  o.signal?.addEventListener("abort", () => void stop(), { once: true });
  // ordered consumers prefetch freely: nothing to acknowledge
  async function* consumeAll(): AsyncGenerator<JsMsg> {
    iter = await consumer.consume({ max_messages: 256 });
    if (stopped) { void iter.close(); return; }
    yield* iter;
  }
  // durables pull one message at a time (or a whole known backlog with o.batch, nak'ing what a stop leaves over),
  // so stopping (--count, Ctrl-C) leaves nothing delivered but unacknowledged
  async function* pullBatches(): AsyncGenerator<JsMsg> {
    const most = Math.max(1, Math.floor(o.batch ?? 1));
    let backlog = initialPending;
    let pulled = 0;
    let batch: JsMsg[] = [];
    let next = 0;
    try {
      while (!stopped) {
        let size = Math.min(most, Math.max(1, backlog));
        if (o.limit) size = Math.max(1, Math.min(size, o.limit - pulled));
        iter = await consumer.fetch({ max_messages: size, expires: 5000 });
        if (stopped) { void iter.close(); return; }
        batch = [];
        next = 0;
        for await (const m of iter) batch.push(m);
        pulled += batch.length;
        while (next < batch.length && !stopped) {
          const m = batch[next++]!;
          backlog = m.info.pending;
          yield m;
        }
      }
    } finally {
      // pulled but never handed out: back to the consumer now, not after the ack wait
      for (; next < batch.length; next++) batch[next]!.nak();
    }
  }
  // a push consumer delivers at its own pace; what it sends after a stop is redelivered after its ack wait
  async function* pushed(): AsyncGenerator<JsMsg> {
    iter = await pushConsumer!.consume();
    if (stopped) { void iter.close(); return; }
    yield* iter;
  }
  async function* gen(): AsyncGenerator<JsSubMessage> {
    if (stopped || o.signal?.aborted) return;
    if (o.terminateAtEnd && initialPending === 0) return;
    const source = pushConsumer ? pushed() : durable ? pullBatches() : consumeAll();
    // a message handed to the reader is acknowledged even when the reader stops right after it (--count)
    let handedOut: JsMsg | undefined;
    try {
      for await (const m of source) {
        const i = m.info;
        const end = o.terminateAtEnd && i.pending === 0;
        if (matches(m.subject)) {
          if (durable && !o.manualAck) handedOut = m;
          yield {
            subject: m.subject,
            data: m.data,
            headers: m.headers,
            stream: i.stream,
            seq: i.streamSequence,
            consumerSeq: i.deliverySequence,
            pending: i.pending,
            time: new Date(Math.floor(i.timestampNanos / 1e6)),
            timeNanos: i.timestampNanos,
            redelivered: i.redelivered,
            deliveryCount: i.deliveryCount,
            msg: m,
          };
          if (durable && !o.manualAck) { m.ack(); handedOut = undefined; }
        } else if (durable) {
          m.ack();
        }
        if (end || stopped) break;
      }
    } finally {
      handedOut?.ack();
      void iter?.close().catch(() => undefined);
      if (durable) await nc.flush().catch(() => undefined);
    }
  }
  const it = gen();
  // natscli names the stream's own subjects when no subject was given (`sub --stream ORDERS --all`);
  // without subjects findStream needed --stream, so it has already fetched the stream's info
  const subjText = filters.length ? filters.join(", ") : streamInfo?.config.subjects?.join(", ") || ">";
  return {
    stream: streamName,
    consumer: consumerName,
    durable,
    description: durable
      ? existingDurable
        // an existing consumer resumes where it left off: the start options only apply when it is created
        ? `Subscribing to JetStream Stream "${streamName}" using existing ${pushConsumer ? "push" : "pull"} consumer "${consumerName}"`
        : `Subscribing to JetStream Stream "${streamName}" using pull consumer "${consumerName}" ${words}`
      : `Subscribing to subject ${subjText} ${words}`,
    messages: it,
    stop,
  };
}
