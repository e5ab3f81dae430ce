import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { confirmDestructive } from "../../output/prompt.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export interface StreamRmOptions { force?: boolean; all?: boolean }

/** `stream rm [NAME]`: deletes a stream and its data after confirmation (or -f). */
export function streamRmCommand(deps: Deps): Command {
  return new Command("rm").aliases(["delete", "del"]).description("Removes a Stream").argument("[stream]", "Stream name")
    .option("-f, --force", "Force removal without prompting")
    .addHelpText("after", examplesText("nats stream rm ORDERS", "nats stream rm ORDERS -f   # without asking"))
    .action(async (name: string | undefined, o: StreamRmOptions, c: Command) => {
      if (o.force && !name) throw usageError("--force requires a stream name");
      await withConnection(deps, c, (nc, ctx) => streamRm(deps, nc, ctx, name, { ...o, all: allFlag(c) }));
    });
}

/** Deletes the stream (picked on a terminal when not named) once confirmed; false when the user declined. */
export async function streamRm(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, o: StreamRmOptions): Promise<boolean> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  await jsm.streams.info(stream); // fail with "stream not found" before asking
  if (!(await confirmDestructive(deps.io, o.force, `Really delete Stream ${stream}`))) return false;
  return withSpinner(deps.io, `Deleting stream ${stream}`, jsm.streams.delete(stream));
}
