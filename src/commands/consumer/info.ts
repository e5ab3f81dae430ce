import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { usageError } from "../../errors.js";
import { renderConsumerInfo } from "../../jetstream/consumer-info.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer } from "./shared.js";

/** `consumer info [STREAM] [NAME]` / `consumer state`: natscli's consumer screen or the server's ConsumerInfo. */
export function infoCommand(deps: Deps, state = false): Command {
  const cmd = new Command(state ? "state" : "info").description(state ? "Consumer state" : "Consumer information").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("-j, --json", "Produce JSON output")
    .option("--no-select", "Do not select consumers from a list");
  if (!state) cmd.aliases(["nfo"]);
  cmd.action(async (stream: string | undefined, name: string | undefined, o: { json?: boolean; select?: boolean }, c: Command) => {
    if ((!stream || !name) && o.select === false) throw usageError("a stream and consumer name are required with --no-select");
    await withConnection(deps, c, async (nc, ctx) => {
      const jsm = await manager(nc, ctx);
      const p = await pickConsumer(deps, jsm, c, stream, name);
      const ci = await jsm.consumers.info(p.stream, p.consumer);
      if (o.json) return printJson(deps.io, ci);
      deps.io.out.write(renderConsumerInfo(ci, deps.now(), { stateOnly: state }));
      deps.io.out.write("\n");
    });
  });
  return cmd;
}
