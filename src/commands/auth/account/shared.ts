import { Option, type Command } from "commander";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { Columns } from "../../../output/columns.js";
import { printJson } from "../../../output/json.js";
import { ask as askLine, canPrompt, valid } from "../../../output/prompt.js";
import { parseDuration } from "../../../util/duration.js";
import { collect } from "../../../util/flags.js";
import { parseSize } from "../../../util/size.js";
import { commas, humanBytes } from "../../../output/format.js";
import type { AccountLimits, JetStreamLimits } from "../shared/claims.js";
import { accountJson, listOption, parseLimit, updateTags } from "../shared/command.js";
import { unlimited } from "../shared/limits.js";
import type { AccountEntity, OperatorEntity } from "../shared/store.js";

/** The limit flags of `account add` and `account edit` (natscli addCreateFlags); undefined when not given. */
export interface AccountLimitOptions {
  bearer?: boolean;
  connections?: string;
  expiry?: string;
  exports?: string;
  imports?: string;
  jetstream?: boolean;
  jsConsumers?: string;
  jsDisk?: string;
  jsDiskStream?: string;
  jsMaxPending?: string;
  jsMemory?: string;
  jsMemoryStream?: string;
  jsStreamSizeRequired?: boolean;
  jsStreams?: string;
  jsClusterTraffic?: string;
  leafnodes?: string;
  payload?: string;
  subscriptions?: string;
  tags?: string[];
  noTags?: string[];
}

/** Adds natscli's account limit flags to `cmd` (defaults are shown in the text: unset means "keep" on edit). */
export function addLimitOptions(cmd: Command, edit: boolean): Command {
  cmd
    .option("--bearer", "Allows bearer tokens")
    .option("--no-bearer", "Disallows bearer tokens (default for a new account)")
    .option("--connections <n>", "Maximum allowed connections (default -1: unlimited)")
    .option("--expiry <duration>", "How long this account should be valid for as a duration")
    .option("--exports <n>", "Maximum allowed exports (default -1)")
    .option("--imports <n>", "Maximum allowed imports (default -1)")
    .option("--jetstream", "Enables JetStream")
    .option("--no-jetstream", "Disables JetStream")
    .option("--js-consumers <n>", "Sets the maximum Consumers any Stream in the account can have (default -1)")
    .option("--js-disk <bytes>", "Sets a Disk Storage quota")
    .option("--js-disk-stream <bytes>", "Sets the maximum size a Disk Storage stream may be (default -1)")
    .option("--js-max-pending <messages>", "Default Max Ack Pending for Tier 0 limits")
    .option("--js-memory <bytes>", "Sets a Memory Storage quota")
    .option("--js-memory-stream <bytes>", "Sets the maximum size a Memory Storage stream may be (default -1)")
    .option("--js-stream-size-required", "Requires Streams to have a maximum size declared")
    .option("--js-streams <n>", "Sets the maximum Streams the account can have (default -1)")
    .addOption(new Option("--js-cluster-traffic <account>", "Sets the account used for JetStream cluster traffic").choices(["owner", "system"]))
    .option("--leafnodes <n>", "Maximum allowed Leafnode connections (default -1)")
    .option("--payload <bytes>", "Maximum allowed payload (default -1)")
    .option("--subscriptions <n>", "Maximum allowed subscriptions (default -1)")
    .option("--tags <tag>", "Tags to assign to this Account (repeatable)", collect);
  if (edit) cmd.addOption(listOption("--no-tags <tag>", "Tags to remove from this Account (repeatable)", "noTags"));
  return cmd;
}

async function askBytes(deps: Deps, question: string, dflt: string, flag: string): Promise<number> {
  return parseSize(await askLine(deps.io, question, { default: dflt, validate: valid.parsed((v) => parseSize(v, flag)) }), flag);
}

/**
 * Applies the limit flags to the account's claims (natscli updateAccount). On add, unset limits are
 * unlimited and bearer tokens are refused; on edit, whatever was not given keeps its value. JetStream
 * needs disk and memory quotas: asked for on a terminal, a usage error naming the flags otherwise.
 */
