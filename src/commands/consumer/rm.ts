import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { confirmDestructive } from "../../output/prompt.js";
import { manager } from "../../jetstream/manager.js";
import { pickConsumer } from "./shared.js";
import { allFlag } from "../shared/pick.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export interface ConsumerRmOptions { force?: boolean; all?: boolean }

/** `consumer rm [STREAM] [NAME]`: deletes a consumer after confirmation (or -f). */
export function consumerRmCommand(deps: Deps): Command {
  return new Command("rm").aliases(["delete", "del"]).description("Removes a Consumer").argument("[stream]", "Stream name").argument("[consumer]", "Consumer name")
    .option("-f, --force", "Force removal without prompting")
    .addHelpText("after", examplesText("nats consumer rm ORDERS NEW", "nats consumer rm ORDERS NEW -f   # without asking"))
    .action(async (stream: string | undefined, name: string | undefined, o: ConsumerRmOptions, c: Command) => {
      if (o.force && (!stream || !name)) throw usageError("--force requires a stream and consumer name");
      await withConnection(deps, c, (nc, ctx) => consumerRm(deps, nc, ctx, stream, name, { ...o, all: allFlag(c) }));
    });
}

/** Deletes the consumer once confirmed. */
export async function consumerRm(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, o: ConsumerRmOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  await jsm.consumers.info(p.stream, p.consumer);
  if (!(await confirmDestructive(deps.io, o.force, `Really delete Consumer ${p.stream} > ${p.consumer}`))) return;
  await withSpinner(deps.io, `Deleting consumer ${p.stream} > ${p.consumer}`, jsm.consumers.delete(p.stream, p.consumer));
}
