import { Command } from "commander";
import type { Msg } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { usageError } from "../../../errors.js";
import { commas } from "../../../output/format.js";
import { requireTerminal } from "../../../output/screen.js";
import { parseDuration } from "../../../util/duration.js";
import { parseIntFlag } from "../../../util/flags.js";
import { runWatch, titledTable, type WatchView } from "./shared.js";

// $JS.API request subjects (tokens after $JS.API.) → the request's schema name, as jsm.go's TypeForRequestSubject
// names them (io.nats.jetstream.api.v1.<name>); natsx also knows the account info and direct get requests.
const API_TYPES: [RegExp, string][] = [
  [/^INFO$/, "account_info_request"],
  [/^ACCOUNT\.PURGE\.[^.]+$/, "account_purge_request"],
  [/^STREAM\.CREATE\.[^.]+$/, "stream_create_request"],
  [/^STREAM\.UPDATE\.[^.]+$/, "stream_update_request"],
  [/^STREAM\.NAMES$/, "stream_names_request"],
  [/^STREAM\.LIST$/, "stream_list_request"],
  [/^STREAM\.INFO\.[^.]+$/, "stream_info_request"],
  [/^STREAM\.DELETE\.[^.]+$/, "stream_delete_request"],
  [/^STREAM\.PURGE\.[^.]+$/, "stream_purge_request"],
  [/^STREAM\.SNAPSHOT\.[^.]+$/, "stream_snapshot_request"],
  [/^STREAM\.RESTORE\.[^.]+$/, "stream_restore_request"],
  [/^STREAM\.MSG\.DELETE\.[^.]+$/, "stream_msg_delete_request"],
  [/^STREAM\.MSG\.GET\.[^.]+$/, "stream_msg_get_request"],
  [/^STREAM\.PEER\.REMOVE\.[^.]+$/, "stream_remove_peer_request"],
  [/^STREAM\.LEADER\.STEPDOWN\.[^.]+$/, "stream_leader_stepdown_request"],
  [/^DIRECT\.GET\./, "direct_get_request"],
  [/^CONSUMER\.(DURABLE\.)?CREATE\./, "consumer_create_request"],
  [/^CONSUMER\.NAMES\.[^.]+$/, "consumer_names_request"],
  [/^CONSUMER\.LIST\.[^.]+$/, "consumer_list_request"],
  [/^CONSUMER\.INFO\.[^.]+\.[^.]+$/, "consumer_info_request"],
  [/^CONSUMER\.DELETE\.[^.]+\.[^.]+$/, "consumer_delete_request"],
  [/^CONSUMER\.MSG\.NEXT\.[^.]+\.[^.]+$/, "consumer_getnext_request"],
  [/^CONSUMER\.LEADER\.STEPDOWN\.[^.]+\.[^.]+$/, "consumer_leader_stepdown_request"],
  [/^CONSUMER\.PAUSE\.[^.]+\.[^.]+$/, "consumer_pause_request"],
  [/^CONSUMER\.UNPIN\.[^.]+\.[^.]+$/, "consumer_unpin_request"],
  [/^CONSUMER\.RESET\.[^.]+\.[^.]+$/, "consumer_reset_request"],
  [/^META\.LEADER\.STEPDOWN$/, "meta_leader_stepdown_request"],
  [/^SERVER\.REMOVE$/, "meta_server_remove_request"],
];

/** The request type of a $JS.API subject, or undefined for one that is not an API request. */
export function apiRequestType(subject: string): string | undefined {
  if (!subject.startsWith("$JS.API.")) return undefined;
  const rest = subject.slice(8);
  return API_TYPES.find(([re]) => re.test(rest))?.[1];
}

export interface ServerWatchApiOptions { account?: string; top: string; rate: string; recordConsumer: boolean; compact: boolean; reverse?: boolean }

interface ApiStat { type: string; account: string; stream: string; consumer: string; count: number; times: number[] }

