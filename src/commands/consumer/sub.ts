import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, type ConsumerInfo, type JsMsg } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { timePrefix } from "../../output/io.js";
import { goDuration } from "../../output/message.js";
import { commas } from "../../output/format.js";
import { ackPolicyText } from "../../jetstream/consumer-info.js";
import { cleanJs, manager } from "../../jetstream/manager.js";
import { pushBound } from "../../jetstream/sub-meta.js";
import { fromNanos } from "../../jetstream/wire.js";
import { parseIntFlag } from "../../util/flags.js";
import { aborted } from "../../util/stdin.js";
import { allFlag } from "../shared/pick.js";
import { pickConsumer, pullAndShow } from "./shared.js";

export interface ConsumerSubOptions { ack?: boolean; raw?: boolean; count?: string; all?: boolean }

/** `consumer sub [STREAM] [CONSUMER]`: a push consumer's messages until Ctrl-C (or --count); one message from a pull consumer. */
export function consumerSubCommand(deps: Deps): Command {
  return new Command("sub").description("Retrieves messages from Consumers").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("--ack", "Acknowledge received message (default true)")
    .option("--no-ack", "Do not acknowledge received messages")
    .option("-r, --raw", "Show only the message")
    .option("--count <n>", "Stop after this many messages from a push consumer (natsx; default: until Ctrl-C)")
    .addHelpText("after", "\nExamples:\n  nats consumer sub ORDERS PUSHED             # until Ctrl-C, acknowledging each message\n  nats consumer sub ORDERS WORKER --no-ack    # one message from a pull consumer, left unacknowledged\n")
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerSubOptions, c: Command) => {
      const count = o.count === undefined ? 0 : parseIntFlag(o.count, "--count", { min: 1 });
      await withConnection(deps, c, (nc, ctx) => consumerSub(deps, nc, ctx, stream, name, count, { ...o, all: allFlag(c) }));
    });
}

/** Pull consumer: pulls, shows and acknowledges one message. Push consumer: shows its deliveries until Ctrl-C or `count`. */
export async function consumerSub(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, count: number, o: ConsumerSubOptions): Promise<number> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  // natscli: nothing to acknowledge on an ack-none consumer
  const ack = o.ack !== false && ci.config.ack_policy !== "none";
  if (!ci.config.deliver_subject) {
    await pullAndShow(deps, nc, ctx, ci, 1, 0, { ack, raw: o.raw });
    return 1;
  }
  return pushSub(deps, nc, ctx, ci, count, ack, o);
}

async function pushSub(deps: Deps, nc: NatsConnection, ctx: ConnCtx, ci: ConsumerInfo, count: number, ack: boolean, o: ConsumerSubOptions): Promise<number> {
  const out = deps.io.out;
  if (ci.push_bound && !ci.config.deliver_group) throw pushBound(ci.stream_name, ci.name);
  if (!o.raw) {
    out.write(`Subscribing to topic ${ci.config.deliver_subject} auto acknowledgment: ${ack}\n\n`);
    out.write(`Consumer Info:\n  Ack Policy: ${ackPolicyText(ci.config.ack_policy)}\n`);
    if (ci.config.ack_policy !== "none") out.write(`    Ack Wait: ${goDuration(fromNanos(ci.config.ack_wait))}\n`);
    out.write("\n");
  }
  // the client answers flow control and idle heartbeats, and subscribes in the consumer's deliver group (natscli
  // has a --deliver-group flag here that it never uses: the consumer's own group is the only one the server serves)
  const consumer = await jetstream(nc, cleanJs(ctx.js)).consumers.getPushConsumer(ci.stream_name, ci.name);
  const messages = await consumer.consume();
  let n = 0;
  const show = (m: JsMsg) => {
    if (o.raw) {
      out.write(`${m.string()}\n`);
      return;
    }
    const i = m.info;
    out.write(`[${timePrefix(deps.now()).trim()}] subj: ${m.subject} / tries: ${i.deliveryCount} / cons seq: ${i.deliverySequence} / str seq: ${i.streamSequence} / pending: ${commas(i.pending)}\n`);
    const keys = m.headers?.keys() ?? [];
    if (keys.length) {
      out.write("\nHeaders:\n\n");
      for (const k of keys) for (const v of m.headers!.values(k)) out.write(`   ${k}: ${v}\n`);
      out.write("\nData:\n");
    }
    const body = m.string();
    out.write(`${body}\n`);
    if (!body.endsWith("\n")) out.write("\n");
  };
  const stop = () => void messages.close().catch(() => undefined);
  void aborted(deps.signal).then(stop);
  for await (const m of messages) {
    show(m);
    if (ack) m.ack();
    if (count && ++n >= count) break;
  }
  stop();
  await nc.flush();
  return n;
}
