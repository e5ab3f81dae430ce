import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addCommonFlags, addViaClientFlag, type BenchFlags, examples, parseFlags } from "./options.js";

/** `nats bench sub SUBJECT`: Core NATS subscribers (natscli's subAction); each expects every message. */
export function benchSubCommand(deps: Deps): Command {
  const cmd = new Command("sub").description("Subscribe to Core NATS messages").argument("<subject>", "Subject to use for the benchmark")
    .option("--multisubject", "Multi-subject mode, each message is published on a subject that includes the publisher's message sequence number as a token", false);
  addCommonFlags(cmd);
  addViaClientFlag(cmd, "Receive through the NATS client's subscription callbacks");
  examples(cmd,
    "nats bench sub foo --clients 5 --msgs 10000",
    "nats bench sub foo --msgs 1000000 --histogram e2e.hgrm --plot e2e.svg   # end-to-end latency of natsx publishers");
  return cmd.action(async (subject: string, opts: BenchFlags, c: Command) => {
    const { spec, out } = parseFlags("sub", subject, opts, { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });
}
