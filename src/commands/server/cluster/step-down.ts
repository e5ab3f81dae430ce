import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { printJson } from "../../../output/json.js";
import { collect } from "../../../util/flags.js";
import { serverIsAtLeast } from "../../../jetstream/version.js";
import { jsApiError, metaLeaderView, refuseDomain } from "../shared/meta.js";

export interface ServerClusterStepDownOptions { cluster?: string; tags?: string[]; host?: string; json?: boolean; force?: boolean }

/** What a step-down did: the leader before and after. */
export interface StepDownResult { previous_leader: string; leader: string; peers: number }

/**
 * Asks the JetStream meta leader to step down ($JS.API.META.LEADER.STEPDOWN, system account) and
 * waits up to 2.5 s for a new leader, as natscli does; exit 1 when the leader did not change.
 */
export async function serverClusterStepDown(deps: Deps, cmd: Command, o: ServerClusterStepDownOptions): Promise<StepDownResult> {
  return withConnection(deps, cmd, async (nc, ctx) => {
    refuseDomain(ctx.js.domain, "step-down");
    const { meta } = await metaLeaderView(deps, nc, ctx);
    let leader = meta.leader ?? "";
    if (!leader && !o.force) throw new CliError("cluster has no current leader", { hint: "pass -f to ask for an election anyway" });
    leader ||= "<unknown>";
    const peers = (meta.replicas?.length ?? 0) + 1;
    const say = (s: string) => { if (!o.json) deps.io.out.write(`${s}\n`); };
    const placement = o.cluster || o.tags?.length || o.host ? { cluster: o.cluster, tags: o.tags, preferred: o.host } : undefined;
    // placement on step-down needs 2.11; an older server ignores it and elects anywhere
    if ((o.host || o.tags?.length) && !serverIsAtLeast(nc, "2.11.0")) deps.io.err.write("nats: warning: placement by tags or host requires NATS Server 2.11.0 or newer, the server may elect any peer\n");
    say(`Requesting leader step down of "${leader}" in a ${peers} peer RAFT group`);
    const subject = "$JS.API.META.LEADER.STEPDOWN";
    const m = await nc.request(subject, placement ? JSON.stringify({ placement }) : "", { timeout: ctx.plan.timeoutMs });
    const err = jsApiError(subject, m.json());
    if (err) throw err;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 500));
      let now;
      try { now = (await metaLeaderView(deps, nc, ctx)).meta.leader; } catch { continue; }
      if (now && now !== leader) {
        const res = { previous_leader: leader, leader: now, peers };
        if (o.json) printJson(deps.io, res);
        else say(`New leader elected "${now}"`);
        return res;
      }
    }
    throw new CliError(`leader did not change after 2.5s: "${leader}" still leads`, { exitCode: ExitCode.FAILURE });
  });
}

/** `nats server cluster step-down` (raft step-down): forces a new JetStream meta leader election. */
export function serverClusterStepDownCommand(deps: Deps): Command {
  return new Command("step-down").aliases(["stepdown", "sd", "elect", "down", "d"])
    .description("Force a new leader election by standing down the current meta leader (system account)")
    .option("--cluster <cluster>", "Request placement of the leader in a specific cluster")
    .option("--tags <tag>", "Request placement of the leader on nodes with specific tag(s) (repeatable)", collect)
    .option("--host <name>", "Request placement of the leader on a specific node")
    .option("-j, --json", "Produce JSON output")
    .option("-f, --force", "Force leader step down ignoring current leader")
    .addHelpText("after", "\nExamples:\n  nats server cluster step-down\n  nats server raft step-down --cluster east --json\n")
    .action(async (o: ServerClusterStepDownOptions, cmd: Command) => { await serverClusterStepDown(deps, cmd, o); });
}
