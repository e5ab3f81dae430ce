import type { Command } from "commander";
import { jetstreamManager, type JetStreamManager, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import type { ConnCtx } from "../../context/connect.js";
import { managerOptions, pickName } from "../../jetstream/util.js";
import { usageError } from "../../errors.js";
import { unknownCommand } from "../../util/suggest.js";

/** Streams natscli hides unless --all: KV buckets, object stores and MQTT state. */
export function isInternalStream(name: string): boolean {
  return name.startsWith("KV_") || name.startsWith("OBJ_") || name.startsWith("$MQTT_");
}

/**
 * The JetStream manager with the connection's domain/prefix/timeout. Without the client's
 * `checkAPI` probe ($JS.API.INFO): the command's own first request answers the same
 * "is JetStream enabled?" question (no responders or error 10039) without an extra round trip.
 */
export function manager(nc: NatsConnection, ctx: ConnCtx): Promise<JetStreamManager> {
  return jetstreamManager(nc, managerOptions(ctx.js));
}

/** Every stream's info, paging through the list API; internal streams only with `all`. */
export async function listStreams(jsm: JetStreamManager, all: boolean, subject?: string): Promise<StreamInfo[]> {
  const out: StreamInfo[] = [];
  for await (const si of jsm.streams.list(subject)) if (all || !isInternalStream(si.config.name)) out.push(si);
  return out;
}

/** Every stream name, paging through the names API. */
export async function streamNames(jsm: JetStreamManager, all: boolean, subject?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const n of jsm.streams.names(subject)) if (all || !isInternalStream(n)) out.push(n);
  return out;
}

/** The stream argument, or a picker on a TTY; a usage error without one. */
export function pickStream(deps: Deps, jsm: JetStreamManager, given: string | undefined, all: boolean): Promise<string> {
  return pickName(deps, given, "stream", () => streamNames(jsm, all));
}

/** The parent's --all flag (include internal streams). */
export function allFlag(cmd: Command): boolean {
  return Boolean((cmd.optsWithGlobals() as { all?: boolean }).all);
}

/** natscli fails a bare group command (`nats stream`) with the list of sub-commands instead of exiting 0. */
export function requireSubcommand(cmd: Command, deps: Deps): Command {
  return cmd.allowExcessArguments().action((_o: unknown, c: Command) => {
    const first = c.args[0];
    if (first) {
      const u = unknownCommand(cmd, first);
      throw usageError(u.message, u.hint);
    }
    deps.io.err.write(cmd.helpInformation());
    throw usageError(`a subcommand from the list above is required: ${cmd.commands.map((s) => s.name()).join(", ")}`);
  });
}
