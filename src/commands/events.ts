import { Command, Option } from "commander";
import type { Msg, NatsConnection, Status, Subscription } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { withConnection, type ConnCtx } from "../context/connect.js";
import { SYSTEM_ACCOUNT_HINT, SYSTEM_ACCOUNT_HOWTO, usageError } from "../errors.js";
import { log } from "../output/io.js";
import { localTime } from "../output/format.js";
import { redactCredentials } from "../redact.js";
import { parseDuration } from "../util/duration.js";
import { collect } from "../util/flags.js";
import { checkSubscribeSubject } from "../util/subject.js";
import { cloudEvent, EVENT_SUBJECTS, renderEvent, shortTime, type NatsEvent } from "../events/render.js";
import { gather } from "../sys/gather.js";
import { performance } from "node:perf_hooks";

export interface EventsOptions {
  all?: boolean;
  json?: boolean;
  cloudevent?: boolean;
  short?: boolean;
  filter?: string;
  jsMetric?: boolean;
  jsAdvisory?: boolean;
  srvAdvisory: boolean;
  subjects?: string[];
  stream?: string;
  since?: string;
}

/** What `events` watches, checked before connecting. */
export interface EventsPlan {
  filter: RegExp;
  subjects: { subject: string; what: string }[];
  stream?: string;
  sinceMs?: number;
  mode: "text" | "json" | "cloudevent";
  short: boolean;
  serverEvents: boolean;
}

/** `nats events` (event, e): advisories, metrics and server events as lines, blocks, NDJSON or CloudEvents. */
export function createCommand(deps: Deps): Command {
  return new Command("events").aliases(["event", "e"])
    .description("Show Advisories and Events")
    .option("-a, --all", "Show all events", false)
    .option("-j, --json", "Produce JSON output (one event per line)", false)
    .option("--cloudevent", "Produce CloudEvents v1 output (one event per line)", false)
    .option("--short", "Short event format", false)
    .option("--filter <regex>", "Filter across the entire event using regular expressions (case-insensitive)")
    .option("--js-metric", "Shows JetStream metric events", false)
    .option("--js-advisory", "Shows advisory events", false)
    .addOption(new Option("--srv-advisory", "Shows NATS Server advisories: connections, authentication errors, shutdowns (default)").default(true))
    .option("--no-srv-advisory", "Do not show NATS Server advisories")
    .option("--subjects <subject>", "Show Advisories and Metrics received on specific subjects (repeatable)", collect)
    .option("--stream <stream>", "Reads events from a Stream only")
    .option("--since <duration>", "When reading a Stream reads from a certain duration ago")
    .addHelpText("after", `
Server events (connections, disconnections, authentication errors, shutdowns) go to the system
account: connect as one of its users to see them. JetStream advisories and metrics go to the account
that owns the stream or consumer.

Examples:
  nats events --short                         # connections and failed logins, one line each (system account)
  nats events --js-advisory --no-srv-advisory # stream and consumer create/delete, leader elections
  nats events --all --json | jq .type         # everything, one JSON object per line
  nats events --stream ADVISORIES --since 1h  # events kept in a stream`)
    .action(async (opts: EventsOptions, cmd: Command) => {
      const plan = planEvents(opts);
      await withConnection(deps, cmd, (nc, ctx) => eventsRun(deps, nc, ctx, plan), { drain: true });
    });
}

