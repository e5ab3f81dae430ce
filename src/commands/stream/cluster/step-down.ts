import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamInfo } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { log } from "../../../output/io.js";
import { printJson } from "../../../output/json.js";
import { renderStreamInfo } from "../../../jetstream/stream-info.js";
import { streamLeaderStepDown, waitForNewLeader } from "../../../jetstream/leaders.js";
import { requireServer } from "../../../jetstream/version.js";
import { manager } from "../../../jetstream/manager.js";
import { allFlag, pickStream } from "../../shared/pick.js";

export interface StreamClusterStepDownOptions { preferred?: string; force?: boolean; json?: boolean; all?: boolean }

/** `stream cluster step-down [STREAM]`: forces a new leader election and waits for it. */
export function streamClusterStepDownCommand(deps: Deps): Command {
  return new Command("step-down").aliases(["stepdown", "sd", "elect", "down", "d"])
    .description("Force a new leader election by standing down the current leader")
    .argument("[stream]", "Stream to act on")
    .option("--preferred <server>", "Prefer placing the leader on a specific host (NATS Server 2.11+)")
    .option("-f, --force", "Force leader step down ignoring current leader")
    .option("-j, --json", "Print the stream's information as JSON once a new leader is elected")
    .addHelpText("after", "\nExamples:\n  nats stream cluster step-down ORDERS\n  nats stream cluster step-down ORDERS --preferred n2   # NATS Server 2.11+\n")
    .action(async (stream: string | undefined, o: StreamClusterStepDownOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamClusterStepDown(deps, nc, ctx, stream, { ...o, all: allFlag(c) }));
    });
}

/** Steps the stream's leader down, logs natscli's lines, and shows the stream once another server leads it. */
export async function streamClusterStepDown(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, o: StreamClusterStepDownOptions): Promise<StreamInfo> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const jsm = await manager(nc, ctx);
  const name = await pickStream(deps, jsm, stream, Boolean(o.all));
  const si = await jsm.streams.info(name);
  if (!si.cluster || !si.cluster.replicas?.length) throw new CliError(`stream "${name}" is not clustered`, { hint: "only streams with more than one replica have a leader to step down" });
  let leader = si.cluster.leader ?? "";
  if (!leader && !o.force) throw new CliError(`stream "${name}" has no current leader`, { hint: "pass -f to ask for an election anyway" });
  if (!leader) leader = "<unknown>";
  if (o.preferred) requireServer(nc, "2.11.0", "--preferred");
  say(`Requesting leader step down of "${leader}" for stream "${name}" in a ${si.cluster.replicas.length + 1} peer cluster group`);
  await streamLeaderStepDown(jsm, name, o.preferred ? { preferred: o.preferred } : undefined);
  const elected = await waitForNewLeader(async () => (await jsm.streams.info(name)).cluster, leader, 10, 500, (e) => say(`Failed to retrieve Stream State: ${(e as Error).message}`), deps.signal);
  if (!elected) throw new CliError(`stream "${name}" did not elect a new leader in time`, { exitCode: ExitCode.TIMEOUT });
  say(`New leader elected "${elected}"`);
  const now = await jsm.streams.info(name);
  if (o.json) printJson(deps.io, now);
  else deps.io.out.write(`\n${renderStreamInfo(now, deps.now())}\n`);
  return now;
}
