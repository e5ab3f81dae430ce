import type { OptionDef } from "../global-options.js";
import { oneShotCommand } from "../fast-args.js";
import type { OptionSource } from "../context/plan.js";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { ExitCode, ExitStatus } from "../errors.js";
import { BODY_OPTIONS, messageArgs } from "./shared/message.js";
import { reqRun, type ReqOptions } from "./shared/request.js";
import { EXPECT_OPTIONS } from "./shared/expect.js";

const REQ_OPTIONS: readonly OptionDef[] = [
  { long: "--count", arg: "<n>", description: "Send multiple requests (values below 1 mean 32767)", default: "1" },
  { long: "--replies", arg: "<n>", description: "Wait for multiple replies from services. 0 waits until timeout", default: "1" },
  { long: "--reply-timeout", arg: "<duration>", description: "Maximum timeout between incoming replies", default: "300ms" },
  { long: "--wait-for-empty", description: "Wait for an empty message to be received", default: false },
  { short: "-r", long: "--raw", description: "Show just the output received", default: false },
  { long: "--translate", arg: "<command>", description: "Translate the message data by running it through the given command before output" },
  { long: "--json", description: "Print each reply as one JSON object per line (natsx)", default: false },
  { long: "--format", arg: "<template>", description: "One line per reply from a template: {{.Subject}} {{.Data}} {{.Size}} {{.Header \"Name\"}} {{.Time}} {{.Base64}} {{.Hex}}… (natsx)" },
  { short: "-w", long: "--wait", description: "", hidden: true },
  ...BODY_OPTIONS,
  ...EXPECT_OPTIONS,
];

/** `nats req SUBJECT [BODY]`: requests with reply collection; no responders and timeouts are distinct exit codes. */
export const { createCommand, fastPath } = oneShotCommand<ReqOptions>({
  name: "request",
  alias: "req",
  description: "Generic request-reply request utility",
  args: messageArgs("Subject to send the request to"),
  options: REQ_OPTIONS,
  examples: [
    "nats req svc.status '' --expect-jq '.data.healthy' --fail-on-service-error    # CI smoke check, exit 22/23 on failure",
    "nats req svc.time '' --repeat 100 --max-latency 20ms                         # latency figures; exit 24 if one is slower",
    "nats req svc.time '' --format '{{.Data}} {{.Header \"Server\"}}'",
  ],
  action: (deps, [subject, body], opts, source) => request(deps, subject!, body, opts, source),
});

async function request(deps: Deps, subject: string, body: string | undefined, opts: ReqOptions, c: OptionSource): Promise<void> {
  const r = await withConnection(deps, c, (nc, ctx) => reqRun(deps, nc, ctx, subject, body, opts));
  // thrown out here: withConnection turns errors from its body into CliErrors
  if (r.interrupted) throw new ExitStatus(ExitCode.INTERRUPTED);
}

