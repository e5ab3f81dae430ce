import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { parseTimerDuration } from "../../util/duration.js";
import { parseIntFlag } from "../../util/flags.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer, pullAndShow } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { examplesText } from "../shared/examples.js";

export interface ConsumerNextOptions { ack?: boolean; nak?: boolean; term?: boolean; raw?: boolean; count: string; wait?: string; expires?: string; all?: boolean }

/** `consumer next [STREAM] [NAME]`: pulls --count messages from a pull consumer and acks, naks or terms them. */
export function consumerNextCommand(deps: Deps): Command {
  return new Command("next").description("Retrieves messages from Pull Consumers without interactive prompts").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("--ack", "Acknowledge received message (default true)")
    .option("--no-ack", "Do not acknowledge received messages")
    .option("--nak", "Perform a Negative Acknowledgement on the message")
    .option("--term", "Terms the message")
    .option("-r, --raw", "Show only the message")
    .option("--count <n>", "Number of messages to try to fetch from the Pull Consumer", "1")
    .option("--wait <duration>", "Wait up to this period to acknowledge messages")
    .option("--expires <duration>", "How long to wait for a message before giving up (default: the --timeout)")
    .addHelpText("after", examplesText("nats consumer next ORDERS NEW", "nats consumer next ORDERS NEW --count 10 --raw", "nats consumer next ORDERS NEW --no-ack   # look without acknowledging"))
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerNextOptions, c: Command) => {
      if ([o.nak, o.term, o.ack === false].filter(Boolean).length > 1) throw usageError("--nak, --term and --no-ack are mutually exclusive");
      const count = parseIntFlag(o.count, "--count", { min: 1 });
      const ackDelay = o.wait ? parseTimerDuration(o.wait, "--wait") : 0;
      await withConnection(deps, c, (nc, ctx) => consumerNext(deps, nc, ctx, stream, name, count, ackDelay, { ...o, all: allFlag(c) }));
    });
}

/** Fetches `count` messages from a pull consumer one at a time, prints each and acks, naks or terms it as asked. */
export async function consumerNext(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, count: number, ackDelay: number, o: ConsumerNextOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  if (ci.config.deliver_subject) throw usageError(`consumer "${p.consumer}" is not a Pull consumer`);
  await pullAndShow(deps, nc, ctx, ci, count, ackDelay, o);
}
