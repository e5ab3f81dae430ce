import * as path from "node:path";
import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { log, timePrefix } from "../../output/io.js";
import { printJson } from "../../output/json.js";
import { humanDuration } from "../../output/format.js";
import { collect, parseIntFlag, splitList } from "../../util/flags.js";
import { readManifest, restoreStream, type BackupManifest } from "../../jetstream/backup.js";
import { readStreamConfigFile, type AnyStreamConfig } from "../../jetstream/stream-config.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { createMultiProgress } from "../../output/progress.js";
import { examplesText } from "../shared/examples.js";

export interface StreamRestoreOptions { progress?: boolean; config?: string; cluster?: string; tag?: string[]; replicas?: string; json?: boolean }

/** `stream restore DIR`: re-creates a stream from a `stream backup` directory. */
export function streamRestoreCommand(deps: Deps): Command {
  return new Command("restore").description("Restore a Stream over the NATS network").argument("<file>", "The directory holding the backup to restore")
    .option("--progress", "Enables or disables progress reporting (default true)")
    .option("--no-progress", "Disable progress reporting")
    .option("--config <file>", "Load a different configuration when restoring the stream")
    .option("--cluster <name>", "Place the stream in a specific cluster")
    .option("--tag <tag>", "Place the stream on servers that has specific tags (repeatable)", collect)
    .option("--replicas <n>", "Override how many replicas of the data to create")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream restore backups/orders/2026-01-31", "nats stream restore backups/orders/2026-01-31 --replicas 3 --cluster east"))
    .action(async (target: string, o: StreamRestoreOptions, c: Command) => {
      const dir = path.resolve(deps.cwd, target);
      const man = await readManifest(dir);
      const config = o.config ? await readStreamConfigFile(path.resolve(deps.cwd, o.config)) : undefined;
      await withConnection(deps, c, (nc, ctx) => streamRestore(deps, nc, ctx, dir, man, config, o));
    });
}

/** Restores the backup in `dir` (its manifest read already), with `config` over the one saved; shows the stream. */
export async function streamRestore(deps: Deps, nc: NatsConnection, ctx: ConnCtx, dir: string, man: BackupManifest, config: AnyStreamConfig | undefined, o: StreamRestoreOptions): Promise<StreamInfo> {
  log(deps.io, deps.now(), `Starting restore of Stream "${man.config.name}" from file "${dir}"`);
  const started = deps.now();
  const replicas = o.replicas ? parseIntFlag(o.replicas, "--replicas", { min: 1, max: 5 }) : undefined;
  // warnings go above the bar (a plain write would be drawn over)
  const bars = await createMultiProgress(deps.io, { enabled: o.progress !== false });
  const bar = bars.bar({ label: "Restored", total: man.messages });
  let si: StreamInfo;
  try {
    si = await restoreStream(nc, ctx.js, dir, {
      config,
      cluster: o.cluster,
      tags: o.tag ? splitList(o.tag) : undefined,
      replicas,
      progress: (done, total) => bar.update(done, total),
      warn: (m) => bars.log(`${timePrefix(deps.now())}WARNING: ${m}`),
    });
  } finally {
    bar.done();
    bars.stop();
  }
  log(deps.io, deps.now(), `Restored stream "${si.config.name}" in ${humanDuration(deps.now() - started)}`);
  if (o.json) printJson(deps.io, si);
  else deps.io.out.write(`${renderStreamInfo(si, deps.now())}\n`);
  return si;
}
