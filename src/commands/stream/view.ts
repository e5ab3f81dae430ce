import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream, type JsMsg } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { parseDuration } from "../../util/duration.js";
import { canPrompt, confirm } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";
import { localTime } from "../../output/format.js";
import { cleanJs, manager } from "../../jetstream/manager.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { log } from "../../output/io.js";
import { messageJson } from "../../output/message.js";
import { compileFormat } from "../../util/message-format.js";
import type { JqProgram } from "../../output/jq.js";
import { jsJsonFields } from "../../jetstream/sub-meta.js";

export interface StreamViewOptions { id?: string; since?: string; raw?: boolean; subject?: string; all?: boolean; format?: string; where?: string }

/** `stream view [NAME] [SIZE]`: pages through messages on a terminal; without one, prints them all (never hangs in a pipe). */
export function streamViewCommand(deps: Deps): Command {
  return new Command("view").description("View messages in a stream").argument("[stream]", "Stream name").argument("[size]", "How many messages to show per page (max 25)", "10")
    .option("--id <seq>", "Start at a specific message Sequence")
    .option("--since <duration>", "Delivers messages received since a duration like 1d3h5m2s")
    .option("--raw", "Show the raw data received")
    .option("--subject <subject>", "Filter the stream using a subject")
    .option("--format <template>", "One line per message from a template: {{.Seq}} {{.Subject}} {{.Data}} {{.Time}} {{.Size}} {{.Header \"Name\"}} {{.Base64}} (natsx)")
    .option("--where <filter>", "Only messages for which this jq filter is true, over the sub --json record with data parsed when it is JSON (natsx)")
    .addHelpText("after", `
Without a terminal every message is printed, no pages (natsx; natscli refuses).

Examples:
  nats stream view ORDERS --format '{{.Seq}} {{.Subject}} {{.Data}}' > orders.txt
  nats stream view ORDERS --where '.data.total > 100' --subject 'orders.eu'`)
    .action(async (name: string | undefined, sizeArg: string, o: StreamViewOptions, c: Command) => {
      // natscli shows at most 25 a page
      const size = Math.min(25, parseIntFlag(sizeArg, "size", { min: 1 }));
      if (o.id && o.since) throw usageError("--id and --since are mutually exclusive");
      if (o.format !== undefined && o.raw) throw usageError("--format and --raw cannot be used together");
      if (o.format !== undefined) compileFormat(o.format);
      const where = o.where !== undefined ? await (await import("../../output/jq.js")).JqProgram.compile(o.where, "--where") : undefined;
      await withConnection(deps, c, (nc, ctx) => streamView(deps, nc, ctx, name, size, { ...o, all: allFlag(c) }, where));
    });
}

/**
 * Pages through the stream's messages on the terminal, `size` a page, until the end or the user stops; without a
 * terminal (a pipe, a script) it prints every message without asking (natscli #1357, #820).
 */
export async function streamView(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, size: number, o: StreamViewOptions, where?: JqProgram): Promise<number> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const paging = canPrompt(deps.io);
  const js = jetstream(nc, cleanJs(ctx.js));
  const opts: Record<string, unknown> = { filter_subjects: o.subject ?? undefined };
  if (o.id) Object.assign(opts, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: parseIntFlag(o.id, "--id", { min: 1 }) });
  else if (o.since) Object.assign(opts, { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(deps.now() - parseDuration(o.since, "--since")).toISOString() });
  else Object.assign(opts, { deliver_policy: DeliverPolicy.All });
  const format = o.format !== undefined ? compileFormat(o.format) : undefined;
  const jq = where ? await import("../../output/jq.js") : undefined;
  const whereErrors = jq && new jq.WhereErrors((l) => log(deps.io, deps.now(), l));
  // the end notice is for the terminal's reader; in a pipe it would be taken for data
  const notice = (s: string) => (paging ? deps.io.out.write(`${s}\n`) : log(deps.io, deps.now(), s));
  const consumer = await js.consumers.get(stream, opts);
  let shown = 0;
  try {
    for (;;) {
      const batch = await consumer.fetch({ max_messages: paging ? size : 256, expires: 2000 });
      const msgs: JsMsg[] = [];
      let last = false;
      for await (const m of batch) {
        msgs.push(m);
        if (m.info.pending === 0) { last = true; break; }
      }
      let keep = msgs.map(() => true);
      if (where) {
        const r = where.test(msgs.map((m) => jq!.whereText(recordOf(m))));
        r.errors.forEach((e) => whereErrors!.report(e));
        keep = r.keep;
      }
      msgs.forEach((m, i) => {
        if (!keep[i]) return;
        shown++;
        const body = m.string();
        if (format) deps.io.out.write(format({ subject: m.subject, data: m.data, headers: m.headers, time: new Date(m.info.timestampNanos / 1e6), seq: m.seq, stream }, shown, deps.now()));
        else if (o.raw) deps.io.out.write(`${body}\n`);
        else {
          deps.io.out.write(`[${m.seq}] Subject: ${m.subject} Received: ${localTime(new Date(m.info.timestampNanos / 1e6))}\n`);
          for (const k of m.headers?.keys() ?? []) deps.io.out.write(`  ${k}: ${m.headers!.get(k)}\n`);
          deps.io.out.write(`\n${body.length ? body : "nil body"}\n\n`);
        }
      });
      if (msgs.length === 0 || last) {
        notice("Reached apparent end of data");
        return shown;
      }
      if (!paging) continue;
      if (!(await confirm(deps.io, "Next Page?", true))) return shown;
    }
  } finally {
    whereErrors?.summary();
    // the ordered consumer would otherwise linger until the server's inactivity threshold
    await consumer.delete().catch(() => undefined);
  }
}

/** The record --where sees: what `sub --stream --json` prints for the message. */
function recordOf(m: JsMsg): Record<string, unknown> {
  return { ...messageJson(m.subject, m.headers, m.data), ...jsJsonFields({ stream: m.info.stream, seq: m.seq, consumerSeq: m.info.deliverySequence, pending: m.info.pending, time: new Date(m.info.timestampNanos / 1e6), redelivered: m.redelivered }) };
}
