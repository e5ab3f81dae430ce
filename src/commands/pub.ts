import { Command } from "commander";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { log } from "../output/io.js";

export interface PubOptions { quiet?: boolean }

/** `nats pub SUBJECT [BODY]` (minimal core; issue #3 completes it). */
export function createCommand(deps: Deps): Command {
  return new Command("publish").alias("pub")
    .description("Generic data publish utility")
    .argument("<subject>", "Subject to publish to")
    .argument("[body]", "Message body", "")
    .option("-q, --quiet", "Show just the output received", false)
    .action(async (subject: string, body: string, opts: PubOptions, cmd: Command) => {
      await withConnection(deps, cmd, async (nc) => {
        nc.publish(subject, body);
        await nc.flush();
        if (!opts.quiet) log(deps.io, deps.now(), `Published ${Buffer.byteLength(body)} bytes to "${subject}"`);
      });
    });
}
