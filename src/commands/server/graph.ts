import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { humanBytes } from "../../output/format.js";
import { rate, runGraphs, Series } from "../../output/graph.js";
import { requireTerminal } from "../../output/screen.js";
import { resolveServer, serverRequest, type ServerRef } from "../../sys/server.js";

export interface ServerGraphOptions { jetstream?: boolean }

interface Varz {
  cpu?: number; cores?: number; mem?: number; connections?: number; subscriptions?: number;
  in_msgs?: number; out_msgs?: number; in_bytes?: number; out_bytes?: number;
  jetstream?: { stats?: { memory?: number; storage?: number; ha_assets?: number; api?: { total?: number } }; meta?: { pending?: number } };
}

/** `nats server graph [SERVER]`: natscli's six live charts of one server's VARZ (system account), redrawn every second. */
export function serverGraphCommand(deps: Deps): Command {
  return new Command("graph")
    .description("Show graphs for a single server")
    .argument("[server]", "Server ID or Name to inspect (default: the connected server)")
    .option("-j, --jetstream", "Draw JetStream statistics", false)
    .addHelpText("after", `
Needs an interactive terminal (the charts follow its size) and the system account.

Examples:
  nats server graph n1
  nats server graph n1 --jetstream`)
    .action(async (server: string | undefined, opts: ServerGraphOptions, cmd: Command) => {
      requireTerminal(deps.io, "nats server graph", "it draws live charts; use `nats server info --json` or `nats top --once --json` for numbers");
      await withConnection(deps, cmd, async (nc, ctx) => {
        const target = await resolveServer(nc, server, ctx.plan.timeoutMs);
        await serverGraph(deps, nc, target, Boolean(opts.jetstream), ctx.plan.timeoutMs);
      });
    });
}

/** Polls $SYS.REQ.SERVER.<id>.VARZ every second and charts it (natscli server_graph_command.go's charts). */
export async function serverGraph(deps: Deps, nc: NatsConnection, s: ServerRef, jetstream: boolean, timeoutMs: number): Promise<void> {
  const gib = (v: number) => humanBytes(v * 1024 ** 3);
  const mib = (v: number) => humanBytes(v * 1024 ** 2);
  const pct = (v: number) => `${v.toFixed(1)}%`;
  const cpu = new Series("CPU % Used (normalized for cores)", pct);
  const js = jetstream ? { assets: new Series("HA Assets"), api: new Series("API Requests / second"), pending: new Series("Pending API Requests"), file: new Series("File Storage", gib), mem: new Series("Memory Storage", gib) } : undefined;
  const srv = jetstream ? undefined : { mem: new Series("Memory Used", mib), conns: new Series("Connections"), subs: new Series("Subscriptions"), msgs: new Series("Messages In+Out / second"), bytes: new Series("Bytes In+Out / second", humanBytes) };
  let last: { at: number; msgs: number; bytes: number; api: number } | undefined;
  const first = await serverRequest<Varz>(nc, s.id, "VARZ", {}, timeoutMs);
  const count = (v: Varz) => ({ msgs: (v.in_msgs ?? 0) + (v.out_msgs ?? 0), bytes: (v.in_bytes ?? 0) + (v.out_bytes ?? 0), api: v.jetstream?.stats?.api?.total ?? 0 });
  last = { at: deps.now(), ...count(first) };
  let cores = first.cores ?? 1;
  await runGraphs(deps.io, deps.signal, {
    title: () => `${jetstream ? "JetStream" : "Server"} Statistics for ${s.name}`,
    charts: [cpu, ...Object.values(js ?? srv!)],
    sample: async () => {
      const v = await serverRequest<Varz>(nc, s.id, "VARZ", {}, timeoutMs);
      const now = deps.now();
      const c = count(v);
      const ms = now - (last?.at ?? now);
      cores = v.cores || cores;
      cpu.push((v.cpu ?? 0) / cores);
      if (srv) {
        srv.mem.push((v.mem ?? 0) / 1024 ** 2);
        srv.conns.push(v.connections ?? 0);
        srv.subs.push(v.subscriptions ?? 0);
        srv.msgs.push(rate(c.msgs, last!.msgs, ms));
        srv.bytes.push(rate(c.bytes, last!.bytes, ms));
      }
      if (js) {
        const st = v.jetstream?.stats;
        js.assets.push(st?.ha_assets ?? 0);
        js.api.push(rate(c.api, last!.api, ms));
        js.pending.push(v.jetstream?.meta?.pending ?? 0);
        js.file.push((st?.storage ?? 0) / 1024 ** 3);
        js.mem.push((st?.memory ?? 0) / 1024 ** 3);
      }
      last = { at: now, ...c };
    },
  });
}
