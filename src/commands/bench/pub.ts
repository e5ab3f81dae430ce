import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addCommonFlags, addPubFlags, addSleepFlag, addThroughputFlags, addViaClientFlag, type BenchFlags, examples, parseFlags } from "./options.js";

/** `nats bench pub SUBJECT`: Core NATS publishers (natscli's pubAction), through natsx's framing path. */
export function benchPubCommand(deps: Deps): Command {
  const cmd = new Command("pub").description("Publish Core NATS messages").argument("<subject>", "Subject to use for the benchmark");
  addSleepFlag(cmd);
  addCommonFlags(cmd);
  addPubFlags(cmd);
  addThroughputFlags(cmd);
  addViaClientFlag(cmd, "Publish with the NATS client's publish() per message");
  examples(cmd,
    "nats bench pub foo --clients 4 --msgs 1000000 --size 512",
    "nats bench pub foo --clients 4 --throughput 50000 --duration 30s   # fixed rate, 1.5 M messages",
    "nats bench pub foo --msgs 1000000 --json > pub.json");
  return cmd.action(async (subject: string, opts: BenchFlags, c: Command) => {
    const { spec, out } = parseFlags("pub", subject, opts, { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });
}
