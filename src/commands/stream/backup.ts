import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log } from "../../output/io.js";
import { humanDuration, commas, humanBytes } from "../../output/format.js";
import { backupStream, type BackupManifest } from "../../jetstream/backup.js";
import { pickStream, allFlag } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { createProgress } from "../../output/progress.js";
import { examplesText } from "../shared/examples.js";

export interface StreamBackupOptions { progress?: boolean; consumers?: boolean; all?: boolean }

/** `stream backup NAME DIR`: writes config, consumers and every message to a new directory. */
export function streamBackupCommand(deps: Deps): Command {
  return new Command("backup").aliases(["snapshot"]).description("Creates a backup of a Stream over the NATS network").argument("<stream>", "Stream to backup").argument("<target>", "Directory to create the backup in")
    .option("--progress", "Enables or disables progress reporting using a progress bar (default true)")
    .option("--no-progress", "Disable progress reporting")
    .option("--consumers", "Enable or disable consumer backups (default true)")
    .option("--no-consumers", "Do not back up consumers")
    .addHelpText("after", examplesText("nats stream backup ORDERS backups/orders/$(date +%F)", "nats stream backup ORDERS /tmp/orders --no-consumers --no-progress"))
    .action(async (name: string, target: string, o: StreamBackupOptions, c: Command) => {
      const dir = path.resolve(deps.cwd, target);
      await withConnection(deps, c, (nc, ctx) => streamBackup(deps, nc, ctx, name, dir, { ...o, all: allFlag(c) }));
    });
}

/** Backs the stream up into the directory `dir` (made by the backup); returns the manifest written. */
export async function streamBackup(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string, dir: string, o: StreamBackupOptions): Promise<BackupManifest> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const si = await jsm.streams.info(stream);
  log(deps.io, deps.now(), `Starting backup of Stream "${stream}" with ${humanBytes(si.state.bytes)}`);
  const started = deps.now();
  const bar = await createProgress(deps.io, { label: "Backed up", total: si.state.messages, enabled: o.progress !== false });
  let man: BackupManifest;
  try {
    man = await backupStream(nc, ctx.js, jsm, si, dir, { consumers: o.consumers !== false, progress: (done, total) => bar.update(done, total), signal: deps.signal });
  } finally {
    bar.done();
  }
  log(deps.io, deps.now(), `Received ${commas(man.messages)} messages (${humanBytes(man.state.bytes)}) and ${man.consumers.length} consumer configurations for stream "${stream}" in ${humanDuration(deps.now() - started)} into ${dir}`);
  return man;
}
