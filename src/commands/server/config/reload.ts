import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { requireServer } from "../../../jetstream/version.js";
import { deadlineIn, gather, noResults } from "../../../sys/gather.js";
import { isServerId, renderVarz } from "../shared/varz.js";

export interface ServerConfigReloadOptions { force?: boolean }

/** Asks one server (by ID) to reload its configuration ($SYS.REQ.SERVER.<id>.RELOAD, 2.10+), then shows its info. */
export async function serverConfigReload(deps: Deps, cmd: Command, id: string, o: ServerConfigReloadOptions): Promise<void> {
  if (!isServerId(id)) throw new CliError(`"${id}" is not a server ID`, { exitCode: ExitCode.USAGE, hint: "pass the 56 character ID `nats server list --json` shows (server.id)" });
  await withConnection(deps, cmd, async (nc, ctx) => {
    requireServer(nc, "2.10.0", "server config reload");
    const varzSubject = `$SYS.REQ.SERVER.${id}.VARZ`;
    const one = async (subject: string) => {
      const r = await gather<Record<string, any>>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1 });
      if (r.errors.length) throw new CliError(`${subject} failed: ${r.errors[0]!.description}`);
      if (!r.replies.length) throw noResults(subject, r);
      return r.replies[0]!;
    };
    if (!o.force) {
      const v = await one(varzSubject);
      if (!(await confirmDestructive(deps.io, false, `Really reload configuration for ${v.server.name} (${v.server.id}) on ${v.server.host}`, "reload the configuration"))) return;
    }
    await one(`$SYS.REQ.SERVER.${id}.RELOAD`);
    renderVarz(deps, await one(varzSubject));
  });
}

/** `nats server config reload ID`: reloads a server's runtime configuration. */
export function serverConfigReloadCommand(deps: Deps): Command {
  return new Command("reload")
    .description("Reloads the runtime configuration (system account, NATS Server 2.10+)")
    .argument("<id>", "The server ID to trigger a reload for")
    .option("-f, --force", "Force reload without prompting")
    .addHelpText("after", "\nExamples:\n  nats server config reload NCXXXX… -f\n")
    .action(async (id: string, o: ServerConfigReloadOptions, cmd: Command) => { await serverConfigReload(deps, cmd, id, o); });
}
