import { Command } from "commander";
import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import { headers as mkHeaders } from "../../nats-client.js";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { collect } from "../../util/flags.js";
import { readAll } from "../../util/stdin.js";
import { microQuery, noInstances, type ServiceInfo } from "./shared.js";
import { addOptions } from "../../global-options.js";
import { log } from "../../output/io.js";
import { EXPECT_OPTIONS, Expectations, type ExpectOptions } from "../shared/expect.js";

export interface ServiceRequestOptions extends ExpectOptions { header?: string[]; raw?: boolean }

/** `nats service request SERVICE ENDPOINT [PAYLOAD]`: finds the endpoint's subject via $SRV.INFO and sends one request to it. */
export function serviceRequestCommand(deps: Deps): Command {
  const cmd = new Command("request").alias("req")
    .description("Sends a request to a service endpoint")
    .argument("<service>", "The name of the service")
    .argument("<endpoint>", "The name of the endpoint")
    .argument("[payload]", "The payload to send (read from stdin when omitted and stdin is not a terminal)")
    .option("-H, --header <header>", "Adds headers to the message using K:V format", collect)
    .option("-r, --raw", "Show only the response body", false);
  addOptions(cmd, EXPECT_OPTIONS);
  return cmd.addHelpText("after", `
Examples:
  nats service request ORDERS status '{"id":1}' --expect-jq '.data.state == "ok"'
  nats service request ORDERS status --fail-on-service-error --repeat 50 --max-latency 20ms`)
    .action(async (service: string, endpoint: string, payload: string | undefined, opts: ServiceRequestOptions, cmd: Command) => {
      const h = opts.header?.length ? mkHeaders() : undefined;
      for (const kv of opts.header ?? []) {
        const i = kv.indexOf(":");
        if (i < 1) throw usageError(`invalid header "${kv}": expected KEY:VALUE`);
        h!.append(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
      }
      const body = payload ?? (deps.io.inIsTTY ? "" : await readAll(deps.io.in));
      const expect = await Expectations.from(opts);
      await withConnection(deps, cmd, (nc, ctx) => serviceRequest(deps, nc, ctx, service, endpoint, body, h, opts, expect));
    });
}

/**
 * Sends `body` to the endpoint's subject and prints the reply; a Nats-Service-Error header fails the command (exit 1,
 * or 23 with --fail-on-service-error). `expect` checks each reply; --repeat sends it N times and prints latency figures.
 */
export async function serviceRequest(deps: Deps, nc: NatsConnection, ctx: ConnCtx, service: string, endpoint: string, body: string | Uint8Array, h: MsgHdrs | undefined, opts: ServiceRequestOptions, expect?: Expectations): Promise<void> {
  const { replies } = await microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, service);
  if (replies.length === 0) throw noInstances(service);
  const names = [...new Set(replies.flatMap((s) => s.endpoints.map((e) => e.name)))].sort();
  const ep = replies.flatMap((s) => s.endpoints).find((e) => e.name === endpoint);
  if (!ep) throw new CliError(`service "${service}" has no endpoint "${endpoint}" (available: ${names.join(", ") || "none"})`, { exitCode: ExitCode.NOT_FOUND });
  const times = expect?.repeat ?? 1;
  for (let n = 1; n <= times && !deps.signal.aborted; n++) {
    const start = performance.now();
    const m = await nc.request(ep.subject, body, { timeout: ctx.plan.timeoutMs, headers: h });
    const rtt = performance.now() - start;
    const err = m.headers?.get("Nats-Service-Error");
    if (!opts.raw && m.headers) {
      for (const [k, vs] of m.headers) for (const v of vs) deps.io.err.write(`${k}: ${v}\n`);
    }
    const text = m.string();
    deps.io.out.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
    if (expect) await expect.check({ subject: m.subject, data: m.data, headers: m.headers }, rtt, n);
    if (err) throw new CliError(`service error: ${err}${m.headers?.get("Nats-Service-Error-Code") ? ` (${m.headers.get("Nats-Service-Error-Code")})` : ""}`);
  }
  if (expect?.repeat !== undefined) {
    const line = expect.summary();
    if (line) log(deps.io, deps.now(), line);
  }
  expect?.latencyVerdict();
}
