import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { confirmDestructive } from "../../output/prompt.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";

/** `stream rm [NAME]`: deletes a stream and its data after confirmation (or -f). */
export function rmCommand(deps: Deps): Command {
  return new Command("rm").aliases(["delete", "del"]).description("Removes a Stream").argument("[stream]", "Stream name")
    .option("-f, --force", "Force removal without prompting")
    .action(async (name: string | undefined, o: { force?: boolean }, c: Command) => {
      if (o.force && !name) throw usageError("--force requires a stream name");
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const stream = await pickStream(deps, jsm, name, allFlag(c));
        await jsm.streams.info(stream); // fail with "stream not found" before asking
        if (!(await confirmDestructive(deps.io, o.force, `Really delete Stream ${stream}`))) return;
        await jsm.streams.delete(stream);
      });
    });
}
