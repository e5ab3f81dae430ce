import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StoredMsg } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { notFound, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { humanDuration, localTime } from "../../output/format.js";
import { parseIntFlag } from "../../util/flags.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { compileFormat } from "../../util/message-format.js";

/** The API's raw stored message: what natscli prints with --json (base64 `hdrs` and `data`). */
export function storedMsgJson(m: StoredMsg): { subject: string; seq: number; hdrs?: string; data?: string; time: string } {
  const raw = (m as unknown as { smr?: { message?: { subject: string; seq: number; hdrs?: string; data?: string; time: string } } }).smr?.message;
  if (raw) return { subject: raw.subject, seq: raw.seq, hdrs: raw.hdrs, data: raw.data, time: raw.time };
  return { subject: m.subject, seq: m.seq, data: Buffer.from(m.data).toString("base64"), time: m.timestamp };
}

export interface StreamGetOptions { lastFor?: string; json?: boolean; all?: boolean; format?: string }

/** `stream get [NAME] [SEQ]`: one stored message by sequence or the last one for a subject. */
export function streamGetCommand(deps: Deps): Command {
  return new Command("get").description("Retrieves a specific message from a Stream").argument("[stream]", "Stream name").argument("[seq]", "Message Sequence to retrieve")
    .option("-S, --last-for <subject>", "Retrieves the message for a specific subject")
    .option("-j, --json", "Produce JSON output")
    .option("--format <template>", "Print the message from a template: {{.Subject}} {{.Seq}} {{.Time}} {{.Data}} {{.Size}} {{.Header \"Name\"}} {{.Base64}} {{.Hex}} (natsx)")
    .addHelpText("after", "\nExamples:\n  nats stream get ORDERS 42 --format '{{.Seq}} {{.Subject}} {{.Data}}'\n  nats stream get ORDERS --last-for orders.new --jq '.data | @base64d'")
    .action(async (name: string | undefined, seqArg: string | undefined, o: StreamGetOptions, c: Command) => {
      if (o.format !== undefined && o.json) throw usageError("--format and --json cannot be used together");
      if (o.format !== undefined) compileFormat(o.format);
      if (!o.lastFor && seqArg === undefined && name !== undefined && !deps.io.inIsTTY) throw usageError("a message sequence or --last-for SUBJECT is required");
      await withConnection(deps, c, (nc, ctx) => streamGet(deps, nc, ctx, name, seqArg, { ...o, all: allFlag(c) }));
    });
}

/** Shows message SEQ, or the last one for --last-for, with its headers; or the API's stored message as JSON. */
export async function streamGet(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, seqArg: string | undefined, o: StreamGetOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  let seq: number | undefined;
  if (!o.lastFor) {
    if (seqArg === undefined) throw usageError("a message sequence or --last-for SUBJECT is required");
    seq = parseIntFlag(seqArg, "sequence", { min: 1 });
  }
  const m = await jsm.streams.getMessage(stream, o.lastFor ? { last_by_subj: o.lastFor } : { seq: seq! });
  if (!m) {
    const hint = `\`nats stream info ${stream}\` shows its first and last sequence and subjects`;
    throw o.lastFor ? notFound("message for subject", o.lastFor, { in: `stream "${stream}"`, hint }) : notFound("message", seq!, { in: `stream "${stream}"`, hint });
  }
  if (o.json) return printJson(deps.io, storedMsgJson(m));
  if (o.format !== undefined) {
    deps.io.out.write(compileFormat(o.format)({ subject: m.subject, data: m.data, headers: m.header, time: m.time, seq: m.seq, stream }, 1, deps.now()));
    return;
  }
  const age = humanDuration(Math.max(0, deps.now() - m.time.getTime()));
  deps.io.out.write(`Item: ${stream}#${m.seq} received ${localTime(m.time)} (${age}) on Subject ${m.subject}\n\n`);
  const h = m.header;
  const keys = h ? h.keys() : [];
  if (keys.length) {
    deps.io.out.write("Headers:\n");
    for (const k of keys) for (const v of h.values(k)) deps.io.out.write(`  ${k}: ${v}\n`);
    deps.io.out.write("\n");
  }
  const body = Buffer.from(m.data).toString("utf8");
  deps.io.out.write(body.length === 0 ? "nil body\n" : body.endsWith("\n") ? body : `${body}\n`);
  deps.io.out.write("\n");
}
