import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { log } from "../../output/io.js";
import { addCommonFlags, addGroupFlags, addJsConsumerFlags, addJsPubFlags, addPubFlags, addSleepFlag, addStreamFlag, addThroughputFlags, benchFlags, examples, parseFlags } from "./options.js";
import type { Mode } from "./spec.js";

function runner(deps: Deps, mode: Mode, withSubject: boolean) {
  return async (...args: unknown[]) => {
    const subject = withSubject ? (args[0] as string) : "";
    const c = args[withSubject ? 2 : 1] as Command;
    const { spec, out } = parseFlags(mode, subject, benchFlags(c), { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  };
}

/** A `js` mode command with the flags every JetStream mode has (--stream, --sleep and the common ones). */
function jsMode(name: string, description: string): Command {
  const cmd = new Command(name).description(description);
  addStreamFlag(cmd);
  addSleepFlag(cmd);
  return addCommonFlags(cmd);
}

function jsPub(deps: Deps, name: string, mode: Mode, description: string, batch: boolean, example: string): Command {
  const cmd = jsMode(name, description).argument("<subject>", "Subject to use for the benchmark");
  if (batch) cmd.option("--batch <n>", mode === "js-pub-async" ? "Sets the number of asynchronous operations per batch" : "Sets the size of the batches", "500");
  if (mode === "js-pub-fast") cmd.option("--max-outstanding-acks <n>", "Sets the max outstanding acks for fast publishing", "1");
  addPubFlags(cmd);
  addJsPubFlags(cmd);
  addThroughputFlags(cmd);
  examples(cmd, example);
  return cmd.action(runner(deps, mode, true));
}

/**
 * natscli's `js pub SUBJECT [--batch N]` from before its publish modes (and its cheat sheet still types it:
 * `nats bench js pub foo --create --batch 1000`): asynchronous batches of --batch, synchronous with --batch 1.
 */
function acceptModelessPub(deps: Deps, pub: Command): void {
  pub.argument("[subject]", "Subject of natscli's older form `nats bench js pub SUBJECT [--batch N]`: asynchronous publishing, synchronous with --batch 1")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (subject: string | undefined, _opts: unknown, c: Command) => {
      if (subject === undefined) {
        c.help({ error: true });
        return;
      }
      // the flags of `js pub async` (which has them all), parsed from what the group left
      const parser = jsPub(deps, "async", "js-pub-async", "", true, "").exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
      parser.action(() => undefined);
      try {
        parser.parse(c.args, { from: "user" });
      } catch (e) {
        throw usageError(`${(e as Error).message.replace(/^error: /, "")} (\`nats bench js pub SUBJECT\`)`, "the publishing modes are `nats bench js pub sync|async|atomic|fast SUBJECT`");
      }
      const flags = benchFlags(parser, c);
      const mode: Mode = flags.batch !== undefined && Number(flags.batch) === 1 ? "js-pub-sync" : "js-pub-async";
      const { spec, out } = parseFlags(mode, subject, flags, { cwd: deps.cwd });
      log(deps.io, deps.now(), `\`nats bench js pub SUBJECT\` runs as \`nats bench js pub ${mode === "js-pub-sync" ? "sync" : "async"}\``);
      const { runBench } = await import("./run.js");
      await runBench(deps, c, spec, out);
    });
}

/** `nats bench js …`: JetStream publishing, consuming and getting (natscli's jsCommand). */
export function benchJsCommand(deps: Deps): Command {
  const pub = new Command("pub").description("Publish JetStream messages")
    .addCommand(jsPub(deps, "sync", "js-pub-sync", "Use synchronous JetStream publish", false, "nats bench js pub sync foo --create --purge --clients 4"))
    .addCommand(jsPub(deps, "async", "js-pub-async", "Use asynchronous JetStream publish", true, "nats bench js pub async foo --create --batch 1000"))
    .addCommand(jsPub(deps, "atomic", "js-pub-batch", "Use atomic batch JetStream publish (NATS Server 2.12 or newer)", true, "nats bench js pub batch foo --create --batch 100").alias("batch"))
    .addCommand(jsPub(deps, "fast", "js-pub-fast", "Use fast batch JetStream publish (NATS Server 2.14 or newer)", true, "nats bench js pub fast foo --create --batch 500"));
  addGroupFlags(pub, ["sleep", "stream"]);
  examples(pub, "nats bench js pub sync foo --create --purge", "nats bench js pub async foo --create --batch 1000");
  acceptModelessPub(deps, pub);

  const ordered = jsMode("ordered", "Consume JetStream messages from a consumer using an ephemeral ordered consumer")
    .option("--batch <n>", "Sets the max number of messages that can be buffered in the client", "500")
    .option("--purge", "Purge the stream before running", false)
    .option("--filter <subjects...>", "Filter Stream by subjects");
  examples(ordered, "nats bench js ordered --no-progress");
  ordered.action(runner(deps, "js-ordered", false));

  const consume = addJsConsumerFlags(jsMode("consume", "Consume JetStream messages from a durable consumer using a callback"));
  examples(consume, "nats bench js consume --clients 4");
  consume.action(runner(deps, "js-consume", false));

  const fetch = addJsConsumerFlags(jsMode("fetch", "Consume JetStream messages from a durable consumer using fetch"));
  examples(fetch, "nats bench js fetch --clients 4 --acks=none --batch=1000");
  fetch.action(runner(deps, "js-fetch", false));

  const getSync = jsMode("sync", "Use synchronous JetStream get");
  examples(getSync, "nats bench js get sync --msgs 10000");
  getSync.action(runner(deps, "js-get-sync", false));
  const getBatch = jsMode("batch", "Use batched JetStream direct get (NATS Server 2.11 or newer)")
    .option("--batch <n>", "Sets the max number of messages that can be buffered in the client", "500")
    .addOption(new Option("--filter <subject>", "Filter for the messages").default(">"));
  examples(getBatch, "nats bench js get batch --batch 1000");
  getBatch.action(runner(deps, "js-get-batch", false));
  const get = addGroupFlags(new Command("get").description("Retrieve messages from JetStream using gets").addCommand(getSync).addCommand(getBatch), ["sleep", "stream"]);
  examples(get, "nats bench js get sync --msgs 10000");

  return examples(addGroupFlags(new Command("js").description("JetStream benchmark commands"), ["sleep", "stream"]).addCommand(pub).addCommand(ordered).addCommand(consume).addCommand(fetch).addCommand(get),
    "nats bench js pub async foo --create --batch 1000",
    "nats bench js consume --clients 4");
}
