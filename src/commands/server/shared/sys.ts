import type { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import type { ConnCtx } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { collect, parseIntFlag } from "../../../util/flags.js";
import { deadlineIn, discoverServerCount, filterBody, gather, noResults, type ServerFilter, type SysReply } from "../../../sys/gather.js";

/** The filter flags natscli's report commands share (--host, --cluster, --tags). */
export function addFilterOptions(c: Command): Command {
  return c.option("-R, --reverse", "Reverse the sort order")
    .option("--host <host>", "Limit the report to a specific NATS server")
    .option("--cluster <cluster>", "Limit the report to a specific Cluster")
    .option("--tags <tag>", "Limit the report to nodes matching certain tags (repeatable)", collect);
}

/** A `[limit]` argument: how many servers to wait for (natscli's waitFor); undefined learns it with a ping. */
export function parseLimit(v: string | undefined): number | undefined {
  return v === undefined ? undefined : parseIntFlag(v, "limit", { min: 1 });
}

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

/** A string/number comparator for sort keys, reversed on request. */
export function compareBy<T>(key: (x: T) => string | number, reverse = false): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a), y = key(b);
    const c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return reverse ? -c : c;
  };
}

/** -R given on the report command itself or on `report` before it (natscli has it on `report`). */
export function reverseFlag(cmd: Command): boolean {
  return Boolean(cmd.opts().reverse || cmd.parent?.opts().reverse);
}
