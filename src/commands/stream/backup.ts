import * as path from "node:path";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { humanDuration, commas, humanBytes } from "../../output/format.js";
import { backupStream } from "../../jetstream/backup.js";
import { pickStream, allFlag } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { progressPrinter } from "./shared.js";

/** `stream backup NAME DIR`: writes config, consumers and every message to a new directory. */
export function backupCommand(deps: Deps): Command {
  return new Command("backup").aliases(["snapshot"]).description("Creates a backup of a Stream over the NATS network").argument("<stream>", "Stream to backup").argument("<target>", "Directory to create the backup in")
    .option("--progress", "Enables or disables progress reporting using a progress bar (default true)")
    .option("--no-progress", "Disable progress reporting")
    .option("--consumers", "Enable or disable consumer backups (default true)")
    .option("--no-consumers", "Do not back up consumers")
    .action(async (name: string, target: string, o: { progress?: boolean; consumers?: boolean }, c: Command) => {
      const dir = path.resolve(deps.cwd, target);
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const stream = await pickStream(deps, jsm, name, allFlag(c));
        const si = await jsm.streams.info(stream);
        log(deps.io, deps.now(), `Starting backup of Stream "${stream}" with ${humanBytes(si.state.bytes)}`);
        const started = deps.now();
        const pr = progressPrinter(deps, o.progress !== false, "Backed up");
        const man = await backupStream(nc, ctx.js, jsm, si, dir, { consumers: o.consumers !== false, progress: pr.update, signal: deps.signal });
        pr.end();
        log(deps.io, deps.now(), `Received ${commas(man.messages)} messages (${humanBytes(man.state.bytes)}) and ${man.consumers.length} consumer configurations for stream "${stream}" in ${humanDuration(deps.now() - started)} into ${dir}`);
      });
    });
}
