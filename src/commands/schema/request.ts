import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, ExitStatus } from "../../errors.js";
import { loadSchema, messageType, validateAgainst } from "./shared.js";

export interface SchemaRequestOptions { schema?: string; show?: boolean }

/** `schema request SUBJECT [BODY]` (`req`): requests from a NATS service and validates the reply against its declared schema. */
export function schemaRequestCommand(deps: Deps): Command {
  return new Command("request").alias("req").description("Request and validate data from a NATS service")
    .argument("<subject>", "The subject to send a request to")
    .argument("[body]", "The body to send", "{}")
    .option("--schema <id>", "The schema identifier the reply must have")
    .option("--show", "Show the received data")
    .addHelpText("after", "\nExamples:\n  nats schema request '$JS.API.INFO' --show\n  nats schema request '$SRV.INFO.calc' '' --schema io.nats.micro.v1.info_response\n")
    .action(async (subject: string, body: string, o: SchemaRequestOptions, c: Command) => {
      const r = await withConnection(deps, c, (nc, ctx) => schemaRequest(deps, nc, ctx, subject, body, o));
      if (r.problems.length) throw new ExitStatus(ExitCode.FAILURE);
    });
}

/** Sends one request, shows the reply with --show, and checks it against the schema its `type` names. */
export async function schemaRequest(deps: Deps, nc: NatsConnection, ctx: ConnCtx, subject: string, body: string, o: SchemaRequestOptions): Promise<{ type: string; problems: string[] }> {
  if (o.schema) loadSchema(o.schema);
  const m = await nc.request(subject, body, { timeout: ctx.plan.timeoutMs });
  let doc: unknown;
  try {
    doc = JSON.parse(m.string());
  } catch (e) {
    throw new CliError(`the reply is not JSON: ${(e as Error).message}`);
  }
  if (o.show) deps.io.out.write(`${JSON.stringify(doc, null, 2)}\n\n`);
  const type = messageType(doc);
  if (type === "io.nats.unknown_message") throw new CliError("could not determine the message type", { hint: "the reply has no \"type\" (or \"schema\") field naming its schema" });
  if (o.schema && type !== o.schema) throw new CliError(`invalid message type ${type}`, { hint: `expected ${o.schema}` });
  const problems = await validateAgainst(type, doc);
  if (problems.length) deps.io.out.write(`Message did not pass validation against ${type}\n\n${problems.map((p) => `   ${p}\n`).join("")}`);
  else deps.io.out.write(`Response is a valid ${type} message\n`);
  return { type, problems };
}
