import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { commas, humanBytes } from "../../output/format.js";
import { parseIntFlag } from "../../util/flags.js";
import { subscribeSubject } from "./clients/common.js";
import { type BenchFlags, goDuration, parseFlags } from "./options.js";

/** The old form's flags (natscli before its bench rewrite; still in the NATS docs and tutorials). */
export interface LegacyFlags extends BenchFlags {
  pub: string;
  sub: string;
  pubsleep?: string;
  js?: boolean;
  kv?: boolean;
  request?: boolean;
  reply?: boolean;
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
    .option("--reply");
}

/** The `bench` group takes `SUBJECT --pub N --sub M …` (the old form) besides its mode sub-commands. */
export function acceptLegacyForm(cmd: Command): Command {
  return cmd
    .argument("[subject]", "Subject of the old form: `nats bench SUBJECT --pub N --sub M [--msgs N] [--size SIZE] [--pubsleep DURATION] [--multisubject] [--csv FILE] [--json] [--no-progress]`")
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
  for (const [flag, now] of [["js", "nats bench js pub|consume|fetch|ordered|get"], ["kv", "nats bench kv put|get"], ["request", "nats bench service request"], ["reply", "nats bench service serve"]] as const) {
    if (f[flag]) throw usageError(`--${flag} belongs to the old form of bench, which natsx runs only for core publishers and subscribers`, `use \`${now}\``);
  }
  const pubs = parseIntFlag(f.pub, "--pub", { min: 0 });
  const subs = parseIntFlag(f.sub, "--sub", { min: 0 });
  if (pubs === 0 && subs === 0) throw usageError(`"${subject}" is not a bench mode, and the old form needs publishers or subscribers`, `add --pub 1 and/or --sub 1, or ${modes}`);
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
