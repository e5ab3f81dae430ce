import { Command } from "commander";
import type { StreamConfig } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyStreamFlags, gateStreamConfig, type AnyStreamConfig, type StreamFlagValues } from "../../jetstream/stream-config.js";
import { addStreamFlags } from "./shared.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { dropServerMetadata } from "../../jetstream/metadata.js";
import { manager } from "../../jetstream/manager.js";

/** `stream copy SRC DEST`: a new stream from SRC's configuration (no data); flags override. */
export function copyCommand(deps: Deps): Command {
  const cmd = new Command("copy").aliases(["cp"]).description("Creates a new Stream based on the configuration of another, does not copy data")
    .argument("<source>", "Source Stream to copy").argument("<destination>", "New Stream to create");
  addStreamFlags(cmd, "add").option("-j, --json", "Produce JSON output")
    .action(async (src: string, dest: string, o: StreamFlagValues & { json?: boolean }, c: Command) => {
      if (src === dest) throw usageError("source and destination Stream names cannot be the same");
      await withConnection(deps, c, async (nc, ctx) => {
        const jsm = await manager(nc, ctx);
        const si = await jsm.streams.info(src);
        const base: AnyStreamConfig = { ...(si.config as AnyStreamConfig), name: dest };
        // natscli drops server-managed metadata; keeping the source's subjects would overlap, so the user must give new ones
        dropServerMetadata(base);
        const cfg = applyStreamFlags(base, o);
        gateStreamConfig(nc, cfg);
        const res = await jsm.streams.add(cfg as StreamConfig);
        if (o.json) return printJson(deps.io, res);
        deps.io.out.write(`Stream ${dest} was created\n\n`);
        deps.io.out.write(renderStreamInfo(res, deps.now()));
        deps.io.out.write("\n");
      });
    });
  return cmd;
}
