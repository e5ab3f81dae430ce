import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { benchAgentCommand } from "./agent.js";
import { benchJsCommand } from "./js.js";
import { benchKvCommand } from "./kv.js";
import { acceptLegacyForm, runLegacy } from "./legacy.js";
import { examples } from "./options.js";
import { benchPubCommand } from "./pub.js";
import { benchServiceCommand } from "./service.js";
import { benchSubCommand } from "./sub.js";

/** `nats bench`: natscli's benchmark modes, plus the old `bench SUBJECT --pub N --sub M` form and agents. */
export function createCommand(deps: Deps): Command {
  const cmd = new Command("bench")
    .description("Benchmark utility")
    .addCommand(benchPubCommand(deps))
    .addCommand(benchSubCommand(deps))
    .addCommand(benchServiceCommand(deps))
    .addCommand(benchJsCommand(deps))
    .addCommand(benchKvCommand(deps))
    .addCommand(benchAgentCommand(deps));
  acceptLegacyForm(cmd);
  examples(cmd,
    "nats bench pub foo --clients 4 --msgs 1000000 --size 512",
    "nats bench sub foo --clients 4 --msgs 1000000",
    "nats bench foo --pub 1 --sub 1 --size 16          # the old form: publishers and subscribers together",
    "nats bench js pub async foo --create --batch 1000",
    "nats bench kv put --clients 10");
  return cmd.action(async (_subject: string | undefined, _opts: unknown, c: Command) => runLegacy(deps, c));
}