export async function applyLimits(deps: Deps, acct: AccountEntity, o: AccountLimitOptions, edit: boolean): Promise<void> {
  const n = acct.claims.nats;
  const l: AccountLimits = { ...(n.limits ?? {}) };
  const num = (v: string | undefined, flag: string, cur: number | undefined) => (v === undefined ? (edit ? cur ?? -1 : -1) : parseLimit(v, flag));
  l.conn = num(o.connections, "--connections", l.conn);
  l.subs = num(o.subscriptions, "--subscriptions", l.subs);
  l.leaf = num(o.leafnodes, "--leafnodes", l.leaf);
  l.exports = num(o.exports, "--exports", l.exports);
  l.imports = num(o.imports, "--imports", l.imports);
  l.payload = o.payload === undefined ? (edit ? l.payload ?? -1 : -1) : parseSize(o.payload, "--payload");
  l.disallow_bearer = o.bearer === undefined ? (edit ? Boolean(l.disallow_bearer) : true) : !o.bearer;
  const jsWas = jsEnabled(l);
  const js = o.jetstream ?? jsWas;
  if (js) {
    const cur: JetStreamLimits = jsWas ? l : {};
    let disk = o.jsDisk !== undefined ? parseSize(o.jsDisk, "--js-disk") : cur.disk_storage;
    let mem = o.jsMemory !== undefined ? parseSize(o.jsMemory, "--js-memory") : cur.mem_storage;
    if (disk === undefined || mem === undefined) {
      if (!canPrompt(deps.io)) throw usageError("JetStream requires maximum Disk and Memory usage set", "pass --js-disk and --js-memory (e.g. 1GB, or -1 for unlimited)");
      if (disk === undefined) disk = await askBytes(deps, "Maximum JetStream Disk Storage", "1GB", "--js-disk");
      if (mem === undefined) mem = await askBytes(deps, "Maximum JetStream Memory Storage", "1GB", "--js-memory");
    }
    l.disk_storage = disk;
    l.mem_storage = mem;
    l.streams = num(o.jsStreams, "--js-streams", cur.streams);
    l.consumer = num(o.jsConsumers, "--js-consumers", cur.consumer);
    l.max_ack_pending = o.jsMaxPending !== undefined ? parseLimit(o.jsMaxPending, "--js-max-pending") : cur.max_ack_pending;
    l.max_bytes_required = o.jsStreamSizeRequired ?? cur.max_bytes_required;
    const ds = o.jsDiskStream !== undefined ? parseSize(o.jsDiskStream, "--js-disk-stream") : cur.disk_max_stream_bytes;
    const ms = o.jsMemoryStream !== undefined ? parseSize(o.jsMemoryStream, "--js-memory-stream") : cur.mem_max_stream_bytes;
    l.disk_max_stream_bytes = ds !== undefined && ds > 0 ? ds : undefined;
    l.mem_max_stream_bytes = ms !== undefined && ms > 0 ? ms : undefined;
  } else {
    for (const k of ["disk_storage", "mem_storage", "streams", "consumer", "max_ack_pending", "max_bytes_required", "disk_max_stream_bytes", "mem_max_stream_bytes"] as const) delete l[k];
  }
  n.limits = l;
  if (o.expiry !== undefined) {
    const ms = parseDuration(o.expiry, "--expiry");
    if (ms > 0) acct.claims.exp = Math.floor((deps.now() + ms) / 1000);
  }
  if (o.jsClusterTraffic !== undefined) n.cluster_traffic = o.jsClusterTraffic;
  n.tags = updateTags(n.tags, o.tags, o.noTags);
}

/** jwt.OperatorLimits.IsJSEnabled: a disk or memory quota (in the flat limits or any tier). */
export function jsEnabled(l: AccountLimits | undefined): boolean {
  if (!l) return false;
  const tiers = Object.values(l.tiered_limits ?? {});
  if (tiers.length) return tiers.some((t) => Boolean(t.disk_storage) || Boolean(t.mem_storage));
  return Boolean(l.disk_storage) || Boolean(l.mem_storage);
}

