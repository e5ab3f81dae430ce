import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { printJson } from "../../../output/json.js";
import { barGraph } from "./bar-graph.js";
import { parseLimit, pingAll } from "./sys.js";

export interface ServerReportUsageOptions { json?: boolean; host?: string; cluster?: string; tags?: string[] }

/** CPU (percent) or memory (bytes) per server from STATSZ, as a bar graph or a JSON object by server name. */
export async function serverReportUsage(deps: Deps, cmd: Command, limitArg: string | undefined, o: ServerReportUsageOptions, mem: boolean): Promise<Record<string, number>> {
  const limit = parseLimit(limitArg);
  return withConnection(deps, cmd, async (nc, ctx) => {
    const replies = await pingAll<{ cpu?: number; mem?: number }>(deps, nc, ctx, "STATSZ", o, {}, limit);
    const usage: Record<string, number> = {};
    for (const r of replies) usage[r.server.name] = (mem ? r.data.mem : r.data.cpu) ?? 0;
    if (o.json) printJson(deps.io, usage);
    else barGraph(deps.io, usage, mem ? "Memory Usage" : "CPU Usage", Math.min(30, Math.floor((deps.io.columns || 80) / 4)), mem);
    return usage;
  });
}
