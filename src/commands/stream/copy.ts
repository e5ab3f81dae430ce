import { Command } from "commander";
import type { StreamConfig, StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyStreamFlags, gateStreamConfig, type AnyStreamConfig, type StreamFlagValues } from "../../jetstream/stream-config.js";
import { addStreamFlags } from "./shared.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { dropServerMetadata } from "../../jetstream/metadata.js";
import { manager } from "../../jetstream/manager.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type StreamCopyOptions = StreamFlagValues & { json?: boolean };

/** `stream copy SRC DEST`: a new stream from SRC's configuration (no data); flags override. */
export function streamCopyCommand(deps: Deps): Command {
  const cmd = new Command("copy").aliases(["cp"]).description("Creates a new Stream based on the configuration of another, does not copy data")
    .argument("<source>", "Source Stream to copy").argument("<destination>", "New Stream to create");
  addStreamFlags(cmd, "add").option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream copy ORDERS ARCHIVE --description 'Orders archive' --subjects 'archive.orders.>'", "nats stream cp ORDERS ORDERS_R3 --replicas 3"))
    .action(async (src: string, dest: string, o: StreamCopyOptions, c: Command) => {
      if (src === dest) throw usageError("source and destination Stream names cannot be the same");
      await withConnection(deps, c, (nc, ctx) => streamCopy(deps, nc, ctx, src, dest, o));
    });
  return cmd;
}

/** Creates `dest` with `src`'s configuration and the flags over it, and shows it. */
export async function streamCopy(deps: Deps, nc: NatsConnection, ctx: ConnCtx, src: string, dest: string, o: StreamCopyOptions): Promise<StreamInfo> {
  const jsm = await manager(nc, ctx);
  const si = await jsm.streams.info(src);
  const base: AnyStreamConfig = { ...(si.config as AnyStreamConfig), name: dest };
  // natscli drops server-managed metadata; keeping the source's subjects would overlap, so the user must give new ones
  dropServerMetadata(base);
  const cfg = applyStreamFlags(base, o);
  gateStreamConfig(nc, cfg);
  const res = await withSpinner(deps.io, `Creating stream ${dest}`, jsm.streams.add(cfg as StreamConfig), { enabled: !o.json });
  if (o.json) printJson(deps.io, res);
  else deps.io.out.write(`Stream ${dest} was created\n\n${renderStreamInfo(res, deps.now())}\n`);
  return res;
}
