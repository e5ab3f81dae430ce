import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { commas, humanBytes, humanDuration } from "../../../output/format.js";
import { dateTime, rowsToShow, statszCollector, tableWatchCommand, titledTable, type StatszMsg, type WatchView } from "./shared.js";

const SORTS: Record<string, string> = { api: "API Requests", assets: "HA Asset", file: "File Storage", mem: "Memory Used" };

/** `nats server watch jetstream`: each JetStream server's usage from its statsz (system account). */
export function serverWatchJetStreamCommand(deps: Deps): Command {
  return tableWatchCommand(deps, {
    name: "jetstream", aliases: ["js", "jsz"], description: "Watch JetStream statistics", sorts: SORTS, defaultSort: "assets", what: "Servers",
    help: `This waits for regular updates that each server sends and reports seen totals. Since the updates are
sent on a 30 second interval this is not a point in time view. The meta leader is marked with *.`,
    example: "nats server watch jetstream --sort api",
    instead: "nats server report jetstream",
    view: jetStreamView,
  });
}

/** The JetStream view: servers whose statsz carries JetStream, sorted, with totals (the meta leader marked *). */
export function jetStreamView(deps: Deps, sort: string, number: number): WatchView {
  const { servers, lastMsg, listen } = statszCollector(deps, (s) => Boolean(s.statsz?.jetstream));
  return {
    ...listen,
    render(rows) {
      const top = rowsToShow(number, rows, 9);
      const all = [...servers.values()].filter((s) => s.statsz?.jetstream?.stats);
      const st = (s: StatszMsg) => s.statsz!.jetstream!.stats!;
      const key = (s: StatszMsg) => sort === "mem" ? st(s).memory ?? 0 : sort === "file" ? st(s).storage ?? 0 : sort === "api" ? st(s).api?.total ?? 0 : st(s).ha_assets ?? 0;
      all.sort((a, b) => key(b) - key(a) || (a.server!.name ?? "").localeCompare(b.server!.name ?? ""));
      const t = { assets: 0, mem: 0, file: 0, api: 0, errors: 0, pending: 0 };
      const shown = all.slice(0, top);
      const body = shown.map((s) => {
        const j = st(s);
        const meta = s.statsz!.jetstream!.meta;
        t.assets += j.ha_assets ?? 0; t.mem += j.memory ?? 0; t.file += j.storage ?? 0; t.api += j.api?.total ?? 0; t.errors += j.api?.errors ?? 0; t.pending += meta?.pending ?? 0;
        const leader = meta?.leader && meta.leader === s.server!.name;
        const snap = leader && meta?.snapshot?.last_time ? `${humanDuration(deps.now() - Date.parse(meta.snapshot.last_time))} ago (${humanDuration((meta.snapshot.last_duration ?? 0) / 1e6)})` : "";
        return [`${s.server!.name ?? ""}${leader ? "*" : ""}`, commas(j.ha_assets ?? 0), humanBytes(j.memory ?? 0), humanBytes(j.storage ?? 0), commas(j.api?.total ?? 0), commas(j.api?.errors ?? 0), commas(meta?.pending ?? 0), snap];
      });
      const tc = all.length > top ? `${top} / ${all.length}` : String(all.length);
      return titledTable(`Top ${tc} Server activity by ${SORTS[sort]} at ${dateTime(lastMsg() || deps.now())}`,
        ["Server", "HA Assets", "Memory", "File", "API", "API Errors", "Pending", "Snapshot Time"], body,
        [`Totals (${shown.length} Servers)`, commas(t.assets), humanBytes(t.mem), humanBytes(t.file), commas(t.api), commas(t.errors), commas(t.pending), ""]);
    },
  };
}
