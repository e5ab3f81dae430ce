import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { commas, humanBytes } from "../../../output/format.js";
import { dateTime, rowsToShow, statszCollector, tableWatchCommand, titledTable, type StatszMsg, type WatchView } from "./shared.js";

const SORTS: Record<string, string> = { conns: "Connections", cpu: "CPU", gway: "Gateways", mem: "Memory", name: "Server Name", recvb: "Received Bytes", recvm: "Received Messages", route: "Routes", sentb: "Sent Bytes", sentm: "Sent Messages", slow: "Slow Consumers", subs: "Subscriptions" };

/** `nats server watch servers`: every server's statsz, as they publish it (system account). */
export function serverWatchServersCommand(deps: Deps): Command {
  return tableWatchCommand(deps, {
    name: "servers", aliases: ["server", "srv"], description: "Watch server statistics", sorts: SORTS, defaultSort: "conns", what: "Servers",
    help: `This waits for regular updates that each server sends and reports seen totals. Since the updates are
sent on a 30 second interval this is not a point in time view.`,
    example: "nats server watch servers --sort mem",
    instead: "nats server list --json",
    view: serversView,
  });
}

/** The servers view: the latest statsz per server, sorted, with totals. */
export function serversView(deps: Deps, sort: string, number: number): WatchView {
  const { servers, lastMsg, listen } = statszCollector(deps, () => true);
  return {
    ...listen,
    render(rows) {
      const top = rowsToShow(number, rows, 9);
      const all = [...servers.values()];
      const v = (s: StatszMsg): number | string => {
        const z = s.statsz!;
        switch (sort) {
          case "name": return s.server!.name ?? "";
          case "subs": return z.subscriptions ?? 0;
          case "sentb": return z.sent?.bytes ?? 0;
          case "sentm": return z.sent?.msgs ?? 0;
          case "recvb": return z.received?.bytes ?? 0;
          case "recvm": return z.received?.msgs ?? 0;
          case "slow": return z.slow_consumers ?? 0;
          case "route": return z.routes?.length ?? 0;
          case "gway": return z.gateways?.length ?? 0;
          case "mem": return z.mem ?? 0;
          case "cpu": return z.cpu ?? 0;
          default: return z.connections ?? 0;
        }
      };
      all.sort((a, b) => {
        const va = v(a);
        const vb = v(b);
        if (typeof va === "string") return va.localeCompare(String(vb));
        return (vb as number) - va || (a.server!.name ?? "").localeCompare(b.server!.name ?? "");
      });
      const t = { conns: 0, subs: 0, slow: 0, mem: 0, sentm: 0, sentb: 0, recvm: 0, recvb: 0 };
      for (const s of all) {
        const z = s.statsz!;
        t.conns += z.connections ?? 0; t.subs += z.subscriptions ?? 0; t.slow += z.slow_consumers ?? 0; t.mem += z.mem ?? 0;
        t.sentm += z.sent?.msgs ?? 0; t.sentb += z.sent?.bytes ?? 0; t.recvm += z.received?.msgs ?? 0; t.recvb += z.received?.bytes ?? 0;
      }
      const tc = all.length > top ? `${top} / ${all.length}` : String(all.length);
      return titledTable(`Top ${tc} Server activity by ${SORTS[sort]} at ${dateTime(lastMsg() || deps.now())}`,
        ["Server", "Connections", "Subscription", "Slow", "Memory", "CPU", "Cores", "Routes", "Gateways", "Sent", "Received"],
        all.slice(0, top).map((s) => {
          const z = s.statsz!;
          return [s.server!.name ?? "", commas(z.connections ?? 0), commas(z.subscriptions ?? 0), commas(z.slow_consumers ?? 0), humanBytes(z.mem ?? 0), commas(Math.round((z.cpu ?? 0) * 100) / 100), String(z.cores ?? 0),
            String(z.routes?.length ?? 0), String(z.gateways?.length ?? 0), `${commas(z.sent?.msgs ?? 0)} / ${humanBytes(z.sent?.bytes ?? 0)}`, `${commas(z.received?.msgs ?? 0)} / ${humanBytes(z.received?.bytes ?? 0)}`];
        }),
        ["Totals (All Servers)", commas(t.conns), commas(t.subs), commas(t.slow), humanBytes(t.mem), "", "", "", "", `${commas(t.sentm)} / ${humanBytes(t.sentb)}`, `${commas(t.recvm)} / ${humanBytes(t.recvb)}`]);
    },
  };
}
