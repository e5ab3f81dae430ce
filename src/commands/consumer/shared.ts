import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { ask, canPrompt, choose, confirm, pickName, valid } from "../../output/prompt.js";
import { collect, parseIntFlag } from "../../util/flags.js";
import { applyConsumerFlags, type ConsumerFlagValues } from "../../jetstream/consumer-config.js";
import { jetstream, type ConsumerInfo, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { timePrefix } from "../../output/io.js";
import { withSpinner } from "../../output/spinner.js";
import { parseDuration, parseTimerDuration } from "../../util/duration.js";
import type { ConsumerQuery } from "../../jetstream/query.js";
import { cleanJs } from "../../jetstream/manager.js";
import { pickStream } from "../shared/pick.js";

/** Adds natscli's consumer create/edit flags; `edit` leaves out what cannot change on an existing consumer. */
export function addConsumerFlags(cmd: Command, mode: "add" | "edit"): Command {
  if (mode === "add") {
    cmd
      .addOption(new Option("--ack <policy>", "Acknowledgment policy (none, all, explicit, flow_control)").choices(["none", "all", "explicit", "flow_control"]))
      .option("--deliver <policy>", "Start policy (all, new, last, subject, last_per_subject, 1h, msg sequence)")
      .option("--deliver-group <group>", "Delivers push messages only to subscriptions matching this group")
      .option("--ephemeral", "Create an ephemeral Consumer")
      .option("--flow-control", "Enable Push consumer flow control")
      .option("--heartbeat <duration>", "Enable idle Push consumer heart beats (-1 disable)")
      .option("--pull", "Deliver messages in 'pull' mode")
      .addOption(new Option("--replay <policy>", "Replay rate (instant, original)").choices(["instant", "original"]))
      .option("--target <subject>", "Push based delivery target subject")
      .option("--memory", "Force the consumer state to be stored in memory rather than inherit from the stream")
      .option("--pause <until>", "Pause the consumer until a time (YYYY-MM-DD HH:MM:SS) or for a duration (2.11+)")
      .option("--pinned-groups <groups>", "Create a Pinned Client consumer based on these groups (repeatable, 2.11+)", collect)
      .option("--pinned-ttl <duration>", "The time to allow for a client to pull before losing the pinned status")
      .option("--overflow-groups <groups>", "Create a Overflow consumer based on these groups (repeatable, 2.11+)", collect)
      .option("--prioritized-groups <groups>", "Create a Prioritized consumer based on these groups (repeatable, 2.12+)", collect);
  } else {
    cmd.option("--target <subject>", "Push based delivery target subject");
  }
  cmd
    .option("--bps <n>", "Restrict message delivery to a certain bit per second")
    .addOption(new Option("--backoff <mode>", "Creates a consumer backoff policy (linear, none)").choices(["linear", "none"]))
    .option("--backoff-steps <n>", "Number of steps to use when creating the backoff policy", "10")
    .option("--backoff-min <duration>", "The shortest backoff period that will be generated", "1m")
    .option("--backoff-max <duration>", "The longest backoff period that will be generated", "20m")
    .option("--description <text>", "Sets a contextual description for the consumer")
    .option("--filter <subject>", "Filter Stream by subjects (repeatable; several need 2.10+)", collect)
    .option("--headers-only", "Deliver only headers and no bodies")
    .option("--no-headers-only", "Deliver headers and bodies")
    .option("--max-deliver <n>", "Maximum amount of times a message will be delivered")
    .option("--max-pending <n>", "Maximum pending Acks before consumers are paused")
    .addOption(new Option("--max-outstanding <n>").hideHelp())
    .option("--max-waiting <n>", "Maximum number of outstanding pulls allowed")
    .option("--max-pull-batch <n>", "Maximum size batch size for a pull request")
    .option("--max-pull-expire <duration>", "Maximum expire duration for a pull request")
    .option("--max-pull-bytes <bytes>", "Maximum max bytes for a pull request")
    .option("--sample <percent>", "Percentage of requests to sample for monitoring purposes")
    .option("--wait <duration>", "Acknowledgment waiting time")
    .option("--inactive-threshold <duration>", "How long to allow an ephemeral consumer to be idle before removing it")
    .option("--replicas <n>", "Sets a custom replica count rather than inherit from the stream")
    .option("--metadata <kv>", "Adds metadata to the consumer K:V (repeatable, 2.10+)", collect);
  return cmd;
}

/** The settings `consumer add` needs and has no flag for (without --defaults): what a missing-flags error lists. */
export function missingConsumerFlags(o: ConsumerFlagValues): string[] {
  const missing: string[] = [];
  if (!o.pull && !o.target) missing.push("--pull or --target");
  if (!o.deliver) missing.push("--deliver");
  if (!o.ack) missing.push("--ack");
  if (!o.replay) missing.push("--replay");
  return missing;
}

/** Fails before connecting when `consumer add` would have to ask and there is no terminal to ask on. */
export function checkConsumerQuestions(deps: Deps, o: ConsumerFlagValues): void {
  const missing = o.defaults ? [] : missingConsumerFlags(o);
  if (missing.length && !canPrompt(deps.io)) throw usageError(`missing consumer settings ${missing.join(", ")} and there is no terminal to ask for them`, "pass them as flags, or --defaults to accept the defaults");
}

/** Asks for the consumer's name on a terminal (natscli's first question), re-asking until it is a valid name. */
export async function askConsumerName(deps: Deps): Promise<string> {
  if (!canPrompt(deps.io)) throw usageError("a consumer name is required", "pass it as the second argument, or use --ephemeral");
  return ask(deps.io, "Consumer name", { validate: valid.name("consumer") });
}

/** Checks one typed answer as its flag would be checked (the same parser, so the same message). */
function checkAnswer(o: Partial<ConsumerFlagValues>): true | string {
  return valid.parsed(() => applyConsumerFlags({}, o, 0))("");
}

/**
 * Without --defaults, natscli asks for what was not given, in its order (consumer_command.go prepareConfig): the
 * delivery target, the push queue group, start, ack and replay policies, filter subjects, delivery and pending
 * limits, push heartbeats and flow control, headers only, a backoff policy. On a TTY we ask as well (selects for the
 * policies, inputs that re-ask until the answer parses); without one, checkConsumerQuestions listed the missing flags.
 */
export async function fillMissingConsumerFlags(deps: Deps, o: ConsumerFlagValues): Promise<void> {
  if (o.defaults) return;
  const missing = missingConsumerFlags(o);
  if (!missing.length) return;
  checkConsumerQuestions(deps, o);
  const io = deps.io;
  if (!o.pull && !o.target) {
    const t = await ask(io, "Delivery target (empty for Pull Consumers)");
    if (t) o.target = t;
    else o.pull = true;
  }
  const push = Boolean(o.target);
  if (push && o.deliverGroup === undefined) o.deliverGroup = await ask(io, "Delivery Queue Group");
  if (!o.deliver) o.deliver = await ask(io, "Start policy (all, new, last, subject, 1h, msg sequence)", { default: "all", validate: (v) => checkAnswer({ deliver: v || "all" }) });
  if (!o.ack) o.ack = await choose(io, "Acknowledgment policy", [{ value: "explicit" }, { value: "all" }, { value: "none" }], push ? "none" : "explicit");
  if (!o.replay) o.replay = await choose(io, "Replay policy", [{ value: "instant" }, { value: "original" }], "instant");
  if (!o.filter?.length) {
    const f = await ask(io, "Filter Stream by subjects (blank for all)");
    if (f) o.filter = [f];
  }
  if (o.ack !== "none") {
    if (o.maxDeliver === undefined) o.maxDeliver = await ask(io, "Maximum Allowed Deliveries", { default: "-1", validate: (v) => checkAnswer({ maxDeliver: v || "-1" }) });
    if (o.maxPending === undefined && o.maxOutstanding === undefined) o.maxPending = await ask(io, "Maximum Acknowledgments Pending", { default: "0", validate: (v) => checkAnswer({ maxPending: v || "0" }) });
  }
  if (push) {
    if (o.heartbeat === undefined) o.heartbeat = await ask(io, "Idle Heartbeat", { default: "0s", validate: (v) => checkAnswer({ heartbeat: v || "0s" }) });
    if (o.flowControl === undefined) o.flowControl = await confirm(io, "Enable Flow Control, ie --flow-control", false);
  }
  if (o.headersOnly === undefined) o.headersOnly = await confirm(io, "Deliver headers only without bodies", false);
  // natscli askBackoffPolicy: the redelivery schedule of an acknowledged consumer (the flags' defaults as answers)
  if (o.ack !== "none" && o.backoff === undefined && (await confirm(io, "Add a Retry Backoff Policy", false))) {
    o.backoff = await choose(io, "Backoff policy", [{ value: "linear", description: "retries at equal steps from the minimum to the maximum time" }, { value: "none" }], "none");
    if (o.backoff === "linear") {
      o.backoffMin = await ask(io, "Minimum retry time", { default: o.backoffMin ?? "1m", validate: (v) => checkAnswer({ backoff: "linear", backoffMin: v || o.backoffMin || "1m" }) });
      o.backoffMax = await ask(io, "Maximum retry time", { default: o.backoffMax ?? "20m", validate: (v) => checkAnswer({ backoff: "linear", backoffMin: o.backoffMin, backoffMax: v || o.backoffMax || "20m" }) });
      o.backoffSteps = await ask(io, "Number of steps to generate in the policy", { default: o.backoffSteps ?? "10", validate: (v) => checkAnswer({ backoff: "linear", backoffSteps: v || o.backoffSteps || "10" }) });
    }
  }
}

/**
 * Every consumer of a stream, sorted by name. A missing stream is a not-found error: the server
 * answers the list request itself with 10059, so no stream info is asked for first.
 */
export async function listConsumers(jsm: JetStreamManager, stream: string): Promise<ConsumerInfo[]> {
  const list: ConsumerInfo[] = [];
  for await (const ci of jsm.consumers.list(stream)) list.push(ci);
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every consumer name of a stream. */
export async function consumerNames(jsm: JetStreamManager, stream: string): Promise<string[]> {
  const out: string[] = [];
  for await (const ci of jsm.consumers.list(stream)) out.push(ci.name);
  return out;
}

/** Stream and consumer from the arguments, or picked on a TTY (system streams too with `all`); usage errors without one. */
export async function pickConsumer(deps: Deps, jsm: JetStreamManager, all: boolean, stream: string | undefined, name: string | undefined): Promise<{ stream: string; consumer: string }> {
  const s = await pickStream(deps, jsm, stream, all);
  if (!name) await jsm.streams.info(s); // a wrong stream reads "stream not found", not "no consumers"
  const c = await pickName(deps.io, name, "consumer", () => consumerNames(jsm, s));
  return { stream: s, consumer: c };
}

/** How `consumer next` and `consumer sub` (on a pull consumer) acknowledge and print what they pull. */
export interface PullShowOptions { ack?: boolean; nak?: boolean; term?: boolean; raw?: boolean; expires?: string }

/**
 * Pulls `count` messages from the pull consumer `ci` one at a time, prints each as natscli's `consumer next`
 * (`[HH:MM:SS] subj: … / tries: … / cons seq: … / str seq: … / pending: …`, headers, body) and acks, naks or
 * terms it; nothing within the wait is exit 5.
 */
export async function pullAndShow(deps: Deps, nc: NatsConnection, ctx: ConnCtx, ci: ConsumerInfo, count: number, ackDelay: number, o: PullShowOptions): Promise<void> {
  // from the info just read: consumers.get() would ask the server for it a second time
  const consumer = jetstream(nc, cleanJs(ctx.js)).consumers.getConsumerFromInfo(ci);
  const expires = Math.max(1000, o.expires ? parseTimerDuration(o.expires, "--expires") : ctx.js.timeout);
  for (let i = 0; i < count; i++) {
    const m = await withSpinner(deps.io, `Waiting for a message from ${ci.stream_name} > ${ci.name}`, consumer.next({ expires }));
    if (!m) throw new CliError(`no message received from ${ci.stream_name} > ${ci.name} within ${expires / 1000}s${i ? ` (got ${i} of ${count})` : ""}`, { exitCode: ExitCode.TIMEOUT });
    const info = m.info;
    if (o.raw) {
      deps.io.out.write(`${m.string()}\n`);
    } else {
      deps.io.out.write(`[${timePrefix(deps.now()).trim()}] subj: ${m.subject} / tries: ${info.deliveryCount} / cons seq: ${info.deliverySequence} / str seq: ${info.streamSequence} / pending: ${info.pending}\n`);
      const keys = m.headers?.keys() ?? [];
      if (keys.length) {
        deps.io.out.write("\nHeaders:\n\n");
        for (const k of keys) for (const v of m.headers!.values(k)) deps.io.out.write(`  ${k}: ${v}\n`);
      }
      const body = m.string();
      deps.io.out.write(`\n${body.length ? body : "nil body"}\n`);
    }
    if (ackDelay) await new Promise((r) => setTimeout(r, Math.random() * ackDelay));
    if (ci.config.ack_policy === "none") continue;
    if (o.term) { m.term(); if (!o.raw) deps.io.out.write("\nTerminated message\n"); }
    else if (o.nak) { m.nak(); if (!o.raw) deps.io.out.write("\nNAKed message\n"); }
    else if (o.ack !== false) {
      await m.ackAck({ timeout: ctx.js.timeout });
      if (!o.raw) deps.io.out.write("\nAcknowledged message\n");
    }
    if (!o.raw) deps.io.out.write("\n");
  }
}

/** The flags of `consumer find` and `consumer cluster balance`, as commander collects them. */
export interface ConsumerQueryFlags {
  pull?: boolean;
  push?: boolean;
  bound?: boolean;
  waiting?: string;
  ackPending?: string;
  pending?: string;
  idle?: string;
  created?: string;
  replicas?: string;
  leader?: string;
  pinned?: boolean;
  invert?: boolean;
  expression?: string;
  apiLevel?: string;
}

/** Adds natscli's consumer query flags; `verb` is "Display" for find and "Balance" for cluster balance. */
export function addConsumerQueryFlags(cmd: Command, verb: "Display" | "Balance"): Command {
  return cmd
    .option("--pull", `${verb} only pull based consumers`)
    .option("--push", `${verb} only push based consumers`)
    .option("--bound", `${verb} push-bound or pull consumers with waiting pulls`)
    .option("--waiting <n>", `${verb} consumers with fewer waiting pulls`)
    .option("--ack-pending <n>", `${verb} consumers with fewer pending acks`)
    .option("--pending <n>", `${verb} consumers with fewer unprocessed messages`)
    .option("--idle <duration>", `${verb} consumers with no new deliveries for a period`)
    .option("--created <duration>", `${verb} consumers created longer ago than duration`)
    .option("--replicas <n>", `${verb} consumers with fewer or equal replicas than the value`)
    .option("--leader <server>", `${verb} only clustered consumers with a specific leader`)
    .option("--pinned", `${verb} Pinned Client priority group consumers that are fully pinned`)
    .option("--invert", "Invert the check - before becomes after, with becomes without")
    .option("--expression <expr>", `${verb} matching consumers using an expression language (config, state and info hold the server's JSON)`);
}

/** The query the flags ask for; a bad value is one usage error. */
export function consumerQueryFrom(o: ConsumerQueryFlags): ConsumerQuery {
  const n = (v: string | undefined, flag: string) => (v === undefined ? undefined : parseIntFlag(v, flag));
  return {
    pull: o.pull, push: o.push, bound: o.bound, pinned: o.pinned, invert: o.invert, leader: o.leader, expression: o.expression,
    waiting: n(o.waiting, "--waiting"), ackPending: n(o.ackPending, "--ack-pending"), pending: n(o.pending, "--pending"),
    replicas: n(o.replicas, "--replicas"), apiLevel: n(o.apiLevel, "--api-level"),
    idleMs: o.idle === undefined ? undefined : parseDuration(o.idle, "--idle"),
    createdMs: o.created === undefined ? undefined : parseDuration(o.created, "--created"),
  };
}
