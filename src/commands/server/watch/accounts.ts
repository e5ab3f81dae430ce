import type { Command } from "commander";
import type { Msg } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { commas, humanBytes } from "../../../output/format.js";
import { dateTime, jsonBody, rowsToShow, tableWatchCommand, titledTable, type WatchView } from "./shared.js";

const SORTS: Record<string, string> = { conns: "Connections", recvb: "Received Bytes", recvm: "Received Messages", sentb: "Sent Bytes", sentm: "Sent Messages", slow: "Slow Consumers", subs: "Subscriptions" };

interface Stats { msgs?: number; bytes?: number }
/** One server's $SYS.ACCOUNT.<acc>.SERVER.CONNS update (AccountNumConns). */
interface AccountConns { server?: { id?: string; time?: string }; acc?: string; name?: string; conns?: number; leafnodes?: number; total_conns?: number; num_subscriptions?: number; sent?: Stats; received?: Stats; slow_consumers?: number }

/** `nats server watch accounts`: account totals from the servers' periodic connection updates (system account). */
export function serverWatchAccountsCommand(deps: Deps): Command {
  return tableWatchCommand(deps, {
    name: "accounts", aliases: ["account", "acct"], description: "Watch account usage", sorts: SORTS, defaultSort: "conns", what: "Accounts",
    help: `This waits for regular updates that each server sends and reports seen totals. Since the updates are
sent on a 30 second interval (and when connections come and go) this is not a point in time view. The
Servers column shows how many servers sent statistics about an account; only servers with active
connections send them.`,
    example: "nats server watch accounts --sort sentb",
    instead: "nats server request accounts",
    view: accountsView,
  });
}

/** The accounts view: latest update per account and server, summed over updates no older than 35s. */
export function accountsView(deps: Deps, sort: string, number: number): WatchView {
  const accounts = new Map<string, Map<string, AccountConns>>();
  let lastMsg = 0;
  return {
    subjects: ["$SYS.ACCOUNT.*.SERVER.CONNS"],
    handle(m: Msg) {
      const c = jsonBody<AccountConns>(m);
      if (!c?.acc) return;
      const per = accounts.get(c.acc) ?? new Map<string, AccountConns>();
      per.set(c.server?.id ?? "", c);
      accounts.set(c.acc, per);
      lastMsg = deps.now();
    },
    render(rows) {
      const top = rowsToShow(number, rows, 7);
      const totals = [...accounts.entries()].map(([acc, per]) => {
        const t = { acc, name: "", servers: 0, conns: 0, leafnodes: 0, subs: 0, slow: 0, sentm: 0, sentb: 0, recvm: 0, recvb: 0 };
        for (const s of per.values()) {
          // only servers with connections keep sending: an update older than a heartbeat and a bit is stale
          if (deps.now() - Date.parse(s.server?.time ?? "") > 35_000) continue;
          t.servers++;
          t.name = s.name ?? t.name;
          t.conns += s.conns ?? 0;
          t.leafnodes += s.leafnodes ?? 0;
          t.subs += s.num_subscriptions ?? 0;
          t.slow += s.slow_consumers ?? 0;
          t.sentm += s.sent?.msgs ?? 0;
          t.sentb += s.sent?.bytes ?? 0;
          t.recvm += s.received?.msgs ?? 0;
          t.recvb += s.received?.bytes ?? 0;
        }
        return t;
      });
      const key = ({ conns: "conns", subs: "subs", slow: "slow", sentb: "sentb", sentm: "sentm", recvb: "recvb", recvm: "recvm" } as const)[sort as "conns"] ?? "conns";
      totals.sort((a, b) => b[key] - a[key] || a.acc.localeCompare(b.acc));
      const shown = totals.slice(0, top);
      const tc = totals.length > top ? `${top} / ${totals.length}` : String(totals.length);
      return titledTable(`Top ${tc} Account activity by ${SORTS[sort]} at ${dateTime(lastMsg || deps.now())}`,
        ["Account", "Servers", "Connections", "Leafnodes", "Subscriptions", "Slow", "Sent", "Received"],
        shown.map((t) => [t.name || t.acc, String(t.servers), commas(t.conns), commas(t.leafnodes), commas(t.subs), commas(t.slow), `${commas(t.sentm)} / ${humanBytes(t.sentb)}`, `${commas(t.recvm)} / ${humanBytes(t.recvb)}`]));
    },
  };
}
