import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { parseIntFlag } from "../../util/flags.js";
import { collectJsAccounts } from "./shared/jsz.js";
import { parseLimit, withSys } from "./shared/sys.js";

export interface ServerReportDowngradeOptions { json?: boolean; all?: boolean; archive?: string }

export interface DowngradeReport {
  streams?: { account: string; name: string; api_level: number }[];
  consumers?: { account: string; stream: string; name: string; api_level: number }[];
}

/** The API level an asset needs, from the `_nats.req.level` metadata newer servers stamp on it (0 when absent). */
export function apiLevel(metadata: Record<string, string> | undefined): number {
  const n = Number.parseInt(metadata?.["_nats.req.level"] ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Streams and consumers that need a newer JetStream API level than `level` (natscli `server report downgrade`). */
export async function serverReportDowngrade(deps: Deps, cmd: Command, level: number, limit: number | undefined, o: ServerReportDowngradeOptions): Promise<DowngradeReport> {
  if (!o.json) deps.io.out.write("Obtaining JetStream Asset information\n");
  const accounts = await withSys(deps, cmd, o.archive, (ping) => collectJsAccounts(ping, limit));
  const rep: DowngradeReport = {};
  for (const acc of accounts) {
    for (const s of acc.streams) {
      const sl = apiLevel(s.config?.metadata);
      const bad = level < sl;
      if (bad) (rep.streams ??= []).push({ account: acc.name, name: s.name, api_level: sl });
      for (const c of [...(s.consumer_detail ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
        const cl = apiLevel(c.config?.metadata);
        if (level < cl || (o.all && bad)) (rep.consumers ??= []).push({ account: acc.name, stream: o.all && bad ? `${s.name}*` : s.name, name: c.name, api_level: cl });
      }
    }
  }
  if (o.json) { printJson(deps.io, rep); return rep; }
  if (rep.streams) { printTable(deps.io, ["Account", "Stream", "Required API level"], rep.streams.map((s) => [s.account, s.name, s.api_level]), { title: "Assets: Streams" }, deps.env); deps.io.out.write("\n"); }
  if (rep.consumers) { printTable(deps.io, ["Account", "Stream", "Consumer", "Required API level"], rep.consumers.map((c) => [c.account, c.stream, c.name, c.api_level]), { title: "Assets: Consumers" }, deps.env); deps.io.out.write("\n"); }
  if (!rep.streams && !rep.consumers) deps.io.out.write("All assets are compatible with the specified API level.\n");
  return rep;
}

/** `nats server report downgrade API [LIMIT]`: assets a server of an older API level could not run (system account). */
export function serverReportDowngradeCommand(deps: Deps): Command {
  return new Command("downgrade")
    .description("List assets incompatible with the specified API level")
    .argument("<api>", "Target API level to check compatibility against")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .option("--json", "Output the downgrade report in JSON format")
    .option("--all", "Include consumers whose associated streams are incompatible with the selected API level")
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .addHelpText("after", "\nExamples:\n  nats server report downgrade 1   # what a 2.11 server (API level 1) could not load\n")
    .action(async (api: string, limit: string | undefined, o: ServerReportDowngradeOptions, cmd: Command) => {
      await serverReportDowngrade(deps, cmd, parseIntFlag(api, "api level", { min: 0 }), parseLimit(limit), o);
    });
}