/** Checks the flags and turns them into what to subscribe to (natscli events_command.go's rules). */
export function planEvents(o: EventsOptions): EventsPlan {
  let filter: RegExp;
  try {
    filter = new RegExp(o.filter ?? ".", "i");
  } catch (e) {
    throw usageError(`invalid --filter regular expression "${o.filter}": ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
  const extra = (o.subjects ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const s of extra) checkSubscribeSubject(s);
  const selects = Boolean(o.all || o.jsAdvisory || o.jsMetric || extra.length);
  if (o.stream !== undefined && !o.stream.trim()) throw usageError("--stream needs a stream name");
  if (!selects && !o.srvAdvisory && o.stream === undefined) throw usageError("no events were chosen", "add --all, --js-advisory, --js-metric, --subjects, --stream or drop --no-srv-advisory");
  if (selects && o.stream !== undefined) throw usageError("cannot specify both Stream and specific advisories or extra subjects");
  if (o.since !== undefined && o.stream === undefined) throw usageError("--since reads events kept in a stream: add --stream");
  if (o.json && o.cloudevent) throw usageError("--json and --cloudevent cannot be used together", "--cloudevent already prints one JSON object per line");
  const sinceMs = o.since === undefined ? undefined : parseDuration(o.since, "--since");
  const subjects: EventsPlan["subjects"] = [];
  const serverEvents = o.stream === undefined && Boolean(o.srvAdvisory || o.all);
  if (o.stream === undefined) {
    if (o.jsAdvisory || o.all) subjects.push({ subject: EVENT_SUBJECTS.jsAdvisory, what: "Advisories" });
    if (o.jsMetric || o.all) subjects.push({ subject: EVENT_SUBJECTS.jsMetric, what: "Metrics" });
    if (serverEvents) {
      subjects.push({ subject: EVENT_SUBJECTS.connect, what: "Client Connection events" });
      subjects.push({ subject: EVENT_SUBJECTS.disconnect, what: "Client Disconnection events" });
      subjects.push({ subject: EVENT_SUBJECTS.authError, what: "Authentication Errors events" });
      subjects.push({ subject: EVENT_SUBJECTS.shutdown, what: "Server Shutdown events" });
      subjects.push({ subject: EVENT_SUBJECTS.lameDuck, what: "Server Lame Duck events" });
    }
    for (const s of extra) subjects.push({ subject: s, what: "advisories" });
  }
  return {
    filter,
    subjects,
    stream: o.stream,
    sinceMs,
    mode: o.cloudevent ? "cloudevent" : o.json ? "json" : "text",
    short: Boolean(o.short),
    serverEvents,
  };
}

/** Prints events as they arrive until Ctrl-C; returns how many were shown. */
export async function eventsRun(deps: Deps, nc: NatsConnection, ctx: ConnCtx, plan: EventsPlan): Promise<number> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  let shown = 0;
  const dec = new TextDecoder();
  const show = (subject: string, data: Uint8Array) => {
    const raw = dec.decode(data);
    if (!plan.filter.test(raw)) return;
    let event: NatsEvent | undefined;
    try {
      const v = JSON.parse(raw) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) event = v as NatsEvent;
    } catch {
      event = undefined;
    }
    shown++;
    // events quote client JWTs (and an API audit quotes requests): credentials never reach the output
    if (plan.mode === "json") {
      deps.io.out.write(`${redactCredentials(event ? JSON.stringify(event) : JSON.stringify({ subject, data: raw }))}\n`);
      return;
    }
    if (plan.mode === "cloudevent") {
      const ce = event && cloudEvent(event);
      const envelope = ce ?? untypedCloudEvent(subject, event ?? { data: raw });
      deps.io.out.write(`${redactCredentials(JSON.stringify(envelope))}\n`);
      return;
    }
    const text = event ? renderEvent(subject, event, plan.short ? "short" : "long") : undefined;
    if (text === undefined) {
      // natscli's fallback: say why, then the event as it came
      deps.io.out.write(`Event error: ${event ? `unknown event schema on subject ${subject}` : `not a JSON event on subject ${subject}`}\n\n${redactCredentials(raw).split("\n").map((l) => `          ${l}`).join("\n")}\n\n`);
      return;
    }
    deps.io.out.write(plan.short ? `${redactCredentials(text)}\n` : `\n${redactCredentials(text)}\n`);
  };

  const subs: Subscription[] = [];
  let stopStream: (() => Promise<void>) | undefined;
  if (plan.stream) {
    stopStream = await readStream(deps, nc, ctx, plan, show, say);
  } else {
    for (const s of plan.subjects) subs.push(nc.subscribe(s.subject, { callback: (_e, m: Msg) => { if (m) show(m.subject, m.data); } }));
    // "Listening" must mean the server has the subscriptions (the flush's PONG follows them), so an event
    // caused right after the line is seen
    await nc.flush();
    if (plan.mode === "text") for (const s of plan.subjects) say(`Listening for ${s.what} on ${s.subject}`);
    if (plan.serverEvents) await noteWithoutSystemAccount(deps, nc, ctx, say);
  }

  // the connected server entering lame duck mode reaches this client as an INFO, whatever its account
  const st = nc.status() as AsyncIterable<Status> & { stop(): void };
  void (async () => {
    for await (const s of st) {
      if (s.type !== "ldm" || !plan.serverEvents) continue;
      const now = new Date(deps.now()).toISOString();
      const ev = { type: "natsx.client.lame_duck", timestamp: now, server: { name: nc.info?.server_name ?? "", id: nc.info?.server_id ?? "", address: s.server } };
      const data = new TextEncoder().encode(JSON.stringify(ev));
      if (!plan.filter.test(JSON.stringify(ev))) continue;
      if (plan.mode !== "text") { show("natsx.client.lame_duck", data); continue; }
      shown++;
      deps.io.out.write(plan.short
        ? `${shortTime(now)} [Lame Duck Mode] ${ev.server.name} (${s.server}), the connected server, is about to shut down\n`
        : `\n[${shortTime(now)}] Lame Duck Mode\n\n    Server: ${ev.server.name} (${s.server})\n      Note: the connected server is leaving; clients are moved to others over its lame duck duration\n`);
    }
  })().catch(() => undefined);

  await new Promise<void>((resolve) => {
    if (deps.signal.aborted) resolve();
    deps.signal.addEventListener("abort", () => resolve(), { once: true });
    void nc.closed().then(() => resolve());
  });
  st.stop();
  for (const s of subs) s.unsubscribe();
  await stopStream?.();
  return shown;
}

/** A CloudEvents envelope for server notices that carry no schema type (shutdown, lame duck), marked as natsx's. */
function untypedCloudEvent(subject: string, e: NatsEvent): Record<string, unknown> {
  const kind = /\.SHUTDOWN$/.test(subject) ? "shutdown" : /LAMEDUCK$|lame_duck$/.test(subject) ? "lame_duck" : "unknown";
  return { type: `natsx.server.${kind}`, time: (e.server as { time?: string } | undefined)?.time ?? e.timestamp ?? null, id: null, source: "urn:nats:server", dataschema: "", specversion: "1.0", subject: kind, data: e };
}

/** Server events are only sent to the system account: say so once when this user is not in it. */
async function noteWithoutSystemAccount(deps: Deps, nc: NatsConnection, ctx: ConnCtx, say: (m: string) => void): Promise<void> {
  const r = await gather(nc, "$SYS.REQ.SERVER.PING", { deadline: performance.now() + Math.min(1000, ctx.plan.timeoutMs), expect: () => 1 });
  if (r.noResponders || r.denied) say(`Note: this user is not in the system account, so no connection, authentication or shutdown events will arrive (JetStream advisories of this account will); for them ${SYSTEM_ACCOUNT_HOWTO} — ${SYSTEM_ACCOUNT_HINT}`);
}

/** --stream: an ordered consumer over events kept in a stream, from --since ago or the start. */
async function readStream(deps: Deps, nc: NatsConnection, ctx: ConnCtx, plan: EventsPlan, show: (subject: string, data: Uint8Array) => void, say: (m: string) => void): Promise<() => Promise<void>> {
  const { jetstream } = await import("@nats-io/jetstream");
  const { managerOptions } = await import("../jetstream/manager.js");
  const js = jetstream(nc, managerOptions(ctx.js));
  const cfg: Record<string, unknown> = {};
  if (plan.sinceMs !== undefined && plan.sinceMs > 0) {
    const start = new Date(deps.now() - plan.sinceMs);
    cfg.opt_start_time = start.toISOString();
    cfg.deliver_policy = "by_start_time";
    if (plan.mode === "text") say(`Listening for Events in stream ${plan.stream} since ${localTime(start)}`);
  } else if (plan.mode === "text") {
    say(`Listening for Events in stream ${plan.stream}`);
  }
  const consumer = await js.consumers.get(plan.stream!, cfg);
  // fails here (stream not found, no JetStream) rather than inside the loop
  await consumer.info(true);
  const msgs = await consumer.consume({ max_messages: 256 });
  const loop = (async () => {
    for await (const m of msgs) show(m.subject, m.data);
  })().catch(() => undefined);
  return async () => {
    await msgs.close().catch(() => undefined);
    await loop;
  };
}
