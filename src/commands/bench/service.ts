import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addCommonFlags, addGroupFlags, addSleepFlag, addThroughputFlags, benchFlags, examples, parseFlags } from "./options.js";

/** `nats bench service request|serve` (natscli's requestAction and serveAction). */
export function benchServiceCommand(deps: Deps): Command {
  const request = new Command("request").description("Send a request and wait for its reply").argument("<subject>", "Subject to use for the benchmark");
  addSleepFlag(request, "Sleep for the specified interval between requests");
  addCommonFlags(request, "request");
  request
    .option("--payload <file>", "File containing the payload to send")
    .option("-H, --header <K:V>", "Adds headers to the message using K:V format", (v: string, p: string[] = []) => [...p, v]);
  addThroughputFlags(request);
  examples(request,
    "nats bench service request testservice --clients 4 --msgs 20000",
    "nats bench service request testservice --throughput 2000 --duration 10s --histogram req.hgrm");
  request.action(async (subject: string, _opts: unknown, c: Command) => {
    const { spec, out } = parseFlags("request", subject, benchFlags(c), { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });

  const serve = new Command("serve").description("Service requests").argument("<subject>", "Subject to use for the benchmark");
  addSleepFlag(serve, "Sleep for the specified interval before replying to the request");
  addCommonFlags(serve, "serve");
  examples(serve,
    "nats bench service serve testservice --clients 4",
    "nats bench service serve testservice --sleep 50us   # simulate 50µs of processing");
  serve.action(async (subject: string, _opts: unknown, c: Command) => {
    const { spec, out } = parseFlags("serve", subject, benchFlags(c), { cwd: deps.cwd });
    const { runBench } = await import("./run.js");
    await runBench(deps, c, spec, out);
  });

  return examples(addGroupFlags(new Command("service").description("Micro-service mode"), ["sleep"]).addCommand(request).addCommand(serve),
    "nats bench service serve testservice --clients 4",
    "nats bench service request testservice --clients 4 --msgs 20000");
}
