import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";

/** Streams natscli hides unless --all: KV buckets, object stores and MQTT state. */
export function isInternalStream(name: string): boolean {
  return name.startsWith("KV_") || name.startsWith("OBJ_") || name.startsWith("$MQTT_");
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
