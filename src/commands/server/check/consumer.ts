import { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { humanDuration } from "../../../output/format.js";
import { lastActiveMs } from "../../../jetstream/wire.js";
import { durFlag, numFlag, runJsCheck, type CheckResult } from "./shared.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckConsumerOptions {
  stream?: string; consumer?: string; outstandingAckCritical: string; waitingCritical: string; unprocessedCritical: string;
  lastDeliveryCritical: string; lastAckCritical: string; redeliveryCritical: string;
}

function countCheck(r: CheckResult, name: string, label: string, value: number, crit: number | undefined): void {
  r.metric({ name, value, critical: crit });
  if (crit !== undefined && crit > 0 && value >= crit) r.crit(`${label}: ${value} >= ${crit}`);
}

/** The thresholds of `server check consumer`, parsed. */
export interface ServerCheckConsumerThresholds { ack?: number; waiting?: number; pending?: number; redelivered?: number; lastDelivery?: number; lastAck?: number }

/** `server check consumer --stream S --consumer C`: pending, waiting, redelivered and activity ages of one consumer. */
export function serverCheckConsumerCommand(deps: Deps): Command {
  return new Command("consumer")
    .description("Checks the health of a consumer")
    .option("--stream <name>", "The stream to check")
    .option("--consumer <name>", "The consumer to check")
    .option("--outstanding-ack-critical <n>", "Maximum number of outstanding acks to allow", "-1")
    .option("--waiting-critical <n>", "Maximum number of waiting pulls to allow", "-1")
    .option("--unprocessed-critical <n>", "Maximum number of unprocessed messages to allow", "-1")
    .option("--last-delivery-critical <duration>", "Time to allow since the last delivery", "0s")
    .option("--last-ack-critical <duration>", "Time to allow since the last ack", "0s")
    .option("--redelivery-critical <n>", "Maximum number of redeliveries to allow", "-1")
    .addHelpText("after", examplesText("nats server check consumer --stream ORDERS --consumer NEW --outstanding-ack-critical 100", "nats server check consumer --stream ORDERS --consumer NEW --last-delivery-critical 5m"))
    .action(async (o: ServerCheckConsumerOptions, cmd: Command) => {
      if (!o.stream || !o.consumer) throw usageError("server check consumer needs --stream NAME and --consumer NAME");
      // Parse every threshold before connecting: a typo is a usage error (exit 2), not a CRITICAL.
      const t = {
        ack: numFlag(o.outstandingAckCritical, "--outstanding-ack-critical"), waiting: numFlag(o.waitingCritical, "--waiting-critical"),
        pending: numFlag(o.unprocessedCritical, "--unprocessed-critical"), redelivered: numFlag(o.redeliveryCritical, "--redelivery-critical"),
        lastDelivery: durFlag(o.lastDeliveryCritical, "--last-delivery-critical"), lastAck: durFlag(o.lastAckCritical, "--last-ack-critical"),
      };
      await runJsCheck(deps, cmd, "consumer", `${o.stream}_${o.consumer}`, (r, jsm) => serverCheckConsumer(deps, r, jsm, o, t));
    });
}

/** Checks the consumer's pending, waiting and redelivered counts and its activity ages against the thresholds. */
export async function serverCheckConsumer(deps: Deps, r: CheckResult, jsm: JetStreamManager, o: ServerCheckConsumerOptions, t: ServerCheckConsumerThresholds): Promise<void> {
  const ci = await jsm.consumers.info(o.stream!, o.consumer!);
  countCheck(r, "ack_pending", "Ack Pending", ci.num_ack_pending, t.ack);
  countCheck(r, "pull_waiting", "Waiting Pulls", ci.num_waiting, t.waiting);
  countCheck(r, "pending", "Unprocessed Messages", ci.num_pending, t.pending);
  countCheck(r, "redelivered", "Redelivered Messages", ci.num_redelivered, t.redelivered);
  const ages: [string, number | undefined, number | undefined][] = [
    ["Last Delivery", lastActiveMs(ci.delivered), t.lastDelivery],
    ["Last Ack", lastActiveMs(ci.ack_floor), t.lastAck],
  ];
  for (const [label, at, crit] of ages) {
    if (!crit) continue;
    const since = at !== undefined && Number.isFinite(at) ? deps.now() - at : Infinity;
    if (since >= crit) r.crit(`${label} ${Number.isFinite(since) ? `${humanDuration(since)} ago` : "never"}, over ${humanDuration(crit)}`);
  }
  if (!r.criticals.length) r.ok(`consumer ${o.consumer} on ${o.stream} is healthy`);
}
