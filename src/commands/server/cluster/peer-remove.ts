import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { printJson } from "../../../output/json.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { jsApiError, metaLeaderView, refuseDomain } from "../shared/meta.js";

export interface ServerClusterPeerRemoveOptions { force?: boolean; json?: boolean }

const WARNING = `Removing peers is intended for peers that will not come back, generally for peers that will remain
in the cluster removing the peer is not needed - simply do your maintenance with the peer shut down.

To return a removed peer to the cluster you have to restart the entire cluster or super-cluster first.
If the peer was online when it was removed you need to restart the removed peer last.

R1 streams on this peer will migrate to other peers but data will be lost, even if the
peer returns later.

R1 consumers on this peer will lose their state and revert to starting configuring
which may lead to duplicate deliveries.

`;

/** Removes a peer (by server name or peer ID) from the JetStream meta group ($JS.API.SERVER.REMOVE). */
export async function serverClusterPeerRemove(deps: Deps, cmd: Command, peer: string, o: ServerClusterPeerRemoveOptions): Promise<{ removed: string; peer_id?: string; state: string }> {
  return withConnection(deps, cmd, async (nc, ctx) => {
    refuseDomain(ctx.js.domain, "peer-remove");
    const { meta } = await metaLeaderView(deps, nc, ctx);
    const r = (meta.replicas ?? []).find((x) => x.name === peer || (x.peer !== undefined && x.peer === peer));
    if (!r) {
      const hint = meta.leader === peer ? `${peer} is the meta leader: step it down first (nats server cluster step-down)` : `known peers: ${(meta.replicas ?? []).map((x) => x.name).join(", ") || "none"}`;
      throw new CliError(`did not find a replica named ${peer}`, { exitCode: ExitCode.NOT_FOUND, hint });
    }
    const state = r.offline ? "offline" : "online";
    if (!o.force) deps.io.out.write(WARNING);
    const question = r.peer && peer !== r.name ? `Really remove ${state} peer ${r.name} with id ${r.peer}` : `Really remove ${state} peer ${r.name}`;
    if (!(await confirmDestructive(deps.io, o.force, question, `remove peer ${r.name}`))) {
      deps.io.out.write("Removal canceled\n");
      return { removed: "", state };
    }
    const subject = "$JS.API.SERVER.REMOVE";
    // the server reads the name from "peer" and (2.10+) the peer ID from "peer_id"; 2.9 knows only the name
    const m = await nc.request(subject, JSON.stringify(r.peer ? { peer: r.name, peer_id: r.peer } : { peer: r.name }), { timeout: ctx.plan.timeoutMs });
    const err = jsApiError(subject, m.json());
    if (err) throw err;
    const res = { removed: r.name, peer_id: r.peer, state };
    if (o.json) printJson(deps.io, res);
    else deps.io.out.write(`Removed ${state} peer ${r.name} from the JetStream meta group\n`);
    return res;
  });
}

/** `nats server cluster peer-remove NAME` (rm, pr): removes a server from the JetStream cluster. */
export function serverClusterPeerRemoveCommand(deps: Deps): Command {
  return new Command("peer-remove").aliases(["rm", "pr"])
    .description("Removes a server from a JetStream cluster (system account)")
    .argument("<name>", "The Server Name or ID to remove from the JetStream cluster")
    .option("-f, --force", "Force removal without prompting")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats server cluster peer-remove n3 -f   # n3 is gone for good\n")
    .action(async (name: string, o: ServerClusterPeerRemoveOptions, cmd: Command) => { await serverClusterPeerRemove(deps, cmd, name, o); });
}
