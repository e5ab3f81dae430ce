import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { microQuery, type ServiceInfo } from "./shared.js";
import { examplesText } from "../shared/examples.js";

export interface ServiceLsOptions { json?: boolean }

/** `nats service ls [SERVICE]`: every running service instance, from $SRV.INFO. */
export function serviceLsCommand(deps: Deps): Command {
  return new Command("ls").aliases(["list", "l"])
    .description("List known Services")
    .argument("[service]", "Service to match")
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", examplesText("nats service ls", "nats service ls calc --json"))
    .action(async (name: string | undefined, opts: ServiceLsOptions, cmd: Command) => {
      await withConnection(deps, cmd, (nc, ctx) => serviceLs(deps, nc, ctx, name, opts));
    });
}

/** Lists the running service instances (those named `name`), as a table or JSON. */
export async function serviceLs(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, opts: ServiceLsOptions): Promise<void> {
  const { replies } = await microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, name);
  if (opts.json) printJson(deps.io, replies);
  else if (replies.length === 0) deps.io.err.write("No results received\n");
  else printTable(deps.io, ["Name", "Version", "ID", "Description"], replies.map((s) => [s.name, s.version, s.id, s.description ?? ""]), { title: `All Micro Services` }, deps.env);
}