/** Asks natscli's add-time questions for the limits not given (only on a terminal and without --defaults). */
export async function askAddLimits(deps: Deps, o: AccountLimitOptions): Promise<void> {
  const ask = (q: string) => askLine(deps.io, q, { default: "-1", validate: valid.integer() });
  if (o.connections === undefined) o.connections = await ask("Maximum Connections");
  if (o.subscriptions === undefined) o.subscriptions = await ask("Maximum Subscriptions");
  if (o.payload === undefined) o.payload = await ask("Maximum Message Payload");
  deps.io.out.write("\n");
}

function localTime(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Shows an account as natscli's `auth account info` does (the operator lines only when it is known), or JSON. */
export function showAccount(deps: Deps, op: OperatorEntity | undefined, acct: AccountEntity, json: boolean | undefined): void {
  if (json) {
    printJson(deps.io, accountJson(acct));
    return;
  }
  const n = acct.claims.nats;
  const l = n.limits ?? {};
  const count = (t: "service" | "stream", list: { type: string }[] | undefined) => commas((list ?? []).filter((x) => x.type === t).length);
  const c = new Columns(`Account ${acct.name} (${acct.subject})`);
  c.title("Configuration");
  c.row("Name", acct.name);
  c.row("Issuer", acct.issuer);
  if (op) {
    c.row("Operator", op.name);
    c.row("System Account", op.claims.nats.system_account === acct.subject);
  }
  if (n.tags?.length) c.list("Tags", n.tags);
  const js = jsEnabled(l);
  c.row("JetStream", js);
  if (acct.claims.exp) c.row("Expiry", localTime(acct.claims.exp));
  c.row("Users", commas(acct.users.length));
  c.row("Revocations", commas(Object.keys(n.revocations ?? {}).length));
  c.row("Service Exports", count("service", n.exports));
  c.row("Stream Exports", count("stream", n.exports));
  c.row("Service Imports", count("service", n.imports));
  c.row("Stream Imports", count("stream", n.imports));
  c.title("Limits");
  c.row("Bearer Tokens Allowed", !l.disallow_bearer);
  c.row("Subscriptions", unlimited(l.subs));
  c.row("Connections", unlimited(l.conn));
  c.row("Maximum Payload", l.payload === undefined || l.payload <= 0 ? "unlimited" : humanBytes(l.payload));
  if ((l.data ?? 0) > 0) c.row("Data", commas(l.data!));
  c.row("Leafnodes", unlimited(l.leaf));
  c.row("Imports", unlimited(l.imports));
  c.row("Exports", unlimited(l.exports));
  if (js) {
    c.indent(2).title("JetStream Settings");
    c.row("Cluster Traffic", n.cluster_traffic || "system");
    c.indent(4);
    const tiers = Object.entries(l.tiered_limits ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const shown: [string, JetStreamLimits][] = tiers.length ? tiers.map(([k, v]) => [`Tier ${k.replace(/^R/, "")}`, v]) : [["Account Default Limits", l]];
    for (const [title, t] of shown) {
      c.title(title);
      if (jsUnlimited(t)) {
        c.indent(6).line("Unlimited").indent(4);
        continue;
      }
      c.row("Max Ack Pending", unlimited(t.max_ack_pending, 0));
      c.row("Maximum Streams", unlimited(t.streams));
      c.row("Max Consumers Per Stream", unlimited(t.consumer));
      c.row("Max Stream Size Required", Boolean(t.max_bytes_required));
      c.row("Max File Storage", humanBytes(t.disk_storage ?? 0));
      c.rowIf((t.disk_max_stream_bytes ?? 0) > 0, "Max File Storage Stream Size", humanBytes(t.disk_max_stream_bytes ?? 0));
      c.row("Max Memory Storage", humanBytes(t.mem_storage ?? 0));
      c.rowIf((t.mem_max_stream_bytes ?? 0) > 0, "Max Memory Storage Stream Size", humanBytes(t.mem_max_stream_bytes ?? 0));
    }
    c.indent(0);
  }
  c.print(deps.io);
}

/** jwt.JetStreamLimits.IsUnlimited. */
function jsUnlimited(t: JetStreamLimits): boolean {
  return t.mem_storage === -1 && t.disk_storage === -1 && t.streams === -1 && t.consumer === -1 && !t.max_bytes_required
    && (t.max_ack_pending ?? 0) <= 0 && (t.mem_max_stream_bytes ?? 0) <= 0 && (t.disk_max_stream_bytes ?? 0) <= 0;
}
