import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { canPrompt, readLine, pickName } from "../../output/prompt.js";
import { collect } from "../../util/flags.js";
import type { ConsumerFlagValues } from "../../jetstream/consumer-config.js";
import type { ConsumerInfo, JetStreamManager } from "@nats-io/jetstream";
import { pickStream } from "../shared/pick.js";

/** Adds natscli's consumer create/edit flags; `edit` leaves out what cannot change on an existing consumer. */
export function addConsumerFlags(cmd: Command, mode: "add" | "edit"): Command {
  if (mode === "add") {
    cmd
      .addOption(new Option("--ack <policy>", "Acknowledgment policy (none, all, explicit)").choices(["none", "all", "explicit"]))
      .option("--deliver <policy>", "Start policy (all, new, last, subject, last_per_subject, 1h, msg sequence)")
      .option("--deliver-group <group>", "Delivers push messages only to subscriptions matching this group")
      .option("--ephemeral", "Create an ephemeral Consumer")
      .option("--flow-control", "Enable Push consumer flow control")
      .option("--heartbeat <duration>", "Enable idle Push consumer heart beats (-1 disable)")
      .option("--pull", "Deliver messages in 'pull' mode")
      .addOption(new Option("--replay <policy>", "Replay rate (instant, original)").choices(["instant", "original"]))
      .option("--target <subject>", "Push based delivery target subject")
      .option("--memory", "Force the consumer state to be stored in memory rather than inherit from the stream")
      .option("--pause <until>", "Pause the consumer until a time (YYYY-MM-DD HH:MM:SS) or for a duration (2.11+)");
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

/**
 * Without --defaults, natscli asks for the delivery mode, start, ack and replay policies. On a TTY
 * we ask as well; without one, the missing flags are listed in a usage error.
 */
export async function fillMissingConsumerFlags(deps: Deps, o: ConsumerFlagValues): Promise<void> {
  const missing: string[] = [];
  if (!o.pull && !o.target) missing.push("--pull or --target");
  if (!o.deliver) missing.push("--deliver");
  if (!o.ack) missing.push("--ack");
  if (!o.replay) missing.push("--replay");
  if (!missing.length) return;
  if (!canPrompt(deps.io)) throw usageError(`missing consumer settings ${missing.join(", ")} and there is no terminal to ask for them`, "pass them as flags, or --defaults to accept the defaults");
  if (!o.pull && !o.target) {
    const t = (await readLine(deps.io, "? Delivery target (empty for Pull Consumers): ")).trim();
    if (t) o.target = t;
    else o.pull = true;
  }
  if (!o.deliver) o.deliver = (await readLine(deps.io, "? Start policy (all, new, last, subject, 1h, msg sequence) [all]: ")).trim() || "all";
  if (!o.ack) o.ack = (await readLine(deps.io, `? Acknowledgment policy (none, all, explicit) [${o.pull ? "explicit" : "none"}]: `)).trim() || (o.pull ? "explicit" : "none");
  if (!o.replay) o.replay = (await readLine(deps.io, "? Replay policy (instant, original) [instant]: ")).trim() || "instant";
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
