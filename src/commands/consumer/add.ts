import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerConfig } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { writeFileAtomic } from "../../context/store.js";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyConsumerFlags, checkConsumerDelivery, defaultConsumerConfig, gateConsumerConfig, readConsumerConfigFile, type AnyConsumerConfig, type ConsumerFlagValues } from "../../jetstream/consumer-config.js";
import { addConsumerFlags, askConsumerName, checkConsumerQuestions, fillMissingConsumerFlags, missingConsumerFlags } from "./shared.js";
import { renderConsumerInfo } from "../../jetstream/consumer-info.js";
import { canPrompt } from "../../output/prompt.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type ConsumerAddOptions = ConsumerFlagValues & { json?: boolean; validate?: boolean; output?: string; all?: boolean };

/** `consumer add [STREAM] [NAME]`: creates a pull or push consumer from flags or --config. */
export function consumerAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["create", "new"]).description("Creates a new Consumer").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name");
  addConsumerFlags(cmd, "add")
    .option("--config <file>", "JSON file to read configuration from (a ConsumerConfig or `consumer info --json` output)")
    .option("--validate", "Only validate the configuration")
    .option("--output <file>", "Save configuration instead of creating")
    .option("--defaults", "Accept default values for all prompts")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats consumer add ORDERS NEW --filter orders.new --ack explicit --pull --deliver all --max-deliver 5 --defaults", "nats consumer add ORDERS MONITOR --target monitor.orders --deliver last --ack none --defaults   # a push consumer", "nats consumer add ORDERS --config new.json", "nats consumer add              # asks for each setting"))
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerAddOptions, c: Command) => {
      if (o.pull && o.target) throw usageError("--pull and --target are mutually exclusive");
      const file = o.config ? await readConsumerConfigFile(path.resolve(deps.cwd, o.config)) : undefined;
      const fileName = (file?.durable_name as string | undefined) ?? (file?.name as string | undefined);
      // without a terminal, everything that would be asked is a usage error before connecting
      if (!file) checkConsumerQuestions(deps, o);
      if (!name && !fileName && !o.ephemeral && !canPrompt(deps.io)) throw usageError("a consumer name is required", "pass it as the second argument, or use --ephemeral");
      // natscli asks for the name first, then the settings (consumer_command.go prepareConfig)
      const configure = async (): Promise<{ consumerName?: string; cfg: AnyConsumerConfig }> => {
        const consumerName = name ?? fileName ?? (o.ephemeral ? undefined : await askConsumerName(deps));
        if (!file) await fillMissingConsumerFlags(deps, o);
        const cfg = applyConsumerFlags(file ?? defaultConsumerConfig(Boolean(o.target)), o, deps.now());
        if (!file) checkConsumerDelivery(cfg);
        if (consumerName && /[.*>\s]/.test(consumerName)) throw usageError(`invalid consumer name "${consumerName}": durable names may not contain . * > or whitespace`);
        if (consumerName) {
          if (o.ephemeral) { cfg.name = consumerName; delete cfg.durable_name; }
          else { cfg.durable_name = consumerName; delete cfg.name; }
        }
        if (o.ephemeral && !cfg.inactive_threshold) cfg.inactive_threshold = 5 * 1e9 * 60;
        return { consumerName, cfg };
      };
      const asks = (!name && !fileName && !o.ephemeral) || (!file && !o.defaults && missingConsumerFlags(o).length > 0);
      // nothing to ask: bad flags are usage errors before connecting; with questions, the flags given are checked first
      const ready = asks ? undefined : await configure();
      if (asks) applyConsumerFlags(file ?? defaultConsumerConfig(Boolean(o.target)), o, deps.now());
      if (o.validate || o.output) {
        const { cfg } = ready ?? (await configure());
        if (o.output) await writeFileAtomic(path.resolve(deps.cwd, o.output), `${JSON.stringify(cfg, null, 2)}\n`, 0o644);
        else { printJson(deps.io, cfg); deps.io.out.write("Configuration is a valid Consumer\n"); }
        return;
      }
      await withConnection(deps, c, async (nc, ctx) => {
        // the stream comes first (natscli picks it when connecting), then the questions about the consumer
        const jsm = await manager(nc, ctx);
        const s = await pickStream(deps, jsm, stream, allFlag(c));
        const { consumerName, cfg } = ready ?? (await configure());
        await consumerAdd(deps, nc, ctx, s, consumerName, cfg, o);
      });
    });
  return cmd;
}

/** Creates consumer `consumerName` (or an ephemeral one) on the stream, refusing to overwrite one, and shows it. */
export async function consumerAdd(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, consumerName: string | undefined, cfg: AnyConsumerConfig, o: ConsumerAddOptions): Promise<void> {
  gateConsumerConfig(nc, cfg);
  const jsm = await manager(nc, ctx);
  const s = await pickStream(deps, jsm, stream, Boolean(o.all));
  if (consumerName) {
    // 2.9 would treat this as an update and fail with an unrelated message ("max waiting can not be updated")
    const exists = await jsm.consumers.info(s, consumerName).then(() => true, (e: Error) => { if (e.name === "ConsumerNotFoundError") return false; throw e; });
    if (exists) throw new CliError(`consumer ${s} > ${consumerName} already exists`, { exitCode: ExitCode.CONFLICT, hint: "change it with `nats consumer edit`, or pick another name" });
  }
  const ci = await withSpinner(deps.io, `Creating consumer ${s} > ${consumerName ?? "(ephemeral)"}`, jsm.consumers.add(s, cfg as Partial<ConsumerConfig>), { enabled: !o.json });
  if (o.json) return printJson(deps.io, ci);
  deps.io.out.write(renderConsumerInfo(ci, deps.now()));
  deps.io.out.write("\n");
}
