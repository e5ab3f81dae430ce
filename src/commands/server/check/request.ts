import { Command } from "commander";
import { performance } from "node:perf_hooks";
import type { Deps } from "../../../deps.js";
import type { NatsConnection } from "@nats-io/transport-node";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { usageError } from "../../../errors.js";
import { headers } from "../../../nats-client.js";
import { collect } from "../../../util/flags.js";
import { durFlag, runCheck, type CheckResult } from "./shared.js";

export interface ServerCheckRequestOptions {
  subject?: string; payload: string; headers?: string[]; matchPayload?: string; matchHeaders?: string[]; responseCritical?: string; responseWarn?: string;
}

/** Parses repeatable K=V (natscli's fisk StringMap) or K:V flags into pairs; bad input is a usage error. */
export function parsePairs(list: string[] | undefined, flag: string): [string, string][] {
  return (list ?? []).map((raw) => {
    const at = raw.search(/[=:]/);
    if (at <= 0) throw usageError(`invalid ${flag} "${raw}"`, `give ${flag} KEY=VALUE`);
    return [raw.slice(0, at).trim(), raw.slice(at + 1).trim()];
  });
}

/** Sends the request and checks the response's time, payload and headers. */
export async function serverCheckRequest(nc: NatsConnection, ctx: ConnCtx, o: { subject: string; payload: string; send: [string, string][]; match: [string, string][]; re?: RegExp; warn: number; crit: number }, r: CheckResult): Promise<void> {
  const { send, match, re, warn, crit } = o;
  const h = send.length ? headers() : undefined;
  for (const [k, v] of send) h!.append(k, v);
  const t0 = performance.now();
  let resp;
  try {
    resp = await nc.request(o.subject, o.payload, { timeout: ctx.plan.timeoutMs, headers: h });
  } finally {
    r.metric({ name: "time", value: Math.round(performance.now() - t0) / 1000, warning: warn / 1000, critical: crit / 1000, unit: "s" });
  }
  const took = performance.now() - t0;
  if (re && !re.test(Buffer.from(resp.data).toString("utf8"))) r.crit("response does not match regexp");
  for (const [k, v] of match) {
    const got = resp.headers?.get(k) ?? "";
    if (got !== v) r.crit(`invalid header "${k}" = "${got}"`);
  }
  if (crit > 0 && took > crit) r.crit(`response took ${Math.round(took)}ms`);
  else if (warn > 0 && took > warn) r.warn(`response took ${Math.round(took)}ms`);
  if (!r.criticals.length && !r.warnings.length) r.ok("Valid response");
}

/**
 * `server check request --subject S`: sends a request and checks the response's time, payload and headers.
 * natscli's --match-headers writes into the request's own headers and never checks the response; here it
 * only checks the response.
 */
export function serverCheckRequestCommand(deps: Deps): Command {
  return new Command("request").alias("req")
    .description("Checks a request-reply service")
    .option("--subject <subject>", "The subject to send the request to")
    .option("--payload <text>", "Payload to send in the request", "")
    .option("--headers <key=value>", "Headers to publish in the request (repeatable)", collect)
    .option("--match-payload <regex>", "Regular expression the response should match")
    .option("--match-headers <key=value>", "Headers the response must carry with these values (repeatable)", collect)
    .option("--response-critical <duration>", "Critical threshold for response time")
    .option("--response-warn <duration>", "Warning threshold for response time")
    .addHelpText("after", "\nExamples:\n  nats server check request --subject svc.ping --match-payload pong --match-headers Status=ok --response-warn 200ms\n")
    .action(async (o: ServerCheckRequestOptions, cmd: Command) => {
      if (!o.subject) throw usageError("server check request needs --subject SUBJECT");
      const send = parsePairs(o.headers, "--headers"), match = parsePairs(o.matchHeaders, "--match-headers");
      let re: RegExp | undefined;
      try { re = o.matchPayload === undefined ? undefined : new RegExp(o.matchPayload); } catch (e) { throw usageError(`invalid --match-payload regular expression: ${(e as Error).message}`); }
      const warn = durFlag(o.responseWarn, "--response-warn") ?? 0, crit = durFlag(o.responseCritical, "--response-critical") ?? 0;
      await runCheck(deps, cmd, "request", o.subject, (r) => withConnection(deps, cmd, (nc, ctx) => serverCheckRequest(nc, ctx, { subject: o.subject!, payload: o.payload, send, match, re, warn, crit }, r)));
    });
}
