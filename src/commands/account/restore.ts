import * as path from "node:path";
import { promises as fs } from "node:fs";
import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { humanDuration } from "../../output/format.js";
import { createProgress } from "../../output/progress.js";
import { collect } from "../../util/flags.js";

export interface AccountRestoreOptions { cluster?: string; tag?: string[]; progress?: boolean }

/**
 * Restores every stream directory under DIR (as `account backup` wrote them). Everything is checked
 * first (each is a backup, none of the streams exists) so nothing is half restored by a bad directory.
 */
export async function accountRestore(deps: Deps, cmd: Command, target: string, o: AccountRestoreOptions): Promise<string[]> {
  const dir = path.resolve(deps.cwd, target);
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw usageError(`${dir} is not a directory`, "pass a directory written by `nats account backup`");
  const { readManifest, restoreStream } = await import("../../jetstream/backup.js");
  const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((d) => !d.name.startsWith(".")).sort((a, b) => a.name.localeCompare(b.name));
  for (const d of entries) if (!d.isDirectory()) throw usageError(`expected a directory: ${path.join(dir, d.name)}`, "an account backup holds one directory per stream");
  const manifests = await Promise.all(entries.map((d) => readManifest(path.join(dir, d.name))));
  if (!manifests.length) throw usageError(`${dir} holds no stream backups`);
  return withConnection(deps, cmd, async (nc, ctx) => {
    const { manager } = await import("../../jetstream/manager.js");
    const jsm = await manager(nc, ctx);
    const existing = new Set<string>();
    for await (const n of jsm.streams.names()) existing.add(n);
    const clash = manifests.filter((m) => existing.has(m.config.name!)).map((m) => m.config.name);
    if (clash.length) throw new CliError(`stream${clash.length > 1 ? "s" : ""} ${clash.map((n) => `"${n}"`).join(", ")} exist${clash.length > 1 ? "" : "s"} already`, { exitCode: ExitCode.CONFLICT, hint: "remove them first or restore into another account" });
    deps.io.out.write(`Restoring backup of all ${manifests.length} streams in directory "${dir}"\n\n`);
    const done: string[] = [];
    for (const [i, m] of manifests.entries()) {
      const started = deps.now();
      const bar = await createProgress(deps.io, { label: m.config.name!, total: m.messages, enabled: o.progress !== false });
      const si = await restoreStream(nc, ctx.js, path.join(dir, entries[i]!.name), {
        cluster: o.cluster, tags: o.tag, progress: (n) => bar.update(n),
        warn: (w) => deps.io.err.write(`nats: warning: ${w}\n`),
      }).catch((e: unknown) => { bar.done(); throw new CliError(`restore for ${m.config.name} failed: ${(e as Error).message}`, { exitCode: ExitCode.FAILURE, hint: done.length ? `restored before it: ${done.join(", ")}` : undefined }); });
      bar.done();
      deps.io.out.write(`Restored stream "${si.config.name}" with ${si.state.messages} messages in ${humanDuration(deps.now() - started)}\n`);
      done.push(si.config.name);
    }
    return done;
  });
}

/** `nats account restore DIR`: restores every stream of an `account backup`. */
export function accountRestoreCommand(deps: Deps): Command {
  return new Command("restore")
    .description("Restore an account backup over the NATS network")
    .argument("<directory>", "The directory holding the account backup to restore")
    .option("--cluster <name>", "Place the stream in a specific cluster")
    .option("--tag <tag>", "Place the stream on servers that has specific tags (pass multiple times)", collect)
    .option("--no-progress", "Do not draw progress bars")
    .addHelpText("after", "\nExamples:\n  nats account restore /backups/2026-01-31 --cluster east\n")
    .action(async (directory: string, o: AccountRestoreOptions, cmd: Command) => { await accountRestore(deps, cmd, directory, o); });
}
