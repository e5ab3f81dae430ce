import { hostname } from "node:os";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { planFromCommand } from "../../context/connect.js";
import { DEFAULT_CONTROL_SUBJECT, examples } from "./options.js";

/** `nats bench agent`: runs its share of `nats bench … --agents N` runs on this host until Ctrl-C (natsx). */
export function benchAgentCommand(deps: Deps): Command {
  const cmd = new Command("agent")
    .description("Wait for benchmark work on a NATS subject and run it on this host (natsx): `nats bench … --agents N` hands each agent its share and aggregates the figures")
    .option("--name <name>", "The agent's name in reports", `${hostname()}-${process.pid}`)
    .option("--control-subject <prefix>", "Subject prefix to wait for work on", DEFAULT_CONTROL_SUBJECT);
  examples(cmd,
    "nats bench agent                      # on each load-generating host",
    "nats bench pub foo --agents 3 --clients 6 --msgs 3000000   # anywhere: 2 clients on each of 3 agents");
  return cmd.action(async (opts: { name: string; controlSubject: string }, c: Command) => {
    const plan = await planFromCommand(deps, c);
    const { serveAgent } = await import("./agents.js");
    await serveAgent(deps, plan, opts.controlSubject, opts.name);
  });
}
