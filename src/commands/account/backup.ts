import * as path from "node:path";
import { promises as fs } from "node:fs";
import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError, ExitCode, explain } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { commas, humanBytes } from "../../output/format.js";
import { confirmDestructive } from "../../output/prompt.js";
import { createProgress } from "../../output/progress.js";

export interface AccountBackupOptions { check?: boolean; consumers?: boolean; force?: boolean; criticalWarnings?: boolean; progress?: boolean }

/** Why a stream is not healthy enough to back up (--check), or undefined: a leader, and every replica current and online. */
export function streamHealthProblem(si: StreamInfo): string | undefined {
  if ((si.config.num_replicas ?? 1) <= 1) return undefined;
  if (!si.cluster?.leader) return "has no leader";
  const peers = si.cluster.replicas ?? [];
  if (peers.length + 1 < (si.config.num_replicas ?? 1)) return `has ${peers.length + 1} of ${si.config.num_replicas} replicas`;
  const bad = peers.filter((p) => p.offline || !p.current).map((p) => p.name);
  return bad.length ? `has replicas offline or behind: ${bad.join(", ")}` : undefined;
}

/**
 * Backs up every stream of the account into DIR/<stream> with `stream backup`'s format (one directory
 * per stream, each written atomically); returns the streams backed up. Failures are listed at the end
 * and make the command exit 1; memory streams' warnings too with --critical-warnings.
 */
export async function accountBackup(deps: Deps, cmd: Command, target: string, o: AccountBackupOptions): Promise<string[]> {
  const dir = path.resolve(deps.cwd, target);
  return withConnection(deps, cmd, async (nc, ctx) => {
    const { manager } = await import("../../jetstream/manager.js");
    const { backupStream } = await import("../../jetstream/backup.js");
    const jsm = await manager(nc, ctx);
    const streams: StreamInfo[] = [];
    for await (const si of jsm.streams.list()) streams.push(si);
    if (!streams.length) throw new CliError("no streams found", { exitCode: ExitCode.NOT_FOUND });
    streams.sort((a, b) => a.config.name.localeCompare(b.config.name));
    const size = streams.reduce((a, s) => a + s.state.bytes, 0);
    const consumers = streams.reduce((a, s) => a + s.state.consumer_count, 0);
    new Columns(`Performing backup of all streams to ${dir}`).row("Streams", streams.length).row("Size", humanBytes(size)).row("Consumers", consumers).print(deps.io);
    deps.io.out.write("\n");
    if (!(await confirmDestructive(deps.io, o.force, "Perform backup", "back up every stream"))) return [];
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const errs: string[] = [], warns: string[] = [], done: string[] = [];
    for (const si of streams) {
      const name = si.config.name;
      if (o.check) {
        const why = streamHealthProblem(si);
        if (why) { deps.io.out.write(`Backup of ${name} failed: the stream ${why}\n\n`); errs.push(`${name}: the stream ${why}`); continue; }
      }
      deps.io.out.write(`Starting backup of Stream "${name}" with ${humanBytes(si.state.bytes)}\n`);
      const bar = await createProgress(deps.io, { label: name, total: si.state.messages, enabled: o.progress !== false });
      try {
        const man = await backupStream(nc, ctx.js, jsm, si, path.join(dir, name), { consumers: o.consumers !== false, progress: (n) => bar.update(n), signal: deps.signal });
        bar.done();
        deps.io.out.write(`Received ${commas(man.messages)} messages (${humanBytes(man.state.bytes)}) and ${man.consumers.length} consumer configurations for stream "${name}"\n\n`);
        if (si.config.storage === "memory") warns.push(`${name}: memory stream, its data is as of this backup only`);
        done.push(name);
      } catch (e) {
        bar.done();
        const m = explain(e).message;
        deps.io.out.write(`Backup of ${name} failed: ${m}\n\n`);
        errs.push(`${name}: ${m}`);
      }
    }
    if (warns.length) deps.io.out.write(`Backup Warnings: \n${warns.map((w) => `  ${w}\n`).join("")}\n`);
    if (errs.length) deps.io.out.write(`Backup failures: \n${errs.map((w) => `  ${w}\n`).join("")}\n`);
    if (errs.length || (warns.length && o.criticalWarnings)) throw new CliError(`backup failed: ${done.length} of ${streams.length} streams backed up`, { exitCode: ExitCode.FAILURE });
    return done;
  });
}

/** `nats account backup DIR` (snapshot): every JetStream stream of the account, one `stream backup` directory each. */
export function accountBackupCommand(deps: Deps): Command {
  return new Command("backup").alias("snapshot")
    .description("Creates a backup of all JetStream Streams over the NATS network")
    .argument("<target>", "Directory to create the backup in")
    .option("--check", "Checks the Stream for health prior to backup")
    .option("--consumers", "Enable or disable consumer backups (default true)")
    .option("--no-consumers", "Do not back up consumers")
    .option("--no-progress", "Do not draw progress bars")
    .option("-f, --force", "Perform backup without prompting")
    .option("-w, --critical-warnings", "Treat warnings as failures")
    .addHelpText("after", "\nExamples:\n  nats account backup /backups/$(date +%F) -f --check\n  nats account restore /backups/2026-01-31\n")
    .action(async (target: string, o: AccountBackupOptions, cmd: Command) => { await accountBackup(deps, cmd, target, o); });
}
