import { Command } from "commander";
import type { Deps } from "../../deps.js";
import type { NatsConnection } from "@nats-io/transport-node";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJsonLine } from "../../output/json.js";
import { usageError } from "../../errors.js";
import { collect } from "../../util/flags.js";
import { parseExpect, CONN_STATES } from "./shared/args.js";
import { deadlineIn, discoverServerCount, filterBody, gather, noResults, type ServerFilter } from "../../sys/gather.js";
import { parseIntFlag } from "../../util/flags.js";
import { requireServer } from "../../jetstream/version.js";
import { serverRequestKickCommand } from "./request-kick.js";
import { serverRequestProfileCommand } from "./request-profile.js";

interface RequestParentOptions extends ServerFilter { limit: string; offset: string; tags?: string[]; archive?: string }

/** One raw $SYS request kind: sub-command name, aliases, the PING.<ENDPOINT> it asks, and its own flags. */
interface Endpoint {
  name: string;
  aliases: string[];
  endpoint: string;
  description: string;
  flags?: [flags: string, description: string, bodyKey: string, kind: "string" | "bool"][];
  paged?: boolean;
  /** Body fields always sent (natscli asks CONNZ for auth details). */
  fixed?: Record<string, unknown>;
  /** The first server version that answers this endpoint (older ones have no responder for it). */
  since?: string;
}

// Subjects and body keys as the server's ConnzOptions/JSzOptions/... JSON tags (natscli server_request_command.go).
const ENDPOINTS: Endpoint[] = [
  { name: "variables", aliases: ["var", "varz"], endpoint: "VARZ", description: "Show runtime variables" },
  { name: "connections", aliases: ["conn", "connz"], endpoint: "CONNZ", description: "Show connection details", paged: true, fixed: { auth: true }, flags: [
    ["--sort <key>", "Sort by a specific property", "sort", "string"], ["--subscriptions", "Show subscriptions", "subscriptions", "bool"],
    ["--filter-cid <cid>", "Filter on a specific CID", "cid", "string"], ["--filter-state <state>", "Filter on a connection state (open, closed, all)", "state", "string"],
    ["--filter-user <user>", "Filter on a username", "user", "string"], ["--filter-account <account>", "Filter on an account", "acc", "string"],
    ["--filter-subject <subject>", "Filter on a subscription subject", "filter_subject", "string"]] },
  { name: "routes", aliases: ["route", "routez"], endpoint: "ROUTEZ", description: "Show route details", flags: [["--subscriptions", "Show subscription detail", "subscriptions", "bool"]] },
  { name: "gateways", aliases: ["gateway", "gwy", "gatewayz"], endpoint: "GATEWAYZ", description: "Show gateway details" },
  { name: "leafnodes", aliases: ["leaf", "leafz"], endpoint: "LEAFZ", description: "Show leafnode details", flags: [["--subscriptions", "Show subscription detail", "subs", "bool"]] },
  { name: "subscriptions", aliases: ["subs", "sub", "subsz"], endpoint: "SUBSZ", description: "Show subscription information", paged: true, flags: [
    ["--detail", "Include detail about all subscriptions", "subscriptions", "bool"], ["--filter-account <account>", "Filter on an account", "account", "string"],
    ["--filter-subject <subject>", "Filter based on subscriptions matching this subject", "test", "string"]] },
  { name: "jetstream", aliases: ["js", "jsz"], endpoint: "JSZ", description: "Show JetStream details", paged: true, flags: [
    ["--account <account>", "Show statistics scoped to a specific account", "account", "string"], ["--accounts", "Include details about accounts", "accounts", "bool"],
    ["--streams", "Include details about Streams", "streams", "bool"], ["--consumer", "Include details about Consumers", "consumer", "bool"],
    ["--config", "Include details about configuration", "config", "bool"], ["--leader", "Request a response from the Meta-group leader only", "leader_only", "bool"],
    ["--raft", "Include details about raft groups", "raft", "bool"], ["--stream-leader", "Request a response from Stream leaders only", "stream_leader_only", "bool"],
    ["--all", "Include accounts, streams, consumers, configuration and raft groups", "all", "bool"]] },
  { name: "jetstream-health", aliases: ["healthz"], endpoint: "HEALTHZ", description: "Request JetStream health status", fixed: { details: true }, flags: [
    ["--account <account>", "Check only a specific Account", "account", "string"], ["--stream <stream>", "Check only a specific Stream", "stream", "string"],
    ["--consumer <consumer>", "Check only a specific Consumer", "consumer", "string"],
    ["--js-enabled", "Check that JetStream is enabled on all servers", "js-enabled-only", "bool"], ["--server-only", "Restricts the health check to the JetStream server only", "js-server-only", "bool"]] },
  { name: "ipqueue", aliases: ["ipq", "ipqueuesz"], endpoint: "IPQUEUESZ", description: "Show IP Queue details (NATS Server 2.11+)", since: "2.11.0", fixed: { all: true }, flags: [
    ["--filter <queue>", "Filter results for specific queues", "filter", "string"]] },
  { name: "raft", aliases: ["raftz"], endpoint: "RAFTZ", description: "Show RAFT state details (NATS Server 2.11+)", since: "2.11.0", flags: [
    ["--account <account>", "Filters on an specific account", "account", "string"], ["--group <group>", "Filters on a specific group", "group", "string"]] },
  { name: "accounts", aliases: ["accountz", "acct"], endpoint: "ACCOUNTZ", description: "Show account details", flags: [["--account <account>", "Retrieve information for a specific account", "account", "string"]] },
];

