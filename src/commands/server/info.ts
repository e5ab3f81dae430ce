import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { deadlineIn, gather, noResults } from "../../sys/gather.js";

import { isServerId, renderVarz } from "./shared/varz.js";
import { examplesText } from "../shared/examples.js";

export interface ServerInfoOptions { json?: boolean; archive?: string }

/** `nats server info [SERVER]`: the VARZ of one server (the connected one by default) as natscli's screen. */
export function serverInfoCommand(deps: Deps): Command {
  return new Command("info").alias("i")
    .description("Show information about a single server (system account)")
    .argument("[server]", "Server ID or name to inspect (default: the connected server)")
    .option("-j, --json", "Produce JSON output", false)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", examplesText("nats server info --context sys", "nats server info nats1.example.net --context sys --json"))
    .action(async (server: string | undefined, opts: ServerInfoOptions, cmd: Command) => {
      if (opts.archive) {
        // without a connection there is no "connected server": the archive's first server unless one is named
        const { AuditArchive } = await import("../../sys/archive.js");
        const all = (await AuditArchive.open(opts.archive)).ping<Record<string, unknown>>("VARZ");
        const rep = server ? all.find((r) => r.server.name === server || r.server.id === server) : all[0];
        if (!rep) throw new CliError(`no captured data for server "${server}" in ${opts.archive}`, { exitCode: ExitCode.NOT_FOUND, hint: `captured: ${all.map((r) => r.server.name).join(", ")}` });
        if (opts.json) printJson(deps.io, rep.data);
        else renderVarz(deps, rep);
        return;
      }
      await withConnection(deps, cmd, (nc, ctx) => serverInfo(deps, nc, ctx, server, opts));
    });
}

/** Shows the VARZ of one server (the connected one by default), by ID or by name, as natscli's screen or JSON. */
export async function serverInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, server: string | undefined, opts: ServerInfoOptions): Promise<void> {
  const target = server ?? nc.info?.server_id ?? "";
  const byId = isServerId(target);
  const subject = byId ? `$SYS.REQ.SERVER.${target}.VARZ` : "$SYS.REQ.SERVER.PING.VARZ";
  const r = await gather<Record<string, unknown>>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1, body: byId ? undefined : { server_name: target } });
  if (r.replies.length === 0) {
    if (r.timedOut && !byId) throw new CliError(`no server named "${target}" answered within the timeout`, { exitCode: ExitCode.NOT_FOUND, hint: "list servers with `nats server list`; this needs the system account" });
    throw noResults(subject, r);
  }
  const rep = r.replies[0]!;
  if (opts.json) printJson(deps.io, rep.data);
  else renderVarz(deps, rep);
}
