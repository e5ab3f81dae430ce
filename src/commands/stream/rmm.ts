import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { canPrompt, confirmDestructive } from "../../output/prompt.js";
import { parseIntFlag } from "../../util/flags.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { examplesText } from "../shared/examples.js";

export interface StreamRmmOptions { force?: boolean; all?: boolean }

/** `stream rmm [NAME] [SEQ]`: securely erases one message. */
export function streamRmmCommand(deps: Deps): Command {
  return new Command("rmm").description("Securely removes an individual message from a Stream").argument("[stream]", "Stream name").argument("[seq]", "Message Sequence to remove")
    .option("-f, --force", "Force removal without prompting")
    .addHelpText("after", examplesText("nats stream rmm ORDERS 12345", "nats stream rmm ORDERS 12345 -f"))
    .action(async (name: string | undefined, seqArg: string | undefined, o: StreamRmmOptions, c: Command) => {
      if (seqArg === undefined && !canPrompt(deps.io)) throw usageError("a message sequence is required", "nats stream rmm STREAM SEQ -f");
      await withConnection(deps, c, (nc, ctx) => streamRmm(deps, nc, ctx, name, seqArg, { ...o, all: allFlag(c) }));
    });
}

/** Erases message SEQ (overwriting it on disk) once confirmed; false when the user declined. */
export async function streamRmm(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, seqArg: string | undefined, o: StreamRmmOptions): Promise<boolean> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  if (seqArg === undefined) throw usageError("a message sequence is required");
  const seq = parseIntFlag(seqArg, "sequence", { min: 1 });
  if (!(await confirmDestructive(deps.io, o.force, `Really remove message ${seq} from Stream ${stream}`))) return false;
  return jsm.streams.deleteMessage(stream, seq, true);
}
