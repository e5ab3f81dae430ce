import { Command } from "commander";
import { humanDuration } from "../../../output/format.js";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import type { JetStreamManager } from "@nats-io/jetstream";
import { durFlag, runJsCheck, type CheckResult } from "./shared.js";

export interface ServerCheckMessageOptions { stream?: string; subject: string; ageWarn?: string; ageCritical?: string; content: string; bodyTimestamp?: boolean }

/** Checks the last message on one subject of a stream: its age against the thresholds, its size, its content. */
export async function serverCheckMessage(deps: Deps, jsm: JetStreamManager, o: ServerCheckMessageOptions & { re: RegExp; warn?: number; crit?: number }, r: CheckResult): Promise<void> {
  const { re, warn, crit } = o;
  let m;
  try {
    m = await jsm.streams.getMessage(o.stream!, { last_by_subj: o.subject });
  } catch (e) {
    // 10037: no message found
    if ((e as { api_error?: { err_code?: number } }).api_error?.err_code === 10037 || /no message found/i.test(String((e as Error).message))) { r.crit("no message found"); return; }
    throw e;
  }
  if (!m) { r.crit("no message found"); return; }
  let ts = m.timestamp ? Date.parse(m.timestamp) : deps.now();
  if (o.bodyTimestamp) {
    const body = new TextDecoder().decode(m.data).trim();
    if (!/^-?\d+$/.test(body)) { r.crit(`invalid timestamp body: "${body.slice(0, 40)}" is not a unix time`); return; }
    ts = Number(body) * 1000;
  }
  const age = Math.max(0, deps.now() - ts);
  r.metric({ name: "age", value: Math.round(age) / 1000, warning: warn === undefined ? undefined : warn / 1000, critical: crit === undefined ? undefined : crit / 1000, unit: "s" });
  r.metric({ name: "size", value: m.data.length, unit: "B" });
  if (crit !== undefined && crit > 0 && age > crit) r.crit(`${humanDuration(age)} old`);
  else if (warn !== undefined && warn > 0 && age > warn) r.warn(`${humanDuration(age)} old`);
  if (!re.test(Buffer.from(m.data).toString("utf8"))) r.crit(`does not match regex: ${o.content}`);
  if (!r.criticals.length && !r.warnings.length) r.ok(`Valid message on ${o.stream} > ${o.subject}`);
}

/** `server check message --stream S --subject X`: the age, size and content of the last message on a subject. */
export function serverCheckMessageCommand(deps: Deps): Command {
  return new Command("message").alias("msg")
    .description("Checks properties of a message stored in a stream")
    .option("--stream <name>", "The streams to check")
    .option("--subject <subject>", "The subject to fetch a message from", ">")
    .option("--age-warn <duration>", "Warning threshold for message age as a duration")
    .option("--age-critical <duration>", "Critical threshold for message age as a duration")
    .option("--content <regex>", "Regular expression to check the content against", ".")
    .option("--body-timestamp", "Use message body as a unix timestamp instead of message metadata")
    .addHelpText("after", "\nExamples:\n  nats server check message --stream HEARTBEAT --subject hb.web1 --age-warn 1m --age-critical 5m\n")
    .action(async (o: ServerCheckMessageOptions, cmd: Command) => {
      if (!o.stream) throw usageError("server check message needs --stream NAME");
      const warn = durFlag(o.ageWarn, "--age-warn"), crit = durFlag(o.ageCritical, "--age-critical");
      let re: RegExp;
      try { re = new RegExp(o.content); } catch (e) { throw usageError(`invalid --content regular expression: ${(e as Error).message}`); }
      // jsm.go's monitor refuses wildcards: it reads the last message of one literal subject.
      if (/[*>\s]/.test(o.subject) || o.subject === "") throw usageError(`invalid subject "${o.subject}": --subject must be a literal subject`, "name one subject, e.g. --subject orders.new");
      await runJsCheck(deps, cmd, "message", "Stream Message", (r, jsm) => serverCheckMessage(deps, jsm, { ...o, re, warn, crit }, r));
    });
}
