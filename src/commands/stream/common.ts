import type { Command } from "commander";
import { jetstreamManager, type JetStreamManager, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import type { ConnCtx } from "../../context/connect.js";
import { cleanJs, pickName } from "../../jetstream/util.js";

/** Streams natscli hides unless --all: KV buckets, object stores and MQTT state. */
export function isInternalStream(name: string): boolean {
  return name.startsWith("KV_") || name.startsWith("OBJ_") || name.startsWith("$MQTT_");
}

/** The JetStream manager with the connection's domain/prefix/timeout. */
export function manager(nc: NatsConnection, ctx: ConnCtx): Promise<JetStreamManager> {
  return jetstreamManager(nc, cleanJs(ctx.js));
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