/** `nats server watch api requests`: the JetStream API requests flowing through, by type, account and asset. */
export function serverWatchApiCommand(deps: Deps): Command {
  const requests = new Command("requests").alias("req")
    .description("Watch JS API Requests")
    .option("--account <regex>", "Limit to JetStream account (regex)")
    .option("-n, --top <n>", "Shows top n requests", "10")
    .option("--rate <duration>", "Rate interval to calculate", "1m")
    .option("--record-consumer", "Record consumer names (default)", true)
    .option("--no-record-consumer", "Do not record consumer names")
    .option("--compact", "Compact output of long asset and account names (default)", true)
    .option("--no-compact", "Show long asset and account names in full")
    .option("-R, --reverse", "Reverse sorting order", false)
    .addHelpText("after", `
Sees every account's requests from the system account (the request's account comes from the
Nats-Request-Info header), only the own account's otherwise.

Examples:
  nats server watch api requests --account APP --top 20`)
    .action(async (opts: ServerWatchApiOptions, cmd: Command) => {
      const top = parseIntFlag(opts.top, "--top", { min: 1 });
      const rateMs = parseDuration(opts.rate, "--rate");
      if (rateMs <= 0) throw usageError(`invalid --rate "${opts.rate}": the interval must be more than 0`);
      let account: RegExp | undefined;
      try {
        account = opts.account === undefined ? undefined : new RegExp(opts.account);
      } catch (e) {
        throw usageError(`invalid --account regular expression "${opts.account}": ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
      }
      requireTerminal(deps.io, "nats server watch api requests", "it redraws a table every second; use `nats events --js-advisory` (API audit) for a log");
      await withConnection(deps, cmd, (nc) => runWatch(deps, nc, apiView(deps, { top, rateMs, account, consumers: opts.recordConsumer, compact: opts.compact, reverse: Boolean(opts.reverse), rateText: opts.rate })));
    });
  return new Command("api").description("Watch JetStream API").addCommand(requests);
}

/** The API view: counts per request type, account and (for info requests) stream and consumer. */
export function apiView(deps: Deps, o: { top: number; rateMs: number; account?: RegExp; consumers: boolean; compact: boolean; reverse: boolean; rateText: string }): WatchView {
  const stats = new Map<string, ApiStat>();
  const asset = (s: ApiStat) => {
    let consumer = s.consumer;
    if (o.compact && consumer.length > 20) consumer = `${consumer.slice(0, 12)}...`;
    return consumer ? `${s.stream} > ${consumer}` : s.stream;
  };
  return {
    subjects: ["$JS.API.>"],
    handle(m: Msg) {
      const type = apiRequestType(m.subject);
      if (!type) return;
      let account = "";
      const info = m.headers?.get("Nats-Request-Info");
      if (info) {
        try {
          account = (JSON.parse(info) as { acc?: string }).acc ?? "";
        } catch {
          account = "";
        }
      }
      if (o.account && !o.account.test(account)) return;
      const parts = m.subject.split(".");
      let stream = "";
      let consumer = "";
      if (type === "stream_info_request") stream = parts[parts.length - 1]!;
      if (type === "consumer_info_request") { stream = parts[parts.length - 2]!; consumer = parts[parts.length - 1]!; }
      const key = [account, type, stream, consumer].join("\u0000");
      const s = stats.get(key) ?? { type, account, stream, consumer: o.consumers ? consumer : "", count: 0, times: [] };
      s.count++;
      s.times.push(deps.now());
      stats.set(key, s);
    },
    render() {
      if (stats.size === 0) return "Waiting for requests...";
      const now = deps.now();
      for (const s of stats.values()) {
        const first = s.times.findIndex((t) => now - t <= o.rateMs);
        s.times = first < 0 ? [] : s.times.slice(first);
      }
      const sign = o.reverse ? -1 : 1;
      const all = [...stats.values()].sort((a, b) => sign * (b.times.length - a.times.length || b.count - a.count || asset(a).localeCompare(asset(b))));
      return titledTable(`Top ${commas(o.top)} JS API activity`, ["Type", "Account", "Count", `Event / ${o.rateText}`, "Asset"],
        all.slice(0, o.top).map((s) => {
          const acc = o.compact && s.account.length > 20 ? `${s.account.slice(0, 10)}...${s.account.slice(-5)}` : s.account;
          return [s.type, acc, commas(s.count), commas(s.times.length), asset(s)];
        }));
    },
  };
}
