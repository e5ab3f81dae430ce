import { Command } from "commander";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { headers as mkHeaders } from "../../nats-client.js";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { collect } from "../../util/flags.js";
import { readAll } from "../../util/stdin.js";
import { microQuery, noInstances, type ServiceInfo } from "./shared.js";

export interface ServiceRequestOptions { header?: string[]; raw?: boolean }

/** `nats service request SERVICE ENDPOINT [PAYLOAD]`: finds the endpoint's subject via $SRV.INFO and sends one request to it. */
export function serviceRequestCommand(deps: Deps): Command {
  return new Command("request").alias("req")
    .description("Sends a request to a service endpoint")
    .argument("<service>", "The name of the service")
    .argument("<endpoint>", "The name of the endpoint")
    .argument("[payload]", "The payload to send (read from stdin when omitted and stdin is not a terminal)")
    .option("-H, --header <header>", "Adds headers to the message using K:V format", collect)
    .option("-r, --raw", "Show only the response body", false)
    .action(async (service: string, endpoint: string, payload: string | undefined, opts: ServiceRequestOptions, cmd: Command) => {
      const h = opts.header?.length ? mkHeaders() : undefined;
      for (const kv of opts.header ?? []) {
        const i = kv.indexOf(":");
        if (i < 1) throw usageError(`invalid header "${kv}": expected KEY:VALUE`);
        h!.append(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
      }
      const body = payload ?? (deps.io.inIsTTY ? "" : await readAll(deps.io.in));
      await withConnection(deps, cmd, (nc, ctx) => serviceRequest(deps, nc, ctx, service, endpoint, body, h, opts));
    });
}

/** Sends `body` to the endpoint's subject and prints the reply; a Nats-Service-Error header fails the command. */
export async function serviceRequest(deps: Deps, nc: NatsConnection, ctx: ConnCtx, service: string, endpoint: string, body: string | Uint8Array, h: MsgHdrs | undefined, opts: ServiceRequestOptions): Promise<void> {
  const { replies } = await microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, service);
  if (replies.length === 0) throw noInstances(service);
  const names = [...new Set(replies.flatMap((s) => s.endpoints.map((e) => e.name)))].sort();
  const ep = replies.flatMap((s) => s.endpoints).find((e) => e.name === endpoint);
  if (!ep) throw new CliError(`service "${service}" has no endpoint "${endpoint}" (available: ${names.join(", ") || "none"})`, { exitCode: ExitCode.NOT_FOUND });
  const m = await nc.request(ep.subject, body, { timeout: ctx.plan.timeoutMs, headers: h });
  const err = m.headers?.get("Nats-Service-Error");
  if (!opts.raw && m.headers) {
    for (const [k, vs] of m.headers) for (const v of vs) deps.io.err.write(`${k}: ${v}\n`);
  }
  const text = m.string();
  deps.io.out.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
  if (err) throw new CliError(`service error: ${err}${m.headers?.get("Nats-Service-Error-Code") ? ` (${m.headers.get("Nats-Service-Error-Code")})` : ""}`);
}
