import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerConfig } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyConsumerFlags, gateConsumerConfig, readConsumerConfigFile, type AnyConsumerConfig, type ConsumerFlagValues } from "../../jetstream/consumer-config.js";
import { addConsumerFlags, pickConsumer } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { renderConsumerInfo } from "../../jetstream/consumer-info.js";
import { confirmConfigEdit } from "../shared/config-edit.js";
import { withRemovedKeys } from "../../jetstream/wire.js";
import { manager } from "../../jetstream/manager.js";
import { examplesText } from "../shared/examples.js";

export type ConsumerEditOptions = ConsumerFlagValues & { force?: boolean; dryRun?: boolean; json?: boolean; all?: boolean };

/** `consumer edit [STREAM] [NAME]`: changes the editable settings, shows the diff, confirms, updates. */
export function consumerEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"]).description("Edits the configuration of a consumer").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name");
  addConsumerFlags(cmd, "edit")
    .option("--config <file>", "JSON file to read the new configuration from")
    .option("-f, --force", "Force edit without prompting")
    .option("--dry-run", "Only show what would be changed; exits 1 when there are differences")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats consumer edit ORDERS NEW --description 'New orders' --max-deliver 10", "nats consumer edit ORDERS NEW --filter 'orders.new.>' --dry-run"))
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerEditOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerEdit(deps, nc, ctx, stream, name, { ...o, all: allFlag(c) }));
    });
  return cmd;
}

/** Applies the flags or --config to the consumer, shows the difference, and updates it once confirmed. */
export async function consumerEdit(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, o: ConsumerEditOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  const old = ci.config as AnyConsumerConfig;
  let next: AnyConsumerConfig = { ...old };
  if (o.config) {
    next = { ...(await readConsumerConfigFile(path.resolve(deps.cwd, o.config))) };
    const n = (next.durable_name ?? next.name) as string | undefined;
    if (n && n !== p.consumer) throw usageError(`the config file is for consumer "${n}", not "${p.consumer}"`);
    if (old.durable_name) next.durable_name = old.durable_name;
    if (old.name) next.name = old.name;
  }
  next = applyConsumerFlags(next, o, deps.now());
  if ((next.backoff as number[] | undefined)?.length && next.ack_wait !== old.ack_wait) throw usageError("consumers with backoff policies do not support editing Ack Wait");
  if (!(await confirmConfigEdit(deps, old, next, "ConsumerConfig", `Really edit Consumer ${p.stream} > ${p.consumer}`, o))) return;
  gateConsumerConfig(nc, next);
  // send only what changed, removals as undefined: the client merges it onto the current config
  const changed = withRemovedKeys(old, next) as Record<string, unknown>;
  const delta: Record<string, unknown> = {};
  for (const k of Object.keys(changed)) if (JSON.stringify(changed[k]) !== JSON.stringify(old[k])) delta[k] = changed[k];
  const res = await jsm.consumers.update(p.stream, p.consumer, delta as Partial<ConsumerConfig>);
  if (o.json) return printJson(deps.io, res);
  deps.io.out.write(renderConsumerInfo(res, deps.now()));
  deps.io.out.write("\n");
}
