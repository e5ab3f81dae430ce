import type { ConsumerInfo, JetStreamManager } from "@nats-io/jetstream";
import type { Deps } from "../../deps.js";
import { pickName } from "../../jetstream/util.js";
import { allFlag, pickStream } from "../stream/common.js";
import type { Command } from "commander";

/**
 * Every consumer of a stream, sorted by name. A missing stream is a not-found error: the server
 * answers the list request itself with 10059, so no stream info is asked for first.
 */
export async function listConsumers(jsm: JetStreamManager, stream: string): Promise<ConsumerInfo[]> {
  const list: ConsumerInfo[] = [];
  for await (const ci of jsm.consumers.list(stream)) list.push(ci);
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every consumer name of a stream. */
export async function consumerNames(jsm: JetStreamManager, stream: string): Promise<string[]> {
  const out: string[] = [];
  for await (const ci of jsm.consumers.list(stream)) out.push(ci.name);
  return out;
}

/** Stream and consumer from the arguments, or picked on a TTY; usage errors without one. */
export async function pickConsumer(deps: Deps, jsm: JetStreamManager, cmd: Command, stream: string | undefined, name: string | undefined): Promise<{ stream: string; consumer: string }> {
  const s = await pickStream(deps, jsm, stream, allFlag(cmd));
  if (!name) await jsm.streams.info(s); // a wrong stream reads "stream not found", not "no consumers"
  const c = await pickName(deps, name, "consumer", () => consumerNames(jsm, s));
  return { stream: s, consumer: c };
}
