import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { CliError } from "../../../errors.js";
import { log } from "../../../output/io.js";
import { confirmDestructive, pickName } from "../../../output/prompt.js";
import { streamPeerRemove } from "../../../jetstream/leaders.js";
import { manager } from "../../../jetstream/manager.js";
import { allFlag, pickStream } from "../../shared/pick.js";

export interface StreamClusterPeerRemoveOptions { force?: boolean; all?: boolean }

/** `stream cluster peer-remove [STREAM] [PEER]`: removes a server from the stream's RAFT group. */
export function streamClusterPeerRemoveCommand(deps: Deps): Command {
  return new Command("peer-remove").alias("pr")
    .description("Removes a peer from the Stream cluster")
    .argument("[stream]", "The stream to act on")
    .argument("[peer]", "The name of the peer to remove")
    .option("-f, --force", "Force removal without prompting (also of the only peer, which loses the data)")
    .addHelpText("after", "\nExamples:\n  nats stream cluster peer-remove ORDERS n2 -f   # the server places a new replica when it can\n")
    .action(async (stream: string | undefined, peer: string | undefined, o: StreamClusterPeerRemoveOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamClusterPeerRemove(deps, nc, ctx, stream, peer, { ...o, all: allFlag(c) }));
    });
}

/** Asks the server to remove `peer` from the stream's group, once confirmed; returns false when declined. */
export async function streamClusterPeerRemove(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, peer: string | undefined, o: StreamClusterPeerRemoveOptions): Promise<boolean> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const jsm = await manager(nc, ctx);
  const name = await pickStream(deps, jsm, stream, Boolean(o.all));
  const si = await jsm.streams.info(name);
  if (!si.cluster) throw new CliError(`stream "${name}" is not clustered`);
  const peers = [si.cluster.leader, ...(si.cluster.replicas ?? []).map((r) => r.name)].filter((p): p is string => Boolean(p));
  if (peers.length <= 1 && !o.force) throw new CliError("removing the only peer on a stream will result in data loss, use --force to force");
  const which = await pickName(deps.io, peer, "peer", async () => peers);
  if (!(await confirmDestructive(deps.io, o.force, `Really remove peer "${which}" from stream ${name}`))) return false;
  say(`Removing peer "${which}"`);
  await streamPeerRemove(jsm, name, which);
  say(`Requested removal of peer "${which}"`);
  return true;
}
