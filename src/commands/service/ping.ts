import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { humanDuration } from "../../output/format.js";
import { microQuery, type ServiceIdentity } from "./shared.js";
import { examplesText } from "../shared/examples.js";

/** `nats service ping [SERVICE]`: every instance answers $SRV.PING; one line with its RTT each. */
export function servicePingCommand(deps: Deps): Command {
  return new Command("ping")
    .description("Sends a ping to all services")
    .argument("[service]", "Service to ping")
    .addHelpText("after", examplesText("nats service ping", "nats service ping calc"))
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      await withConnection(deps, cmd, (nc, ctx) => servicePing(deps, nc, ctx, name));
    });
}

/** Pings the services (those named `name`) and prints each instance's RTT; no answer is exit 6. */
export async function servicePing(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined): Promise<void> {
  const { replies, rtts } = await microQuery<ServiceIdentity>(nc, "PING", ctx.plan.timeoutMs, name);
  if (replies.length === 0) throw new CliError(`no services answered $SRV.PING${name ? `.${name}` : ""}`, { exitCode: ExitCode.NO_RESPONDERS });
  replies.forEach((s, i) => deps.io.out.write(`${`${s.name} ${s.id}`.padEnd(50)} rtt=${humanDuration(rtts[i]!)}\n`));
}
