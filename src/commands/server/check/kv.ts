import { Command } from "commander";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { isStreamNotFound } from "../../../jetstream/manager.js";
import { numFlag, runJsCheck, threshold, type CheckResult } from "./shared.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckKvOptions { bucket?: string; valuesWarn: string; valuesCritical: string; key?: string }

/** The value-count thresholds of `server check kv`, parsed. */
export interface ServerCheckKvThresholds { w?: number; c?: number }

/** `server check kv --bucket B`: the bucket exists, its value count against thresholds, and optionally that a key exists. */
export function serverCheckKvCommand(deps: Deps): Command {
  return new Command("kv")
    .description("Checks a NATS KV Bucket")
    .option("--bucket <name>", "The bucket to check")
    .option("--values-critical <n>", "Critical threshold for number of values in the bucket", "-1")
    .option("--values-warn <n>", "Warning threshold for number of values in the bucket", "-1")
    .option("--key <key>", "Requires a key to have a value in the bucket")
    .addHelpText("after", examplesText("nats server check kv --bucket CONFIG --key username", "nats server check kv --bucket CONFIG --values-warn 1000 --values-critical 5000"))
    .action(async (o: ServerCheckKvOptions, cmd: Command) => {
      if (!o.bucket) throw usageError("server check kv needs --bucket NAME");
      const w = numFlag(o.valuesWarn, "--values-warn"), c = numFlag(o.valuesCritical, "--values-critical");
      await runJsCheck(deps, cmd, "kv", o.bucket, (r, jsm) => serverCheckKv(deps, r, jsm, o, { w, c }));
    });
}

/** Checks the bucket exists, its value count against the thresholds, and that --key has a value. */
export async function serverCheckKv(deps: Deps, r: CheckResult, jsm: JetStreamManager, o: ServerCheckKvOptions, t: ServerCheckKvThresholds): Promise<void> {
  // A bucket is the stream KV_<bucket>; reading the stream avoids @nats-io/kv's open() that never checks existence.
  let si;
  try {
    si = await jsm.streams.info(`KV_${o.bucket}`);
  } catch (e) {
    if (isStreamNotFound(e)) { r.crit(`bucket ${o.bucket} not found`); return; }
    throw e;
  }
  const values = si.state.messages;
  r.metric({ name: "values", value: values, warning: t.w, critical: t.c }).metric({ name: "bytes", value: si.state.bytes, unit: "B" })
    .metric({ name: "replicas", value: si.config.num_replicas ?? 1 });
  if (t.w !== undefined || t.c !== undefined) threshold(r, "values", values, t.w, t.c);
  if (o.key) {
    try {
      const m = await jsm.streams.getMessage(`KV_${o.bucket}`, { last_by_subj: `$KV.${o.bucket}.${o.key}` });
      const op = m?.header?.get("KV-Operation");
      if (!m || op === "DEL" || op === "PURGE") r.crit(`key ${o.key} not found`);
      else r.ok(`key ${o.key} found`);
    } catch {
      r.crit(`key ${o.key} not found`);
    }
  }
  r.ok(`bucket ${o.bucket}`);
}
