import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { CliError } from "../../errors.js";
import { confirmDestructive, pickName } from "../../output/prompt.js";
import { requireServer } from "../../jetstream/version.js";
import { manager } from "../../jetstream/manager.js";
import { allFlag } from "../shared/pick.js";
import { pickConsumer } from "./shared.js";

export interface ConsumerUnpinOptions { force?: boolean; all?: boolean }

/** `consumer unpin [STREAM] [CONSUMER] [GROUP]`: releases a Priority Group's pinned client (NATS Server 2.11+). */
export function consumerUnpinCommand(deps: Deps): Command {
  return new Command("unpin").description("Unpin the current Pinned Client from a Priority Group (NATS Server 2.11+)")
    .argument("[stream]", "Stream name").argument("[consumer]", "Consumer name").argument("[group]", "The group to unpin")
    .option("-f, --force", "Force unpin without prompting")
    .addHelpText("after", "\nExamples:\n  nats consumer unpin ORDERS WORKER jobs -f\n")
    .action(async (stream: string | undefined, name: string | undefined, group: string | undefined, o: ConsumerUnpinOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => consumerUnpin(deps, nc, ctx, stream, name, group, { ...o, all: allFlag(c) }));
    });
}

/** Unpins the client pinned in `group` once confirmed; returns its id, or undefined when declined. */
export async function consumerUnpin(deps: Deps, nc: NatsConnection, ctx: ConnCtx, stream: string | undefined, name: string | undefined, group: string | undefined, o: ConsumerUnpinOptions): Promise<string | undefined> {
  // priority groups came with 2.11: an older server has no pinned clients and no unpin API to answer
  requireServer(nc, "2.11.0", "unpinning a consumer");
  const jsm = await manager(nc, ctx);
  const p = await pickConsumer(deps, jsm, Boolean(o.all), stream, name);
  const ci = await jsm.consumers.info(p.stream, p.consumer);
  if ((ci.config as { priority_policy?: string }).priority_policy !== "pinned_client") throw new CliError("consumer is not a pinned priority consumer");
  const states = (ci as { priority_groups?: { group: string; pinned_client_id?: string }[] }).priority_groups ?? [];
  const pinned = new Map(states.filter((g) => g.pinned_client_id).map((g) => [g.group, g.pinned_client_id!]));
  if (!pinned.size) throw new CliError("no priority groups have pinned clients");
  const g = await pickName(deps.io, group, "group", async () => [...pinned.keys()]);
  const id = pinned.get(g);
  if (!id) throw new CliError(`priority group "${g}" has no pinned client`, { hint: `pinned groups: ${[...pinned.keys()].join(", ")}` });
  if (!(await confirmDestructive(deps.io, o.force, `Really unpin client from group ${p.stream} > ${p.consumer} > ${g}`))) return undefined;
  await jsm.consumers.unpin(p.stream, p.consumer, g);
  deps.io.out.write(`Unpinned client ${id} from Priority Group ${p.stream} > ${p.consumer} > ${g}\n`);
  return id;
}