function serverRequestEndpointCommand(deps: Deps, e: Endpoint): Command {
  const c = new Command(e.name).aliases(e.aliases).description(e.description).argument("[wait]", "Wait for a certain number of responses")
    .addHelpText("after", `\nExamples:\n  nats server request ${e.name} --cluster east | jq .data\n`);
  for (const [flags, desc] of e.flags ?? []) c.option(flags, desc);
  return c.action(async (waitArg: string | undefined, opts: Record<string, string | boolean | undefined>, cmd: Command) => {
    const wait = parseExpect(waitArg);
    const parent = cmd.parent!.opts() as RequestParentOptions;
    const extra: Record<string, unknown> = { ...e.fixed };
    if (e.paged) {
      extra.limit = parseIntFlag(parent.limit, "--limit", { min: 1 });
      extra.offset = parseIntFlag(parent.offset, "--offset");
    }
    for (const [flags, , key, kind] of e.flags ?? []) {
      const attr = flags.replace(/^--/, "").split(" ")[0]!.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
      const v = opts[attr];
      if (v === undefined || v === false) continue;
      if (key === "state" && !(String(v) in CONN_STATES)) throw usageError(`invalid --filter-state "${v}"`, "use open, closed or all");
      extra[key] = kind === "bool" ? true : key === "cid" ? parseIntFlag(String(v), flags.split(" ")[0]!, { min: 1 }) : key === "state" ? CONN_STATES[String(v)] : v;
    }
    // natscli's jetstream --all asks for everything JSZ can include
    if (e.endpoint === "JSZ" && extra.all) { delete extra.all; Object.assign(extra, { accounts: true, streams: true, consumer: true, config: true, raft: true }); }
    if (parent.archive) {
      const { AuditArchive, refuseWithArchive } = await import("../../sys/archive.js");
      refuseWithArchive(Object.fromEntries((e.flags ?? []).map(([flags]) => [flags.split(" ")[0]!, opts[flags.replace(/^--/, "").split(" ")[0]!.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase())]])));
      const a = await AuditArchive.open(parent.archive);
      for (const rep of a.ping(e.endpoint, parent)) printJsonLine(deps.io, { server: rep.server, data: rep.data });
      return;
    }
    await withConnection(deps, cmd, (nc, ctx) => {
      if (e.since) requireServer(nc, e.since, `server request ${e.name}`);
      return serverRequest(deps, nc, ctx, e.endpoint, wait, parent, extra);
    });
  });
}

/**
 * Asks every server (or those the filters name) for `$SYS.REQ.SERVER.PING.<endpoint>` and prints one JSON line per
 * reply or error, as they arrive; waits for `wait` replies, 1 when one server is targeted, else as many as answer a ping.
 */
export async function serverRequest(deps: Deps, nc: NatsConnection, ctx: ConnCtx, endpoint: string, wait: number | undefined, filter: ServerFilter, extra: Record<string, unknown>): Promise<void> {
  const subject = `$SYS.REQ.SERVER.PING.${endpoint}`;
  const deadline = deadlineIn(ctx.plan.timeoutMs);
  // natscli waits for WAIT replies, 1 when one server is targeted, else as many as answer a ping first.
  const expect = wait ?? (filter.name || filter.host ? 1 : await discoverServerCount(nc, deadline, filterBody(filter)));
  const r = await gather(nc, subject, {
    deadline,
    expect: () => expect,
    body: filterBody(filter, extra),
    onReply: (rep) => printJsonLine(deps.io, { server: rep.server, data: rep.data }),
  });
  for (const e of r.errors) printJsonLine(deps.io, { server: e.server, error: { code: e.code, description: e.description } });
  if (r.replies.length === 0) throw noResults(subject, r);
}

/** `nats server request …`: raw $SYS.REQ.SERVER.PING.* requests, one compact JSON line per answering server. */
export function serverRequestCommand(deps: Deps): Command {
  const c = new Command("request").alias("req")
    .description("Request raw monitoring data from the servers (system account), one JSON line per server")
    .option("--limit <n>", "Limit the responses to a certain amount of records", "2048")
    .option("--offset <n>", "Start at a certain record", "0")
    .option("--name <name>", "Limit to servers matching a server name")
    .option("--host <host>", "Limit to servers matching a server host name")
    .option("--cluster <cluster>", "Limit to servers matching a cluster name")
    .option("--tags <tag>", "Limit to servers with these configured tags", collect)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers");
  for (const e of ENDPOINTS) c.addCommand(serverRequestEndpointCommand(deps, e));
  return c.addCommand(serverRequestKickCommand(deps)).addCommand(serverRequestProfileCommand(deps))
    .addHelpText("after", "\nExamples:\n  nats server request connections --filter-account APP | jq .data.connections\n  nats server request jetstream 3 --accounts\n");
}
