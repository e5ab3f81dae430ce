import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { confirmDestructive } from "../../output/prompt.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer } from "./shared.js";

/** `consumer rm [STREAM] [NAME]`: deletes a consumer after confirmation (or -f). */
export function rmCommand(deps: Deps): Command {
  return new Command("rm").aliases(["delete", "del"]).description("Removes a Consumer").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("-f, --force", "Force removal without prompting")
    .action(async (stream: string | undefined, name: string | undefined, o: { force?: boolean }, c: Command) => {
      if (o.force && (!stream || !name)) throw usageError("--force requires a stream and consumer name");
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const p = await pickConsumer(deps, jsm, c, stream, name);
        await jsm.consumers.info(p.stream, p.consumer);
        if (!(await confirmDestructive(deps.io, o.force, `Really delete Consumer ${p.stream} > ${p.consumer}`))) return;
        await jsm.consumers.delete(p.stream, p.consumer);
      });
    });
}
