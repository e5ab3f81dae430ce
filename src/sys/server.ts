import type { NatsConnection } from "@nats-io/transport-node";
import { performance } from "node:perf_hooks";
import { CliError, ExitCode, explain, systemAccountError } from "../errors.js";
import { gather } from "./gather.js";

/** One server, by ID (the subject token of $SYS.REQ.SERVER.<id>.*) and name. */
export interface ServerRef { id: string; name: string }

/**
 * The server a command should watch: an ID as given, a name (or ID) found among the $SYS.REQ.SERVER.PING replies
 * (exactly: 2.9's server_name filter matches substrings), or the connected server when none is given.
 */
export async function resolveServer(nc: NatsConnection, given: string | undefined, timeoutMs: number, or?: string): Promise<ServerRef> {
  if (!given) return { id: nc.info!.server_id, name: nc.info!.server_name };
  if (/^N[A-Z2-7]{55}$/.test(given)) return { id: given, name: given };
  let active: number | undefined;
  const r = await gather<{ active_servers?: number }>(nc, "$SYS.REQ.SERVER.PING", {
    deadline: performance.now() + timeoutMs,
    expect: () => active,
    onReply: (x) => { active ??= (x.data as { active_servers?: number }).active_servers; },
  });
  if (r.noResponders || r.denied) throw systemAccountError({ or, exitCode: r.denied ? ExitCode.PERMISSION : ExitCode.NO_RESPONDERS });
  const hit = r.replies.find((x) => x.server.name === given || x.server.id === given);
  if (!hit) throw new CliError(`no server named "${given}" answered`, { exitCode: ExitCode.NOT_FOUND, hint: r.replies.length ? `servers seen: ${r.replies.map((x) => x.server.name).sort().join(", ")}` : undefined });
  return { id: hit.server.id, name: hit.server.name };
}

/** One server's answer to $SYS.REQ.SERVER.<id>.<what> (VARZ, CONNZ, JSZ…): its `data`, or a one-line error. */
export async function serverRequest<T>(nc: NatsConnection, id: string, what: string, body: unknown, timeoutMs: number, or?: string): Promise<T> {
  const subject = `$SYS.REQ.SERVER.${id}.${what}`;
  let m;
  try {
    m = await nc.request(subject, JSON.stringify(body), { timeout: timeoutMs });
  } catch (e) {
    const x = explain(e);
    // no responders, or a permissions violation publishing to it: either way this user is not a system user
    if (x.exitCode === ExitCode.NO_RESPONDERS || x.exitCode === ExitCode.PERMISSION) throw systemAccountError({ or, exitCode: x.exitCode, cause: e });
    throw x;
  }
  const r = JSON.parse(new TextDecoder().decode(m.data)) as { data?: T; error?: { code?: number; description?: string } };
  if (r.error) throw new CliError(`${subject} failed: ${r.error.description ?? "error"}`, { exitCode: r.error.code === 404 ? ExitCode.NOT_FOUND : ExitCode.FAILURE });
  return r.data as T;
}
