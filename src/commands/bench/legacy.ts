import { Command, Option } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { commas, humanBytes } from "../../output/format.js";
import { parseIntFlag } from "../../util/flags.js";
import { subscribeSubject } from "./clients/common.js";
import { log } from "../../output/io.js";
import { type BenchFlags, goDuration, parseFlags } from "./options.js";
import { DEFAULT_BUCKET, DEFAULT_CONSUMER, DEFAULT_STREAM } from "./prepare.js";
import type { Mode } from "./spec.js";

/** The old form's flags (natscli before its bench rewrite; still in the NATS docs and tutorials). */
export interface LegacyFlags extends BenchFlags {
  pub: string;
  sub: string;
  pubsleep?: string;
  js?: boolean;
  kv?: boolean;
  request?: boolean;
  reply?: boolean;
  syncpub?: boolean;
  pubbatch: string;
  pull?: boolean;
  push?: boolean;
  consumerbatch: string;
  subsleep?: string;
}

/** The old form's options: a parser of their own, because the group's options would take the modes' --msgs, --size… */
function legacyParser(): Command {
  return new Command("bench")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .argument("<subject>")
    .option("--pub <n>", "", "0")
    .option("--sub <n>", "", "0")
    .option("--msgs <n>", "", "100000")
    .option("--size <size>", "", "128")
    .option("--pubsleep <duration>", "", "0s")
    .option("--multisubject", "", false)
    .option("--multisubjectmax <n>", "", "100000")
    .option("--progress")
    .option("--no-progress")
    .option("--csv <file>")
    .option("--json", "", false)
    .option("--js")
    .option("--kv")
    .option("--request")
    .option("--reply")
    // the old --js, --kv, --request and --reply modes' own flags
    .option("--syncpub")
    .option("--pubbatch <n>", "", "100")
    .option("--pull")
    .option("--push")
    .option("--consumerbatch <n>", "", "100")
    .option("--subsleep <duration>", "", "0s")
    .option("--purge")
    .addOption(new Option("--storage <type>").choices(["memory", "file"]).default("file"))
    .option("--replicas <n>", "", "1")
    .option("--maxbytes <size>", "", "1GB")
    .option("--stream <name>", "", DEFAULT_STREAM)
    .option("--consumer <name>", "", DEFAULT_CONSUMER)
    .option("--bucket <name>", "", DEFAULT_BUCKET)
    .option("--history <n>", "", "1")
    .option("--dedup")
    .option("--dedupwindow <duration>", "", "2m");
}

/**
 * The mode that now runs the old form's --js, --kv, --request or --reply clients (natscli's 2022-2024 bench): one
 * kind of client per run, as the NATS docs' examples run them (publish, then consume).
 */
function modernMode(subject: string, f: LegacyFlags, pubs: number, subs: number): { mode: Mode; command: string; flags: Partial<BenchFlags> } | undefined {
  const kind = f.js ? "--js" : f.kv ? "--kv" : f.request ? "--request" : f.reply ? "--reply" : undefined;
  if (!kind) return undefined;
  if ([f.js, f.kv, f.request || f.reply].filter(Boolean).length > 1) throw usageError("the old form takes one of --js, --kv and --request/--reply");
  if (f.request && f.reply) throw usageError("--request and --reply cannot be used together: a requester and a replier are two runs", `start \`nats bench ${subject} --sub N --reply\`, then \`nats bench ${subject} --pub N --request\``);
  const one = (what: string, pubWord: string, subWord: string) => {
    if (pubs > 0 && subs > 0) throw usageError(`${kind} with both --pub and --sub: natsx runs the old form's ${what} one kind of client at a time`, `run \`nats bench ${subject} ${kind} --pub ${pubs}\` to ${pubWord}, then \`nats bench ${subject} ${kind} --sub ${subs}\` to ${subWord}`);
  };
  if (f.request) {
    if (subs > 0) throw usageError("--request runs requesters (--pub N): the repliers are another run", `start \`nats bench ${subject} --sub N --reply\` first`);
    return { mode: "request", command: "nats bench service request", flags: { clients: String(pubs), sleep: f.pubsleep } };
  }
  if (f.reply) {
    if (pubs > 0) throw usageError("--reply runs repliers (--sub N): the requesters are another run", `then run \`nats bench ${subject} --pub N --request\``);
    return { mode: "serve", command: "nats bench service serve", flags: { clients: String(subs), sleep: f.subsleep } };
  }
  if (f.kv) {
    one("KV putters and getters", "put", "get");
    return pubs > 0
      ? { mode: "kv-put", command: "nats bench kv put", flags: { clients: String(pubs), sleep: f.pubsleep, purge: f.purge, storage: f.storage, replicas: f.replicas, maxbytes: f.maxbytes, history: f.history } }
      : { mode: "kv-get", command: "nats bench kv get", flags: { clients: String(subs), sleep: f.subsleep } };
  }
  one("JetStream publishers and consumers", "publish", "consume");
  if (pubs > 0) {
    const sync = f.syncpub === true;
    // natscli defined (or checked) the default stream in --js mode, with SUBJECT as its subject
    return { mode: sync ? "js-pub-sync" : "js-pub-async", command: `nats bench js pub ${sync ? "sync" : "async"}`, flags: { clients: String(pubs), sleep: f.pubsleep, batch: f.pubbatch, create: f.stream === DEFAULT_STREAM, purge: f.purge, storage: f.storage, replicas: f.replicas, maxbytes: f.maxbytes, dedup: f.dedup, dedupwindow: f.dedupwindow } };
  }
  const consumer = { clients: String(subs), sleep: f.subsleep, batch: f.consumerbatch, purge: f.purge, consumer: f.consumer };
  if (f.pull) return { mode: "js-fetch", command: "nats bench js fetch", flags: consumer };
  if (f.push) return { mode: "js-consume", command: "nats bench js consume", flags: consumer };
  return { mode: "js-ordered", command: "nats bench js ordered", flags: { clients: String(subs), sleep: f.subsleep, purge: f.purge } };
}

