import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import type { ConnCtx } from "../context/connect.js";
import { CliError, ExitCode } from "../errors.js";
import { deadlineIn, discoverServerCount, filterBody, gather, noResults, type ServerFilter, type SysReply } from "./gather.js";

/**
 * Asks every server (or those the filter picks) one $SYS.REQ.SERVER.PING.<endpoint> and returns the
 * replies; waits for `limit` replies, else for as many as answer a ping first. Server errors fail the
 * command, as natscli's reports do.
 */
export async function pingAll<T>(deps: Deps, nc: NatsConnection, ctx: ConnCtx, endpoint: string, f: ServerFilter, extra: Record<string, unknown> = {}, limit?: number): Promise<SysReply<T>[]> {
  const subject = `$SYS.REQ.SERVER.PING${endpoint ? `.${endpoint}` : ""}`;
  const deadline = deadlineIn(ctx.plan.timeoutMs);
  const expect = limit ?? (await discoverServerCount(nc, deadline, filterBody(f)));
  const r = await gather<T>(nc, subject, { deadline, body: filterBody(f, extra), expect: () => expect, spinner: { io: deps.io, text: "Waiting for the servers to answer" } });
  if (r.errors.length) {
    const e = r.errors[0]!;
    throw new CliError(`${e.server.name || "the server"} rejected ${subject}: ${e.description}`, { exitCode: e.code === 404 ? ExitCode.NOT_FOUND : ExitCode.FAILURE });
  }
  if (r.replies.length === 0) throw noResults(subject, r);
  return r.replies;
}

/** natscli shortens long account public keys in tables to 10…10. */
export function shortAccount(a: string | undefined): string {
  const s = a ?? "";
  return s.length > 23 ? `${s.slice(0, 10)}...${s.slice(-10)}` : s;
}


/** One $SYS.REQ.SERVER.PING.<endpoint> scatter/gather (or its answer rebuilt from an audit archive). */
export type Ping = <T>(endpoint: string, f: ServerFilter, extra?: Record<string, unknown>, limit?: number) => Promise<SysReply<T>[]>;

/**
 * Runs `fn` with a Ping that asks the live servers (connecting as the command's context says) or,
 * with `archive`, reads natscli's audit archive instead (no connection is made). `live` is set only
 * when connected.
 */
export async function withSys<R>(deps: Deps, cmd: import("commander").Command, archive: string | undefined, fn: (ping: Ping, live?: { nc: NatsConnection; ctx: ConnCtx }) => Promise<R>): Promise<R> {
  if (archive) {
    const { AuditArchive } = await import("./archive.js");
    const a = await AuditArchive.open(archive);
    return fn(async <T>(endpoint: string, f: ServerFilter) => a.ping<T>(endpoint, f));
  }
  const { withConnection } = await import("../context/connect.js");
  return withConnection(deps, cmd, (nc, ctx) => fn(<T>(endpoint: string, f: ServerFilter, extra?: Record<string, unknown>, limit?: number) => pingAll<T>(deps, nc, ctx, endpoint, f, extra, limit), { nc, ctx }));
}
