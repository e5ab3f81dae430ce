import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, usageError } from "../../errors.js";
import { humanDuration, localTime } from "../../output/format.js";
import { parsePauseUntil } from "../../jetstream/consumer-config.js";
import { confirmDestructive } from "../../output/prompt.js";
import { fromNanos } from "../../jetstream/wire.js";
import { requireServer } from "../../jetstream/version.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { examplesText } from "../shared/examples.js";

export interface ConsumerPauseOptions { force?: boolean; all?: boolean }

/** `consumer pause [STREAM] [NAME] [UNTIL]`: pauses delivery (server 2.11+; older servers are refused up front, not timed out on). */
export function consumerPauseCommand(deps: Deps): Command {
  return new Command("pause").description("Pause a consumer until a later time").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name").argument("[until]", "Pause until a specific time (YYYY-MM-DD HH:MM:SS) or for a duration like 1h")
    .option("-f, --force", "Force pause without prompting")
    .addHelpText("after", examplesText("nats consumer pause ORDERS NEW 1h", "nats consumer pause ORDERS NEW '2026-12-24 18:00:00' -f"))
    .action(async (stream: string | undefined, name: string | undefined, untilArg: string | undefined, o: ConsumerPauseOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerPause(deps, nc, ctx, stream, name, untilArg, { ...o, all: allFlag(c) }));
    });
}

/** Pauses the consumer until the given time or for the given duration, once confirmed (server 2.11+). */
export async function consumerPause(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, untilArg: string | undefined, o: ConsumerPauseOptions): Promise<void> {
  requireServer(nc, "2.11.0", "pausing consumers");
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  if (!untilArg) throw usageError("a pause time is required", "e.g. nats consumer pause STREAM CONSUMER 1h");
  const until = parsePauseUntil(untilArg, deps.now());
  if (until.getTime() <= deps.now()) throw usageError("the pause time must be in the future");
  if (!(await confirmDestructive(deps.io, o.force, `Pause Consumer ${p.stream} > ${p.consumer} until ${localTime(until)}`))) return;
  const r = (await jsm.consumers.pause(p.stream, p.consumer, until)) as { paused: boolean; pause_until?: string; pause_remaining?: number };
  if (!r.paused) throw new CliError(`consumer ${p.stream} > ${p.consumer} was not paused`);
  deps.io.out.write(`Paused ${p.stream} > ${p.consumer} until ${localTime(r.pause_until ?? until)} (${humanDuration(fromNanos(r.pause_remaining))})\n`);
}

/** `consumer resume [STREAM] [NAME]`: resumes a paused consumer (server 2.11+). */
export function consumerResumeCommand(deps: Deps): Command {
  return new Command("resume").description("Resume a paused consumer").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("-f, --force", "Force resume without prompting")
    .addHelpText("after", examplesText("nats consumer resume ORDERS NEW", "nats consumer resume ORDERS NEW -f"))
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerPauseOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerResume(deps, nc, ctx, stream, name, { ...o, all: allFlag(c) }));
    });
}

/** Resumes a paused consumer once confirmed (server 2.11+). */
export async function consumerResume(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, o: ConsumerPauseOptions): Promise<void> {
  requireServer(nc, "2.11.0", "resuming consumers");
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  const info = ci as typeof ci & { paused?: boolean };
  if (!info.paused) throw new CliError(`consumer ${p.stream} > ${p.consumer} is not paused`);
  if (!(await confirmDestructive(deps.io, o.force, `Resume Consumer ${p.stream} > ${p.consumer}`))) return;
  await jsm.consumers.resume(p.stream, p.consumer);
  deps.io.out.write(`Consumer ${p.stream} > ${p.consumer} was resumed while previously paused until ${localTime(String(ci.config.pause_until ?? ""))}\n`);
}
