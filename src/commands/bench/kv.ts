import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { DEFAULT_BUCKET } from "./prepare.js";
import { addCommonFlags, addGroupFlags, addKvPutFlags, addSleepFlag, addThroughputFlags, benchFlags, examples, parseFlags } from "./options.js";

/** `nats bench kv put|get` (natscli's kvPutAction and kvGetAction). */
export function benchKvCommand(deps: Deps): Command {
  const common = (cmd: Command) => {
    cmd.option("--bucket <name>", "The bucket to use for the benchmark", DEFAULT_BUCKET);
    addSleepFlag(cmd, "Sleep for the specified interval after putting each message");
    return addCommonFlags(cmd, "put or get");
  };
  const put = common(new Command("put").description("Put messages in a KV bucket"));
  addKvPutFlags(put);
  addThroughputFlags(put);
  examples(put, "nats bench kv put --clients 10", "nats bench kv put --throughput 1000 --duration 10s --histogram put.hgrm");
  put.action(async (_opts: unknown, c: Command) => {
    const { spec, out } = parseFlags("kv-put", "", benchFlags(c), { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });
  const get = common(new Command("get").description("Get messages from a KV bucket"))
    .option("--randomize <n>", "Randomly get messages using keys between 0 and this number (set to 0 for sequential access)", "0");
  examples(get, "nats bench kv get --randomize=100000 --clients 10");
  get.action(async (_opts: unknown, c: Command) => {
    const { spec, out } = parseFlags("kv-get", "", benchFlags(c), { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });
  return examples(addGroupFlags(new Command("kv").description("KV benchmark operations"), ["sleep", "bucket"]).addCommand(put).addCommand(get),
    "nats bench kv put --clients 10",
    "nats bench kv get --randomize=100000 --clients 10");
}
