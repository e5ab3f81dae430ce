import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerConfig, ConsumerInfo } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyConsumerFlags, checkConsumerDelivery, gateConsumerConfig, type AnyConsumerConfig, type ConsumerFlagValues } from "../../jetstream/consumer-config.js";
import { renderConsumerInfo } from "../../jetstream/consumer-info.js";
import { dropServerMetadata } from "../../jetstream/metadata.js";
import { manager } from "../../jetstream/manager.js";
import { addConsumerFlags } from "./shared.js";
import { withSpinner } from "../../output/spinner.js";

export type ConsumerCopyOptions = ConsumerFlagValues & { json?: boolean };

/** `consumer copy STREAM SOURCE DESTINATION` (`cp`): a new consumer from another's configuration, flags overriding it. */
export function consumerCopyCommand(deps: Deps): Command {
  const cmd = new Command("copy").alias("cp").description("Creates a new Consumer based on the configuration of another")
    .argument("<stream>", "Stream name").argument("<source>", "Source Consumer name").argument("<destination>", "Destination Consumer name");
  return addConsumerFlags(cmd, "add")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats consumer copy ORDERS WORKER WORKER2\n  nats consumer cp ORDERS PUSHED PULLED --pull --max-deliver 5   # a pull copy of a push consumer\n")
    .action(async (stream: string, source: string, dest: string, o: ConsumerCopyOptions, c: Command) => {
      if (o.pull && o.target) throw usageError("--pull and --target are mutually exclusive");
      if (/[.*>\s]/.test(dest)) throw usageError(`invalid consumer name "${dest}": durable names may not contain . * > or whitespace`);
      await withConnection(deps, c, (nc, ctx) => consumerCopy(deps, nc, ctx, stream, source, dest, o));
    });
}

/** Creates consumer `dest` on the stream from `source`'s configuration with the given flags applied, and shows it. */
export async function consumerCopy(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string, source: string, dest: string, o: ConsumerCopyOptions): Promise<ConsumerInfo> {
  if (source === dest) throw usageError("source and destination consumer names must differ");
  const jsm = await manager(nc, ctx);
  const src = await jsm.consumers.info(stream, source);
  const base: AnyConsumerConfig = { ...(src.config as AnyConsumerConfig) };
  delete base.name;
  delete base.durable_name;
  dropServerMetadata(base as { metadata?: Record<string, string> });
  const cfg = applyConsumerFlags(base, o, deps.now());
  // natscli: a pull copy takes --max-waiting (or the server's default), and loses the push-only settings
  if (o.pull) {
    delete cfg.deliver_group;
    if (o.maxWaiting === undefined) delete cfg.max_waiting;
  }
  if (!cfg.deliver_subject) {
    delete cfg.idle_heartbeat;
    delete cfg.flow_control;
    delete cfg.rate_limit_bps;
    delete cfg.deliver_group;
  } else {
    delete cfg.max_waiting;
    delete cfg.max_batch;
    delete cfg.max_expires;
    delete cfg.max_bytes;
  }
  checkConsumerDelivery(cfg);
  if (o.ephemeral) {
    cfg.name = dest;
    if (!cfg.inactive_threshold) cfg.inactive_threshold = 5 * 60e9;
  } else {
    cfg.durable_name = dest;
  }
  gateConsumerConfig(nc, cfg);
  const exists = await jsm.consumers.info(stream, dest).then(() => true, (e: Error) => { if (e.name === "ConsumerNotFoundError") return false; throw e; });
  if (exists) throw new CliError(`consumer ${stream} > ${dest} already exists`, { exitCode: ExitCode.CONFLICT, hint: "pick another destination name" });
  const ci = await withSpinner(deps.io, `Creating consumer ${stream} > ${dest}`, jsm.consumers.add(stream, cfg as Partial<ConsumerConfig>), { enabled: !o.json });
  if (o.json) printJson(deps.io, ci);
  else deps.io.out.write(`${renderConsumerInfo(ci, deps.now())}\n`);
  return ci;
}
