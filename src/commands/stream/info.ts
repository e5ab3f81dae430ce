import { Command } from "commander";
import type { StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { usageError } from "../../errors.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { examplesText } from "../shared/examples.js";

export interface StreamInfoOptions { json?: boolean; state?: boolean; select?: boolean; all?: boolean }

/** `stream info [NAME]` and `stream state [NAME]`: natscli's info screen, or the server's StreamInfo as JSON. */
export function streamInfoCommand(deps: Deps, state = false): Command {
  const cmd = new Command(state ? "state" : "info").description(state ? "Stream state" : "Stream information").argument("[stream]", "Stream to retrieve information for")
    .option("-j, --json", "Produce JSON output")
    .option("--no-select", "Do not select streams from a list");
  if (!state) cmd.aliases(["nfo", "i"]).option("--state", "Shows only the stream state");
  if (!state) cmd.addHelpText("after", examplesText("nats stream info ORDERS", "nats stream info ORDERS --json | jq .state.messages", "nats stream info            # pick a stream from a list"));
  if (state) cmd.addHelpText("after", examplesText("nats stream state ORDERS", "nats stream state ORDERS --json"));
  cmd.action(async (name: string | undefined, o: StreamInfoOptions, c: Command) => {
    if (!name && o.select === false) throw usageError("a stream name is required with --no-select");
    await withConnection(deps, c, (nc, ctx) => streamInfo(deps, nc, ctx, name, { ...o, state: state || o.state, all: allFlag(c) }));
  });
  return cmd;
}

/** Shows the stream's info screen (only its state with `state`), or its StreamInfo as JSON. */
export async function streamInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, o: StreamInfoOptions): Promise<StreamInfo> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const si = await jsm.streams.info(stream);
  if (o.json) printJson(deps.io, si);
  else deps.io.out.write(`${renderStreamInfo(si, deps.now(), { stateOnly: o.state })}\n`);
  return si;
}
