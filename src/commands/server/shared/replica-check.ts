import type { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { printTable } from "../../../output/table.js";
import { optionalInt } from "../../../util/flags.js";
import { CliError, ExitCode, systemAccountError } from "../../../errors.js";
import { deadlineIn, discoverServerCount, gather } from "../../../sys/gather.js";
import type { ServerIdentity } from "../../../sys/gather.js";
import type { JszAccount } from "./jsz.js";

/** One JSZ answer as `server request jetstream` prints it (and natscli's ServerAPIJszResponse). */
export interface JszResponse { server: ServerIdentity; data: { account_details?: JszAccount[] } }

export interface ReplicaSource { stdin?: boolean; expected?: string; readTimeout: string; archive?: string }

/**
 * JSZ with every account's streams, consumers and raft groups: from the servers (waiting for
 * --expected answers or as many as answer a ping, at most --read-timeout seconds), or from stdin
 * (`nats server request jetstream --accounts --streams --consumer` lines, natscli's --stdin).
 */
export async function readJsz(deps: Deps, src: ReplicaSource, expected: number | undefined, live?: { nc: NatsConnection; ctx: ConnCtx }): Promise<{ responses: JszResponse[]; expected?: number; tookMs: number }> {
  const t0 = performance.now();
  if (src.archive) {
    const { AuditArchive } = await import("../../../sys/archive.js");
    const responses = (await AuditArchive.open(src.archive)).ping<JszResponse["data"]>("JSZ").map((r) => ({ server: r.server, data: r.data }));
    return { responses, expected, tookMs: performance.now() - t0 };
  }
  if (src.stdin) {
    const { readAll } = await import("../../../util/stdin.js");
    const text = (await readAll(deps.io.in as NodeJS.ReadableStream, deps.signal)).toString("utf8");
    const responses: JszResponse[] = [];
    for (const doc of splitJsonDocuments(text)) {
      responses.push(doc as JszResponse);
      if (expected && responses.length >= expected) break;
    }
    return { responses, expected, tookMs: performance.now() - t0 };
  }
  const { nc } = live!;
  const timeoutMs = Number(src.readTimeout) > 0 ? Number(src.readTimeout) * 1000 : live!.ctx.plan.timeoutMs;
  const deadline = deadlineIn(timeoutMs);
  const want = expected ?? (await discoverServerCount(nc, deadline));
  const subject = "$SYS.REQ.SERVER.PING.JSZ";
  const r = await gather<JszResponse["data"]>(nc, subject, { deadline, expect: () => want, body: { accounts: true, streams: true, consumer: true, raft: true, limit: 1024 } });
  if (r.noResponders || r.denied) throw systemAccountError({ exitCode: r.denied ? ExitCode.PERMISSION : ExitCode.NO_RESPONDERS });
  return { responses: r.replies.map((x) => ({ server: x.server, data: x.data })), expected: want, tookMs: performance.now() - t0 };
}

/** Splits concatenated or newline separated JSON documents (Go's json.Decoder reads them so). */
export function splitJsonDocuments(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0, start = -1, inStr = false, esc = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inStr) {
      if (esc) esc = false;
      else if (ch === "\\") esc = true;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === "{") { if (depth++ === 0) start = i; }
    else if (ch === "}") {
      if (--depth === 0) {
        try { out.push(JSON.parse(text.slice(start, i + 1))); } catch (e) { throw new CliError(`invalid JSON on stdin: ${(e as Error).message}`, { exitCode: ExitCode.USAGE }); }
      }
    } else if (depth === 0 && !/\s/.test(ch)) throw new CliError(`invalid JSON on stdin near "${text.slice(i, i + 20)}"`, { exitCode: ExitCode.USAGE, hint: "pipe the output of `nats server request jetstream --accounts --streams --consumer`" });
  }
  return out;
}

/** natscli's replica drift: the value, and its difference from the leader's in percent (`990 (-1%)`). */
export function replicaDrift(replica: number, leader: number): string {
  const v = replica.toFixed(0);
  if (replica === leader) return v;
  if (leader === 0) return `${v} (+100%)`;
  let diff = ((replica - leader) / leader) * 100;
  if (diff > 0 && diff < 0.01) diff = 0.01;
  if (diff < 0 && diff > -0.01) diff = -0.01;
  const pct = `${diff >= 0 ? "+" : ""}${diff.toFixed(2)}`.replace(/0+$/, "").replace(/\.$/, "");
  return `${v} (${pct}%)`;
}

/** The peers column: `name(current=true ,offline=false)` per replica, natscli's layout. */
export function peersColumn(replicas: { name: string; current?: boolean; offline?: boolean }[] | undefined): string {
  let s = "";
  for (const r of replicas ?? []) s = `${`${r.name}(current=${String(Boolean(r.current)).padEnd(5)},offline=${Boolean(r.offline)})`.padEnd(40)} ${s}`;
  return s.trim();
}

/** The first 10 characters of an account name, spaces as underscores (natscli). */
export const shortName = (a: string) => a.slice(0, 10).replace(/ /g, "_");

/** Prints the heading lines natscli prints before the table (not in CSV mode). */
export function printHeading(deps: Deps, responses: number, expected: number | undefined, tookMs: number): void {
  deps.io.out.write(`Response took ${(tookMs / 1000).toFixed(3)}s\nServers: ${responses}\n`);
  if (expected && responses < expected) deps.io.out.write(`Warning: expected ${expected} responses got ${responses}\n`);
}

/**
 * The report both checks print: JSZ from the servers or stdin, natscli's heading lines, `<Title>: N`
 * and the table (or CSV); returns the rows `rowsOf` built.
 */
export async function replicaReport(deps: Deps, cmd: Command, o: ReplicaSource & { csv?: boolean }, title: string, head: string[], rowsOf: (r: JszResponse[]) => string[][]): Promise<string[][]> {
  const expected = optionalInt(o.expected, "--expected", { min: 1 });
  const run = async (live?: { nc: NatsConnection; ctx: ConnCtx }) => {
    const { responses, expected: want, tookMs } = await readJsz(deps, o, expected, live);
    if (!responses.length) throw new CliError("no JSZ responses received", { exitCode: ExitCode.TIMEOUT, hint: "this needs a system account user and JetStream servers" });
    if (!o.csv) printHeading(deps, responses.length, want, tookMs);
    const rows = rowsOf(responses);
    if (!o.csv) deps.io.out.write(`${title}: ${rows.length}\n`);
    printTable(deps.io, head, rows, { title: o.csv ? undefined : title }, o.csv ? { ...deps.env, NATS_TABLE_FORMAT: "csv" } : deps.env);
    return rows;
  };
  return o.stdin || o.archive ? run() : withConnection(deps, cmd, (nc, ctx) => run({ nc, ctx }));
}
