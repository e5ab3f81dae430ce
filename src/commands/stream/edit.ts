import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { StreamConfig } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyStreamFlags, gateStreamConfig, readStreamConfigFile, type AnyStreamConfig, type StreamFlagValues } from "../../jetstream/stream-config.js";
import { confirmConfigEdit } from "../shared/config-edit.js";
import { addStreamFlags } from "./shared.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { withRemovedKeys } from "../../jetstream/wire.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { requireServer } from "../../jetstream/version.js";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type StreamEditOptions = StreamFlagValues & { force?: boolean; dryRun?: boolean; json?: boolean; all?: boolean };

/** `stream edit [NAME]`: applies flags or --config to a stream, shows the diff, confirms, updates. */
export function streamEditCommand(deps: Deps): Command {
  const cmd = new Command("edit").aliases(["update"]).description("Edits an existing stream").argument("[stream]", "Stream to edit");
  addStreamFlags(cmd, "edit")
    .option("--config <file>", "JSON file to read the new configuration from")
    .option("-f, --force", "Force edit without prompting")
    .option("--dry-run", "Only show what would be changed; exits 1 when there are differences")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream edit ORDERS --description 'Orders, kept a week' --max-age 7d", "nats stream edit ORDERS --replicas 3 -f", "nats stream edit ORDERS --subjects 'orders.>,returns.>' --dry-run"))
    .action(async (name: string | undefined, o: StreamEditOptions, c: Command) => {
      if ((typeof o.mirror === "string") || o.source?.length) throw usageError("cannot edit mirrors, or sources using the CLI, use --config instead");
      await withConnection(deps, c, (nc, ctx) => streamEdit(deps, nc, ctx, name, { ...o, all: allFlag(c) }));
    });
  return cmd;
}

/** Applies the flags or --config to the stream, shows the difference, and updates it once confirmed. */
export async function streamEdit(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, o: StreamEditOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const si = await jsm.streams.info(stream);
  const old = si.config as AnyStreamConfig;
  let next: AnyStreamConfig = { ...old };
  if (o.config) {
    next = await readStreamConfigFile(path.resolve(deps.cwd, o.config));
    if (next.name && next.name !== stream) throw usageError(`the config file is for stream "${next.name}", not "${stream}"`);
    next.name = stream;
  }
  next = applyStreamFlags(next, o);
  if (o.mirror === false) {
    if (!old.mirror) throw usageError(`stream ${stream} is not a mirror`);
    // older servers refuse any change to a mirror's configuration (error 10055)
    requireServer(nc, "2.12.0", "promoting a mirror with --no-mirror");
    delete next.mirror;
  }
  if (!(await confirmConfigEdit(deps, old, next, "StreamConfig", `Really edit Stream ${stream}`, o))) return;
  gateStreamConfig(nc, next);
  const { name: _n, ...update } = withRemovedKeys(old, next);
  const res = await withSpinner(deps.io, `Updating stream ${stream}`, jsm.streams.update(stream, update as Partial<StreamConfig>), { enabled: !o.json });
  if (o.json) return printJson(deps.io, res);
  deps.io.out.write(`Stream ${stream} was updated\n\n`);
  deps.io.out.write(renderStreamInfo(res, deps.now()));
  deps.io.out.write("\n");
}
