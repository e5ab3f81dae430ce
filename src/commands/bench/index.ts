import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { benchPubCommand } from "./pub.js";
import { benchSubCommand } from "./sub.js";

/** `nats bench`: throughput measurements with our own client (core publisher and subscriber). */
export function createCommand(deps: Deps): Command {
  return new Command("bench")
    .description("Benchmark utility")
    .addCommand(benchPubCommand(deps))
    .addCommand(benchSubCommand(deps));
}
