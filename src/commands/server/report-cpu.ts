import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { addFilterOptions, watching } from "./shared/sys.js";
import { serverReportUsage, type ServerReportUsageOptions } from "./shared/usage.js";

/** `nats server report cpu [LIMIT]`: CPU use per server as a bar graph (system account). */
export function serverReportCpuCommand(deps: Deps): Command {
  return addFilterOptions(new Command("cpu").description("Report on CPU usage").argument("[limit]", "Limit the responses to a certain amount of servers"))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report cpu --cluster east\n")
    .action(async (limit: string | undefined, o: ServerReportUsageOptions, cmd: Command) => { await watching(deps, cmd, () => serverReportUsage(deps, cmd, limit, o, false)); });
}