/** The `bench` group takes `SUBJECT --pub N --sub M …` (the old form) besides its mode sub-commands. */
export function acceptLegacyForm(cmd: Command): Command {
  return cmd
    .argument("[subject]", "Subject of the old form: `nats bench SUBJECT --pub N --sub M [--msgs N] [--size SIZE] [--pubsleep DURATION] [--multisubject] [--csv FILE] [--json] [--no-progress]`; with --js, --kv, --request or --reply (and their old flags: --syncpub, --pubbatch, --pull, --push, --consumerbatch, --subsleep, --purge, --storage, --stream…) it runs the mode that replaced them")
    .allowUnknownOption()
    .allowExcessArguments();
}

/** `nats bench SUBJECT --pub N --sub M`: publishers and subscribers together, as the old natscli ran them. */
export async function runLegacy(deps: Deps, c: Command): Promise<void> {
  const modes = "the modes are `nats bench pub|sub|service|js|kv|agent` (see `nats bench --help`)";
  if (c.args.length === 0) {
    c.help({ error: true });
    return;
  }
  const p = legacyParser();
  try {
    p.parse(c.args, { from: "user" });
  } catch (e) {
    const m = (e as Error).message.replace(/^error: /, "");
    throw usageError(`${m} (the old form: \`nats bench SUBJECT --pub N --sub M\`)`, modes);
  }
  const subject = p.args[0]!;
  const f = p.opts() as LegacyFlags;
  const pubs = parseIntFlag(f.pub, "--pub", { min: 0 });
  const subs = parseIntFlag(f.sub, "--sub", { min: 0 });
  if (pubs === 0 && subs === 0) throw usageError(`"${subject}" is not a bench mode, and the old form needs publishers or subscribers`, `add --pub 1 and/or --sub 1, or ${modes}`);
  const modern = modernMode(subject, f, pubs, subs);
  if (modern) {
    const { spec, out } = parseFlags(modern.mode, subject, { ...f, ...modern.flags } as BenchFlags, { cwd: deps.cwd });
    log(deps.io, deps.now(), `The old form runs as \`${modern.command}\``);
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
    return;
  }
  const { spec, out } = parseFlags("pub", subject, { ...f, clients: "1", sleep: f.pubsleep }, { cwd: deps.cwd });
  spec.clients = pubs + subs;
  const settings: Record<string, string> = {
    subject: subscribeSubject(spec),
    multisubject: String(spec.multisubject),
    multisubjectmax: String(spec.multisubjectMax),
    msgs: commas(spec.msgs),
    msgsize: humanBytes(spec.size),
    pubs: String(pubs),
    subs: String(subs),
    pubsleep: goDuration(spec.sleepMs),
    subsleep: "0s",
  };
  const { runBench } = await import("./run.js");
  await runBench(deps, c, spec, out, { roles: { pubs, subs }, banner: { label: "Core NATS pub/sub benchmark", settings } });
}
