import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import { headers as mkHeaders } from "../../nats-client.js";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { log } from "../../output/io.js";
import { localTime } from "../../output/format.js";
import { collect } from "../../util/flags.js";
import { aborted } from "../../util/stdin.js";

export interface ServiceServeOptions { header?: string[] }

/** `nats service serve NAME`: natscli's demo micro service, an echo endpoint on NAME.echo, until Ctrl-C. */
export function serviceServeCommand(deps: Deps): Command {
  return new Command("serve").description("Runs a demo Service")
    .argument("<name>", "A name for the service to run on")
    .option("-H, --header <K:V>", "Headers to add to responses using K:V format (repeatable)", collect)
    .addHelpText("after", "\nExamples:\n  nats service serve demo -H Team:ops     # then: nats service request demo echo hello\n")
    .action(async (name: string, o: ServiceServeOptions, c: Command) => {
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw usageError(`invalid service name "${name}": use letters, digits, - and _`);
      const extra: [string, string][] = (o.header ?? []).map((kv) => {
        const i = kv.indexOf(":");
        if (i < 1) throw usageError(`invalid header "${kv}": expected KEY:VALUE`);
        return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
      });
      await withConnection(deps, c, (nc) => serviceServe(deps, nc, name, extra), { drain: true });
    });
}

/**
 * Runs the demo service until Ctrl-C: every request on NAME.echo is logged and answered with its own body and
 * headers plus ConnectedUrl, Handler (our pid), Subject, Timestamp, ConnectedCluster and the -H headers.
 * Its statistics carry `total_payload`, the bytes echoed. Returns how many requests it answered.
 */
export async function serviceServe(deps: Deps, nc: NatsConnection, name: string, extra: [string, string][], pid = process.pid): Promise<number> {
  const { Svcm } = await import("@nats-io/services");
  let total = 0;
  let handled = 0;
  const url = `nats://${nc.getServer()}`;
  const srv = await new Svcm(nc).add({
    name,
    version: "1.0.0",
    description: `NATS CLI Demo Service (${name})`,
    metadata: { "_nats.client.created.library": "natsx" },
    statsHandler: async () => ({ total_payload: total }),
  });
  srv.addGroup(name).addEndpoint("echo", {
    handler: (err, m) => {
      if (err) return;
      total += m.data.length;
      handled++;
      log(deps.io, deps.now(), `Handling request on subject ${m.subject}`);
      const h = mkHeaders();
      h.append("ConnectedUrl", url);
      h.append("Handler", String(pid));
      h.append("Subject", m.subject);
      h.append("Timestamp", localTime(deps.now()));
      const cluster = (nc.info as { cluster?: string } | undefined)?.cluster;
      if (cluster) h.append("ConnectedCluster", cluster);
      for (const [k, v] of extra) h.append(k, v);
      for (const k of m.headers?.keys() ?? []) for (const v of m.headers!.values(k)) h.append(k, v);
      m.respond(m.data, { headers: h });
    },
  });
  // say "waiting for requests" only once the server has the endpoint's subscription: a request sent on
  // reading that line must find it
  await nc.flush();
  const c = new Columns(`NATS CLI Service ${name} handler ${pid} waiting for requests on ${url}`);
  c.title("Listening Subjects").row(`${name}.echo`, "Echo Service");
  if (extra.length) {
    c.title("Custom Response Headers");
    for (const [k, v] of extra) c.row(k, v);
  }
  c.title("Requests Log");
  c.print(deps.io);
  await aborted(deps.signal);
  await srv.stop();
  return handled;
}
