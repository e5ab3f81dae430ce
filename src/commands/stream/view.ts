import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, usageError } from "../../errors.js";
import { parseDuration } from "../../util/duration.js";
import { canPrompt, readLine } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";
import { localTime } from "../../output/format.js";
import { cleanJs, manager } from "../../jetstream/manager.js";
import { allFlag, pickStream } from "../shared/pick.js";

export interface StreamViewOptions { id?: string; since?: string; raw?: boolean; subject?: string; all?: boolean }

/** `stream view [NAME] [SIZE]`: pages through messages on a terminal; refuses without one (never hangs in a pipe). */
export function streamViewCommand(deps: Deps): Command {
  return new Command("view").description("View messages in a stream").argument("[stream]", "Stream name").argument("[size]", "How many messages to show per page (max 25)", "10")
    .option("--id <seq>", "Start at a specific message Sequence")
    .option("--since <duration>", "Delivers messages received since a duration like 1d3h5m2s")
    .option("--raw", "Show the raw data received")
    .option("--subject <subject>", "Filter the stream using a subject")
    .action(async (name: string | undefined, sizeArg: string, o: StreamViewOptions, c: Command) => {
      if (!canPrompt(deps.io)) throw new CliError("interactive stream paging requires a valid terminal", { exitCode: 2, hint: "use `nats stream get` or `nats sub --stream NAME --all -T` in scripts" });
      // natscli shows at most 25 a page
      const size = Math.min(25, parseIntFlag(sizeArg, "size", { min: 1 }));
      if (o.id && o.since) throw usageError("--id and --since are mutually exclusive");
      await withConnection(deps, c, (nc, ctx) => streamView(deps, nc, ctx, name, size, { ...o, all: allFlag(c) }));
    });
}

/** Pages through the stream's messages on the terminal, `size` a page, until the end or the user stops. */
export async function streamView(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, size: number, o: StreamViewOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const js = jetstream(nc, cleanJs(ctx.js));
  const opts: Record<string, unknown> = { filter_subjects: o.subject ?? undefined };
  if (o.id) Object.assign(opts, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: parseIntFlag(o.id, "--id", { min: 1 }) });
  else if (o.since) Object.assign(opts, { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(deps.now() - parseDuration(o.since, "--since")).toISOString() });
  else Object.assign(opts, { deliver_policy: DeliverPolicy.All });
  const consumer = await js.consumers.get(stream, opts);
  for (;;) {
    const batch = await consumer.fetch({ max_messages: size, expires: 2000 });
    let n = 0;
    let last = false;
    for await (const m of batch) {
      n++;
      const body = m.string();
      if (o.raw) deps.io.out.write(`${body}\n`);
      else {
        deps.io.out.write(`[${m.seq}] Subject: ${m.subject} Received: ${localTime(new Date(m.info.timestampNanos / 1e6))}\n`);
        for (const k of m.headers?.keys() ?? []) deps.io.out.write(`  ${k}: ${m.headers!.get(k)}\n`);
        deps.io.out.write(`\n${body.length ? body : "nil body"}\n\n`);
      }
      if (m.info.pending === 0) last = true;
    }
    if (n === 0 || last) {
      deps.io.out.write("Reached apparent end of data\n");
      return;
    }
    const a = (await readLine(deps.io, "? Next Page? (Y/n) ")).trim().toLowerCase();
    if (a === "n" || a === "no") return;
  }
}
