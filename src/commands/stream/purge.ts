import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { commas } from "../../output/format.js";
import { confirmDestructive } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";

/** `stream purge [NAME]`: removes all messages, or those of --subject, below --seq, or all but --keep. */
export function purgeCommand(deps: Deps): Command {
  return new Command("purge").description("Purge a Stream without deleting it").argument("[stream]", "Stream name")
    .option("-f, --force", "Force removal without prompting")
    .option("--subject <subject>", "Limits the purge to a specific subject")
    .option("--seq <sequence>", "Purge up to but not including a specific message sequence")
    .option("--keep <n>", "Keeps a certain number of messages after the purge")
    .option("-j, --json", "Produce JSON output")
    .action(async (name: string | undefined, o: { force?: boolean; subject?: string; seq?: string; keep?: string; json?: boolean }, c: Command) => {
      if (o.seq !== undefined && o.keep !== undefined) throw usageError("sequence and keep cannot be combined when purging");
      const req: { filter?: string; seq?: number; keep?: number } = {};
      if (o.subject) req.filter = o.subject;
      if (o.seq !== undefined) req.seq = parseIntFlag(o.seq, "--seq", { min: 1 });
      if (o.keep !== undefined) req.keep = parseIntFlag(o.keep, "--keep");
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const stream = await pickStream(deps, jsm, name, allFlag(c));
        await jsm.streams.info(stream);
        if (!(await confirmDestructive(deps.io, o.force, `Really purge Stream ${stream}`))) return;
        const r = await jsm.streams.purge(stream, req as never);
        const si = await jsm.streams.info(stream);
        if (o.json) return printJson(deps.io, si);
        deps.io.out.write(`Purged ${commas(r.purged)} messages from ${stream}\n\n`);
        deps.io.out.write(renderStreamInfo(si, deps.now(), { stateOnly: true }));
        deps.io.out.write("\n");
      });
    });
}
