import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { usageError } from "../../errors.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";

/** `stream info [NAME]` and `stream state [NAME]`: natscli's info screen, or the server's StreamInfo as JSON. */
export function infoCommand(deps: Deps, state = false): Command {
  const cmd = new Command(state ? "state" : "info").description(state ? "Stream state" : "Stream information").argument("[stream]", "Stream to retrieve information for")
    .option("-j, --json", "Produce JSON output")
    .option("--no-select", "Do not select streams from a list");
  if (!state) cmd.aliases(["nfo", "i"]).option("--state", "Shows only the stream state");
  cmd.action(async (name: string | undefined, o: { json?: boolean; state?: boolean; select?: boolean }, c: Command) => {
    if (!name && o.select === false) throw usageError("a stream name is required with --no-select");
    await withConnection(deps, c, async (nc, ctx) => {
      const jsm = await manager(nc, ctx);
      const stream = await pickStream(deps, jsm, name, allFlag(c));
      const si = await jsm.streams.info(stream);
      if (o.json) return printJson(deps.io, si);
      deps.io.out.write(renderStreamInfo(si, deps.now(), { stateOnly: state || o.state }));
      deps.io.out.write("\n");
    });
  });
  return cmd;
}
