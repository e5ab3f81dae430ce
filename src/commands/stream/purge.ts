import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { commas } from "../../output/format.js";
import { confirmDestructive } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

interface StreamPurgeFlags { force?: boolean; subject?: string; seq?: string; keep?: string; json?: boolean }

/** What `stream purge` removes (all when neither `seq` nor `keep`), parsed. */
export interface StreamPurgeOptions { force?: boolean; json?: boolean; all?: boolean; filter?: string; seq?: number; keep?: number }

/** `stream purge [NAME]`: removes all messages, or those of --subject, below --seq, or all but --keep. */
export function streamPurgeCommand(deps: Deps): Command {
  return new Command("purge").description("Purge a Stream without deleting it").argument("[stream]", "Stream name")
    .option("-f, --force", "Force removal without prompting")
    .option("--subject <subject>", "Limits the purge to a specific subject")
    .option("--seq <sequence>", "Purge up to but not including a specific message sequence")
    .option("--keep <n>", "Keeps a certain number of messages after the purge")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream purge ORDERS -f", "nats stream purge ORDERS --seq 1000 -f   # up to, but not including, 1000", "nats stream purge ORDERS --keep 100 -f", "nats stream purge ORDERS --subject orders.cancelled -f"))
    .action(async (name: string | undefined, o: StreamPurgeFlags, c: Command) => {
      if (o.seq !== undefined && o.keep !== undefined) throw usageError("sequence and keep cannot be combined when purging");
      const opts: StreamPurgeOptions = { force: o.force, json: o.json, all: allFlag(c) };
      if (o.subject) opts.filter = o.subject;
      if (o.seq !== undefined) opts.seq = parseIntFlag(o.seq, "--seq", { min: 1 });
      if (o.keep !== undefined) opts.keep = parseIntFlag(o.keep, "--keep");
      await withConnection(deps, c, (nc, ctx) => streamPurge(deps, nc, ctx, name, opts));
    });
}

/** Purges once confirmed, then shows the stream's state; undefined when the user declined. */
export async function streamPurge(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, o: StreamPurgeOptions): Promise<StreamInfo | undefined> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  await jsm.streams.info(stream);
  if (!(await confirmDestructive(deps.io, o.force, `Really purge Stream ${stream}`))) return undefined;
  const req: { filter?: string; seq?: number; keep?: number } = {};
  if (o.filter !== undefined) req.filter = o.filter;
  if (o.seq !== undefined) req.seq = o.seq;
  if (o.keep !== undefined) req.keep = o.keep;
  const r = await withSpinner(deps.io, `Purging stream ${stream}`, jsm.streams.purge(stream, req as never), { enabled: !o.json });
  const si = await jsm.streams.info(stream);
  if (o.json) printJson(deps.io, si);
  else deps.io.out.write(`Purged ${commas(r.purged)} messages from ${stream}\n\n${renderStreamInfo(si, deps.now(), { stateOnly: true })}\n`);
  return si;
}
