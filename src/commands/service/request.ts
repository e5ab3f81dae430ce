import { Command, Option } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, ExitStatus } from "../../errors.js";
import { collect } from "../../util/flags.js";
import { reqRun, type ReqOptions } from "../shared/request.js";
import { EXPECT_OPTIONS, type ExpectOptions } from "../shared/expect.js";
import { addOptions } from "../../global-options.js";
import { microQuery, noInstances, type ServiceInfo } from "./shared.js";

export interface ServiceRequestOptions extends ExpectOptions {
  header?: string[];
  raw?: boolean;
  count: string;
  translate?: string;
  templates: boolean;
  forceStdin?: boolean;
  sendOn: "eof" | "newline";
  json?: boolean;
}

/** `nats service request SERVICE ENDPOINT [PAYLOAD]`: finds the endpoint's subject via $SRV.INFO, then requests as `nats req`. */
export function serviceRequestCommand(deps: Deps): Command {
  const cmd = new Command("request").alias("req")
    .description("Send a request to a service endpoint")
    .argument("<service>", "Service name")
    .argument("<endpoint>", "Endpoint name")
    .argument("[payload]", "Request payload (read from stdin when omitted and stdin is not a terminal)")
    .option("-H, --header <header>", "Headers in K:V form (repeatable; values are always templated)", collect)
    .option("-r, --raw", "Show only the reply body", false)
    .option("--count <n>", "Send the request N times", "1")
    .option("--translate <command>", "Pipe each reply body through CMD before output")
    .option("--templates", "Enables template functions in body and subject (default)")
    .option("--no-templates", "Disables template functions in the body")
    .option("--force-stdin", "Force reading payload from stdin", false)
    .addOption(new Option("--send-on <when>", "When to send data from stdin: 'eof' (default) or 'newline'").choices(["eof", "newline"]).default("eof"))
    .option("--json", "Print each reply as one JSON object per line (natsx)", false);
  // the assertions of `nats req` (commands/shared/expect.ts): exit codes 20-24
  addOptions(cmd, EXPECT_OPTIONS);
  return cmd
    .addHelpText("after", "\nExamples:\n  nats service request echo echo 'hello {{ Count }}' --count 3\n  seq 3 | nats service request echo echo --send-on newline --raw\n  nats service request calc add '{\"a\":1,\"b\":2}' --translate 'jq .sum'\n  nats service request ORDERS status --expect-jq '.data.state == \"ok\"' --fail-on-service-error\n  nats service request ORDERS status --repeat 50 --max-latency 20ms\n")
    .action(async (service: string, endpoint: string, payload: string | undefined, opts: ServiceRequestOptions, cmd: Command) => {
      const r = await withConnection(deps, cmd, (nc, ctx) => serviceRequest(deps, nc, ctx, service, endpoint, payload, opts));
      if (r.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
    });
}

/**
 * Sends the payload (or stdin, per --send-on) to the endpoint's subject as `nats req` does, templates and all; a reply
 * carrying a Nats-Service-Error header fails the command once every request is done.
 */
export async function serviceRequest(deps: Deps, nc: NatsConnection, ctx: ConnCtx, service: string, endpoint: string, payload: string | undefined, opts: ServiceRequestOptions): Promise<{ requests: number; replies: number; interrupted: boolean }> {
  const { replies } = await microQuery<ServiceInfo>(nc, "INFO", ctx.plan.timeoutMs, service);
  if (replies.length === 0) throw noInstances(service);
  const names = [...new Set(replies.flatMap((s) => s.endpoints.map((e) => e.name)))].sort();
  const ep = replies.flatMap((s) => s.endpoints).find((e) => e.name === endpoint);
  if (!ep) throw new CliError(`service "${service}" has no endpoint "${endpoint}" (available: ${names.join(", ") || "none"})`, { exitCode: ExitCode.NOT_FOUND });
  const req: ReqOptions = { ...opts, replies: "1", replyTimeout: "300ms" };
  let serviceError: string | undefined;
  const r = await reqRun(deps, nc, ctx, ep.subject, payload, req, {
    onReply: (m) => {
      const err = m.headers?.get("Nats-Service-Error");
      if (err && !serviceError) serviceError = `${err}${m.headers?.get("Nats-Service-Error-Code") ? ` (${m.headers.get("Nats-Service-Error-Code")})` : ""}`;
    },
  });
  if (serviceError) throw new CliError(`service error: ${serviceError}`);
  return r;
}
