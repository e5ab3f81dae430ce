import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { confirmDestructive } from "../../output/prompt.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";

/** `stream seal [NAME]`: makes a stream read-only, irreversibly. */
export function sealCommand(deps: Deps): Command {
  return new Command("seal").description("Seals a stream preventing any further modification").argument("[stream]", "Stream name")
    .option("-f, --force", "Force sealing without prompting")
    .option("-j, --json", "Produce JSON output")
    .action(async (name: string | undefined, o: { force?: boolean; json?: boolean }, c: Command) => {
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const stream = await pickStream(deps, jsm, name, allFlag(c));
        await jsm.streams.info(stream);
        if (!(await confirmDestructive(deps.io, o.force, `Really seal Stream ${stream}, sealed streams can not be unsealed or modified`))) return;
        const si = await jsm.streams.update(stream, { sealed: true } as never);
        if (o.json) return printJson(deps.io, si);
        deps.io.out.write(renderStreamInfo(si, deps.now()));
        deps.io.out.write("\n");
      });
    });
}
