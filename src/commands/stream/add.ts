import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { writeFileAtomic } from "../../context/store.js";
import { ExitStatus, usageError } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { applyStreamFlags, defaultStreamConfig, gateStreamConfig, readStreamConfigFile, validateStreamConfig, type AnyStreamConfig, type StreamFlagValues } from "../../jetstream/stream-config.js";
import { addStreamFlags, fillMissingStreamFlags } from "./shared.js";
import { renderStreamInfo } from "../../jetstream/stream-info.js";
import { ask, canPrompt, valid } from "../../output/prompt.js";
import { dropServerMetadata } from "../../jetstream/metadata.js";
import { manager } from "../../jetstream/manager.js";
import type { StreamConfig } from "@nats-io/jetstream";
import { withSpinner } from "../../output/spinner.js";
import { examplesText } from "../shared/examples.js";

export type StreamAddOptions = StreamFlagValues & { json?: boolean; validate?: boolean; output?: string };

/** Builds the config `stream add` would create from NAME, --config, --defaults and the flags. */
export async function buildAddConfig(deps: Deps, name: string | undefined, o: StreamAddOptions): Promise<AnyStreamConfig> {
  let base: AnyStreamConfig;
  if (o.config) {
    base = await readStreamConfigFile(path.resolve(deps.cwd, o.config));
    if (name) base.name = name;
    // server-managed metadata (_nats.*, 2.11+) from a `stream info --json` file is not ours to set
    dropServerMetadata(base);
  } else {
    let n = name;
    if (!n) {
      if (!canPrompt(deps.io)) throw usageError("a stream name is required", "pass it as the first argument: nats stream add NAME");
      n = await ask(deps.io, "Stream Name", { validate: valid.name("stream") });
    }
    base = defaultStreamConfig(n);
    if (!o.defaults) await fillMissingStreamFlags(deps, o, Boolean(o.mirror || o.source?.length));
  }
  return applyStreamFlags(base, o);
}

/** `stream add [NAME]`: creates a stream from flags or a --config file (natscli.md §8.1, §8.2). */
export function streamAddCommand(deps: Deps): Command {
  const cmd = new Command("add").aliases(["create", "new"]).description("Create a new Stream").argument("[stream]", "Stream name");
  addStreamFlags(cmd, "add")
    .option("--config <file>", "JSON file to read configuration from (a StreamConfig or `stream info --json` output)")
    .option("--validate", "Only validate the configuration against the official Schema")
    .option("--output <file>", "Save configuration instead of creating")
    .option("--defaults", "Accept default values for all prompts")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", examplesText("nats stream add ORDERS --subjects 'orders.>' --storage file --retention limits --max-age 7d --defaults", "nats stream add ORDERS --config orders.json", "nats stream add                # asks for each setting"))
    .action(async (name: string | undefined, o: StreamAddOptions, c: Command) => {
      const cfg = await buildAddConfig(deps, name, o);
      const problems = validateStreamConfig(cfg);
      if (o.validate) {
        printJson(deps.io, cfg);
        if (problems.length) {
          deps.io.out.write(`Validation Failed: ${problems.join("; ")}\n`);
          throw new ExitStatus(1);
        }
        deps.io.out.write("Configuration is a valid Stream matching io.nats.jetstream.api.v1.stream_configuration\n");
        return;
      }
      if (problems.length) throw usageError(`invalid stream configuration: ${problems.join("; ")}`);
      if (o.output) {
        await writeFileAtomic(path.resolve(deps.cwd, o.output), `${JSON.stringify(cfg, null, 2)}\n`, 0o644);
        return;
      }
      await withConnection(deps, c, (nc, ctx) => streamAdd(deps, nc, ctx, cfg, o));
    });
  return cmd;
}

/** Creates the stream `cfg` describes (gated by the server's version) and shows it. */
export async function streamAdd(deps: Deps, nc: NatsConnection, ctx: ConnCtx, cfg: AnyStreamConfig, o: StreamAddOptions): Promise<void> {
  gateStreamConfig(nc, cfg);
  const jsm = await manager(nc, ctx);
  const si = await withSpinner(deps.io, `Creating stream ${cfg.name}`, jsm.streams.add(cfg as StreamConfig), { enabled: !o.json }).catch((e: unknown) => { throw wrapCreate(e); });
  if (o.json) return printJson(deps.io, si);
  deps.io.out.write(`Stream ${si.config.name} was created\n\n`);
  deps.io.out.write(renderStreamInfo(si, deps.now()));
  deps.io.out.write("\n");
}

function wrapCreate(e: unknown): unknown {
  if ((e as Error)?.name === "InvalidNameError") return usageError(`invalid stream name: ${(e as Error).message}`, "stream names may not contain . * > / \\ or whitespace");
  return e;
}

