import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { usageError } from "../../errors.js";
import { renderConsumerInfo } from "../../jetstream/consumer-info.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { examplesText } from "../shared/examples.js";

export interface ConsumerInfoOptions { json?: boolean; select?: boolean; state?: boolean; all?: boolean }

/** `consumer info [STREAM] [NAME]` / `consumer state`: natscli's consumer screen or the server's ConsumerInfo. */
export function consumerInfoCommand(deps: Deps, state = false): Command {
  const cmd = new Command(state ? "state" : "info").description(state ? "Consumer state" : "Consumer information").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("-j, --json", "Produce JSON output")
    .option("--no-select", "Do not select consumers from a list");
  if (!state) cmd.aliases(["nfo"]);
  if (!state) cmd.addHelpText("after", examplesText("nats consumer info ORDERS NEW", "nats consumer info ORDERS NEW --json | jq .num_pending", "nats consumer info ORDERS     # pick a consumer from a list"));
  if (state) cmd.addHelpText("after", examplesText("nats consumer state ORDERS NEW", "nats consumer state ORDERS NEW --json"));
  cmd.action(async (stream: string | undefined, name: string | undefined, o: ConsumerInfoOptions, c: Command) => {
    if ((!stream || !name) && o.select === false) throw usageError("a stream and consumer name are required with --no-select");
    await withConnection(deps, c, (nc, ctx) => consumerInfo(deps, nc, ctx, stream, name, { ...o, state, all: allFlag(c) }));
  });
  return cmd;
}

/** Shows the consumer's info screen (only its state with `state`), or its ConsumerInfo as JSON. */
export async function consumerInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, o: ConsumerInfoOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  if (o.json) return printJson(deps.io, ci);
  deps.io.out.write(renderConsumerInfo(ci, deps.now(), { stateOnly: o.state }));
  deps.io.out.write("\n");
}
