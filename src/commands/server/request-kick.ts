import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { parseIntFlag } from "../../util/flags.js";
import { requireServer } from "../../jetstream/version.js";
import { deadlineIn, gather, noResults } from "../../sys/gather.js";
import { isServerId } from "./shared/varz.js";

/** Disconnects client CID from server SERVER_ID ($SYS.REQ.SERVER.<id>.KICK, 2.10+) and prints the server's answer. */
export async function serverRequestKick(deps: Deps, cmd: Command, cid: number, serverId: string): Promise<unknown> {
  return withConnection(deps, cmd, async (nc, ctx) => {
    requireServer(nc, "2.10.0", "server request kick");
    const subject = `$SYS.REQ.SERVER.${serverId}.KICK`;
    const r = await gather(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1, body: { cid } });
    if (r.errors.length) throw new CliError(`${subject} failed: ${r.errors[0]!.description}`);
    if (!r.replies.length) throw noResults(subject, r);
    printJson(deps.io, r.replies[0]!.raw);
    return r.replies[0]!.raw;
  });
}

/** `nats server request kick CID SERVER_ID`: disconnects a client immediately (system account). */
export function serverRequestKickCommand(deps: Deps): Command {
  return new Command("kick")
    .description("Disconnects a client immediately (NATS Server 2.10+)")
    .argument("<client>", "The Client ID to disconnect")
    .argument("<server>", "The Server ID to disconnect the client from")
    .addHelpText("after", "\nExamples:\n  nats server request kick 42 NCXXXX…   # CID and server ID from `nats server report connections --json`\n")
    .action(async (client: string, server: string, _o: unknown, cmd: Command) => {
      const cid = parseIntFlag(client, "client ID", { min: 1 });
      if (!isServerId(server)) throw new CliError(`"${server}" is not a server ID`, { exitCode: 2, hint: "pass the 56 character server ID" });
      await serverRequestKick(deps, cmd, cid, server);
    });
}
