import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerInfo } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { log } from "../../../output/io.js";
import { printJson } from "../../../output/json.js";
import { renderConsumerInfo } from "../../../jetstream/consumer-info.js";
import { consumerLeaderStepDown, waitForNewLeader } from "../../../jetstream/leaders.js";
import { requireServer } from "../../../jetstream/version.js";
import { manager } from "../../../jetstream/manager.js";
import { allFlag } from "../../shared/pick.js";
import { pickConsumer } from "../shared.js";

export interface ConsumerClusterStepDownOptions { preferred?: string; force?: boolean; json?: boolean; all?: boolean }

/** `consumer cluster step-down [STREAM] [CONSUMER]`: forces a new leader election for the consumer. */
export function consumerClusterStepDownCommand(deps: Deps): Command {
  return new Command("step-down").aliases(["elect", "down", "d"])
    .description("Force a new leader election by standing down the current leader")
    .argument("[stream]", "Stream to act on").argument("[consumer]", "Consumer to act on")
    .option("--preferred <server>", "Prefer placing the leader on a specific host (NATS Server 2.11+)")
    .option("-f, --force", "Force leader step down ignoring current leader")
    .option("-j, --json", "Print the consumer's information as JSON once a new leader is elected")
    .addHelpText("after", "\nExamples:\n  nats consumer cluster step-down ORDERS WORKER\n")
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerClusterStepDownOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerClusterStepDown(deps, nc, ctx, stream, name, { ...o, all: allFlag(c) }));
    });
}

/** Steps the consumer's leader down, logs natscli's lines and shows the consumer once another server leads it. */
export async function consumerClusterStepDown(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, o: ConsumerClusterStepDownOptions): Promise<ConsumerInfo> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  if (!ci.cluster || !ci.cluster.replicas?.length) throw new CliError(`consumer "${p.stream}" > "${p.consumer}" is not clustered`, { hint: "only consumers with more than one replica have a leader to step down" });
  let leader = ci.cluster.leader ?? "";
  if (!leader && !o.force) throw new CliError("consumer has no current leader", { hint: "pass -f to ask for an election anyway" });
  if (!leader) leader = "<unknown>";
  if (o.preferred) requireServer(nc, "2.11.0", "--preferred");
  say(`Requesting leader step down of "${leader}" in a ${ci.cluster.replicas.length + 1} peer RAFT group`);
  await consumerLeaderStepDown(jsm, p.stream, p.consumer, o.preferred ? { preferred: o.preferred } : undefined);
  const elected = await waitForNewLeader(async () => (await jsm.consumers.info(p.stream, p.consumer)).cluster, leader, 5, 500, (e) => say(`Failed to retrieve Consumer State: ${(e as Error).message}`), deps.signal);
  if (!elected) throw new CliError("consumer did not elect a new leader in time", { exitCode: ExitCode.TIMEOUT });
  say(`New leader elected "${elected}"`);
  const now = await jsm.consumers.info(p.stream, p.consumer);
  if (o.json) printJson(deps.io, now);
  else deps.io.out.write(`\n${renderConsumerInfo(now, deps.now())}\n`);
  return now;
}
