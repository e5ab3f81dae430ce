import { Command, Option } from "commander";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { parseIntFlag } from "../../util/flags.js";
import { requireServer } from "../../jetstream/version.js";
import { writeFileAtomic } from "../../context/store.js";
import { deadlineIn, discoverServerCount, gather, noResults } from "../../sys/gather.js";

export interface ServerRequestProfileOptions { level?: string }

const PROFILES = ["allocs", "heap", "goroutine", "mutex", "threadcreate", "block", "cpu"];

/** Runs a Go profile on every server (PROFILEZ, 2.10+) and writes one file per server into `dir`; returns the files. */
export async function serverRequestProfile(deps: Deps, cmd: Command, profile: string, dir: string, o: ServerRequestProfileOptions): Promise<string[]> {
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw usageError(`${dir} is not a directory`, "create it first or pass another output directory");
  const level = o.level === undefined ? 0 : parseIntFlag(o.level, "--level");
  return withConnection(deps, cmd, async (nc, ctx) => {
    requireServer(nc, "2.10.0", "server request profile");
    const subject = "$SYS.REQ.SERVER.PING.PROFILEZ";
    // a CPU profile runs for the timeout; allow the network the same again
    const body: Record<string, unknown> = { name: profile, debug: level };
    if (profile === "cpu") body.duration = ctx.plan.timeoutMs * 1e6;
    const deadline = deadlineIn(profile === "cpu" ? ctx.plan.timeoutMs * 2 : ctx.plan.timeoutMs);
    const expect = await discoverServerCount(nc, deadline);
    const r = await gather<{ profile?: string; error?: string }>(nc, subject, { deadline, body, expect: () => expect });
    if (!r.replies.length) throw noResults(subject, r);
    const stamp = new Date(deps.now()).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
    const files: string[] = [];
    for (const rep of r.replies) {
      if (rep.data.error) { deps.io.err.write(`nats: warning: ${rep.server.name}: ${rep.data.error}\n`); continue; }
      const file = path.join(dir, `${profile}-${stamp}-${rep.server.name}`);
      // Go's []byte is base64 in JSON
      await writeFileAtomic(file, Buffer.from(rep.data.profile ?? "", "base64"));
      deps.io.out.write(`Server "${rep.server.name}" profile written: ${file}\n`);
      files.push(file);
    }
    if (!files.length) throw new CliError("no server returned a profile", { exitCode: ExitCode.FAILURE });
    return files;
  });
}

/** `nats server request profile PROFILE [DIR]`: Go runtime profiles of every server (system account). */
export function serverRequestProfileCommand(deps: Deps): Command {
  return new Command("profile")
    .description("Run a profile (NATS Server 2.10+)")
    .addArgument(new Command().createArgument("<profile>", "The name of the profile to run").choices(PROFILES))
    .argument("[dir]", "Set the output directory for profile files", ".")
    .addOption(new Option("--level <n>", "Set the debug level of the profile"))
    .addHelpText("after", "\nExamples:\n  nats server request profile goroutine /tmp/profiles --level 1\n")
    .action(async (profile: string, dir: string, o: ServerRequestProfileOptions, cmd: Command) => { await serverRequestProfile(deps, cmd, profile, dir, o); });
}
