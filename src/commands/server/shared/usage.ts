import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { printJson } from "../../../output/json.js";
import { barGraph } from "./bar-graph.js";
import { parseLimit, withSys } from "./sys.js";

export interface ServerReportUsageOptions { json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

/** CPU (percent) or memory (bytes) per server from STATSZ, as a bar graph or a JSON object by server name. */
export async function serverReportUsage(deps: Deps, cmd: Command, limitArg: string | undefined, o: ServerReportUsageOptions, mem: boolean): Promise<Record<string, number>> {
  const limit = parseLimit(limitArg);
  return withSys(deps, cmd, o.archive, async (ping) => {
    const replies = await ping<{ cpu?: number; mem?: number }>("STATSZ", o, {}, limit);
    const usage: Record<string, number> = {};
    for (const r of replies) usage[r.server.name] = (mem ? r.data.mem : r.data.cpu) ?? 0;
    if (o.json) printJson(deps.io, usage);
    else barGraph(deps.io, usage, mem ? "Memory Usage" : "CPU Usage", Math.min(30, Math.floor((deps.io.columns || 80) / 4)), mem);
    return usage;
  });
}
