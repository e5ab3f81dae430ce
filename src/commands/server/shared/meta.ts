import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import type { ConnCtx } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import type { ServerIdentity } from "../../../sys/gather.js";
import { pingAll } from "./sys.js";

/** The JetStream meta group as its leader reports it. */
export interface MetaCluster {
  name?: string; leader?: string; cluster_size?: number;
  replicas?: { name: string; peer?: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[];
}

/**
 * The meta leader's own JSZ view of the meta group (natscli asks every server and keeps the one
 * whose name is the leader); one clear error when no leader answered or several claim to lead.
 */
export async function metaLeaderView(deps: Deps, nc: NatsConnection, ctx: ConnCtx): Promise<{ server: ServerIdentity; meta: MetaCluster }> {
  const replies = await pingAll<{ meta_cluster?: MetaCluster }>(deps, nc, ctx, "JSZ", {});
  const leaders = replies.filter((r) => r.data.meta_cluster && r.server.name === r.data.meta_cluster.leader);
  if (!leaders.length) {
    throw new CliError("did not receive a response from the meta leader, ensure the account used has system privileges and appropriate permissions", {
      exitCode: ExitCode.FAILURE, hint: "this needs a clustered JetStream (a standalone server has no meta group) and a system account user",
    });
  }
  if (leaders.length > 1) throw new CliError(`found ${leaders.length} JetStream meta cluster leaders, unable to determine which cluster to act on`);
  return { server: leaders[0]!.server, meta: leaders[0]!.data.meta_cluster! };
}

/** The JetStream API reply's error, if any, as a CliError (status 404 → not found). */
export function jsApiError(subject: string, body: unknown): CliError | undefined {
  const e = (body as { error?: { code?: number; err_code?: number; description?: string } }).error;
  if (!e) return undefined;
  return new CliError(`${subject} failed: ${e.description ?? "error"}${e.err_code ? ` (${e.err_code})` : ""}`, { exitCode: e.code === 404 ? ExitCode.NOT_FOUND : ExitCode.FAILURE });
}

/** Refuses a configured JetStream domain: the system account's $JS.API has none (natscli refuses too). */
export function refuseDomain(domain: string | undefined, verb: string): void {
  if (domain) throw new CliError(`the --js-domain option cannot be used with ${verb}: JetStream domains do not apply to the system account, connect without a domain configured`, { exitCode: ExitCode.USAGE });
}
