import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { CliError, ExitCode } from "../errors.js";
import { createInbox, headers as newHeaders, inboxPrefixOf } from "../nats-client.js";
import { printJson } from "../output/json.js";
import { requireServer } from "../jetstream/version.js";
import { collect } from "../util/flags.js";
import { buildHeaders, parseHeaderFlags } from "../util/headers.js";
import { checkPublishSubject } from "../util/subject.js";
import { arrow, linkTrace, renderTrace, type TraceEvent } from "../trace/render.js";

export interface TraceOptions { deliver?: boolean; timestamp?: boolean; header?: string[]; json?: boolean }

/** `nats trace SUBJECT [PAYLOAD]`: the server's own account of where a message went (nats-server 2.11 message tracing). */
export function createCommand(deps: Deps): Command {
  return new Command("trace")
    .description("Trace message delivery within an NATS network")
    .argument("<subject>", "The subject to publish to")
    .argument("[payload]", "The message body to send", "")
    .option("--deliver", "Deliver the message to the final destination", false)
    .option("-T, --timestamp", "Show event timestamps", false)
    .option("-H, --header <KEY:VALUE>", "Adds headers to the trace message using K:V format (repeatable)", collect)
    .option("-j, --json", "Print the servers' trace events as one JSON document (natsx)", false)
    .addHelpText("after", `
Needs NATS Server 2.11 or newer. Without --deliver the servers only report where the message would go.

Examples:
  nats trace orders.new
  nats trace orders.new '{"id":1}' --deliver -T`)
    .action(async (subject: string, payload: string, opts: TraceOptions, cmd: Command) => {
      checkPublishSubject(subject);
      const specs = parseHeaderFlags(opts.header);
      await withConnection(deps, cmd, async (nc, ctx) => {
        requireServer(nc, "2.11.0", "tracing messages");
        await traceRun(deps, nc, subject, payload, { ...opts, headers: specs.length ? buildHeaders(specs, { count: 1, now: deps.now() }) : undefined, waitMs: ctx.plan.timeoutMs });
      });
    });
}

/** Publishes the traced message, gathers the servers' events until they stall (or the timeout), and prints the tree. */
export async function traceRun(deps: Deps, nc: NatsConnection, subject: string, payload: string, o: TraceOptions & { headers?: ReturnType<typeof buildHeaders>; waitMs: number }): Promise<TraceEvent | undefined> {
  const inbox = createInbox(inboxPrefixOf(nc));
  const events: TraceEvent[] = [];
  let settle!: () => void;
  const settled = new Promise<void>((r) => { settle = r; });
  let stall: ReturnType<typeof setTimeout> | undefined;
  const hard = setTimeout(() => settle(), o.waitMs);
  const sub = nc.subscribe(inbox, {
    callback: (_e, m) => {
      if (!m) return;
      try {
        events.push(JSON.parse(new TextDecoder().decode(m.data)) as TraceEvent);
      } catch {
        return;
      }
      // the servers on the path answer within moments of each other: a quiet 500 ms means all are in
      clearTimeout(stall);
      stall = setTimeout(() => settle(), 500);
    },
  });
  await nc.flush();
  const h = newHeaders();
  for (const [k, vs] of (o.headers ?? []) as unknown as Iterable<[string, string[]]>) for (const v of vs) h.append(k, v);
  h.set("Nats-Trace-Dest", inbox);
  if (!o.deliver) h.set("Nats-Trace-Only", "true");
  if (!o.json) deps.io.out.write(`Tracing message route to subject ${subject}${o.deliver ? " with delivery to the final destination" : ""}\n\n`);
  nc.publish(subject, payload, { headers: h });
  await nc.flush();
  await settled;
  clearTimeout(stall);
  clearTimeout(hard);
  sub.unsubscribe();
  if (events.length === 0) throw new CliError(`no trace events arrived within ${o.waitMs} ms`, { exitCode: ExitCode.TIMEOUT, hint: "raise --timeout, or check that the servers on the path run NATS Server 2.11 or newer" });
  const { origin, missing } = linkTrace(events);
  if (o.json) {
    printJson(deps.io, { events, missing_hops: missing });
    return origin;
  }
  if (!origin) throw new CliError("the trace has no event from the server the message entered", { exitCode: ExitCode.FAILURE });
  const egress: Record<string, number> = {};
  const lines = renderTrace(origin, { timestamps: Boolean(o.timestamp) }, egress);
  const legend = `Legend: Client: ${arrow(0)} Router: ${arrow(1)} Gateway: ${arrow(2)} Leafnode: ${arrow(4)} JetStream: ${arrow(5)} Error: --X`;
  const out = [...lines, "", legend, ""];
  const kinds = Object.keys(egress).sort();
  if (kinds.length) {
    const w = Math.max(...kinds.map((k) => k.length));
    out.push("Egress Count:", "", ...kinds.map((k) => `  ${k.padStart(w)}: ${egress[k]}`), "");
  }
  if ((egress.JetStream ?? 0) > 1) out.push(`WARNING: The message was received by ${egress.JetStream} streams`);
  if (missing.length) out.push(`WARNING: ${missing.length} server(s) on the path sent no trace within the wait (hops ${missing.join(", ")})`);
  deps.io.out.write(`${out.join("\n")}\n`);
  return origin;
}
