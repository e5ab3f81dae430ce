import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { confirmDestructive } from "../../output/prompt.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export interface StreamSealOptions { force?: boolean; json?: boolean; all?: boolean }

/** `stream seal [NAME]`: makes a stream read-only, irreversibly. */
export function streamSealCommand(deps: Deps): Command {
  return new Command("seal").description("Seals a stream preventing any further modification").argument("[stream]", "Stream name")
    .option("-f, --force", "Force sealing without prompting")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream seal ORDERS", "nats stream seal ORDERS -f   # read only from now on, without asking"))
    .action(async (name: string | undefined, o: StreamSealOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamSeal(deps, nc, ctx, name, { ...o, all: allFlag(c) }));
    });
}

/** Seals the stream once confirmed and shows its info; undefined when the user declined. */
export async function streamSeal(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, o: StreamSealOptions): Promise<StreamInfo | undefined> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  await jsm.streams.info(stream);
  if (!(await confirmDestructive(deps.io, o.force, `Really seal Stream ${stream}, sealed streams can not be unsealed or modified`))) return undefined;
  const si = await withSpinner(deps.io, `Sealing stream ${stream}`, jsm.streams.update(stream, { sealed: true } as never), { enabled: !o.json });
  if (o.json) printJson(deps.io, si);
  else deps.io.out.write(`${renderStreamInfo(si, deps.now())}\n`);
  return si;
}
