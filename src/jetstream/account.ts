import type { NatsConnection } from "@nats-io/transport-node";
import type { JetStreamAccountStats } from "@nats-io/jetstream";
import type { JsOptions } from "../context/plan.js";
import { explain } from "../errors.js";
import { managerOptions } from "./manager.js";
import type { Columns } from "../output/columns.js";
import { commas, humanBytes } from "../output/format.js";

/** The account's JetStream view: usage and limits when enabled, or why not. */
export interface AccountJetStream {
  enabled: boolean;
  /** Why JetStream is not usable by this account (when enabled is false). */
  reason?: string;
  info?: JetStreamAccountStats;
}

/** Asks $JS.API.INFO for the account's usage and limits; never throws (a failure becomes `reason`). */
export async function fetchAccountJetStream(nc: NatsConnection, js: JsOptions): Promise<AccountJetStream> {
  if (!nc.info?.jetstream && !js.domain && !js.apiPrefix) {
    return { enabled: false, reason: "the connected server does not have JetStream enabled" };
  }
  try {
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const jsm = await jetstreamManager(nc, managerOptions(js));
    return { enabled: true, info: await jsm.getAccountInfo() };
  } catch (e) {
    const name = (e as Error).name;
    if (name === "JetStreamNotEnabled" || name === "JetStreamNotEnabledError") return { enabled: false, reason: "JetStream is not enabled for this account" };
    const msg = (e as Error).message ?? "";
    if (/503|no responders/i.test(msg)) return { enabled: false, reason: "JetStream is not enabled for this account (no responders on $JS.API.INFO)" };
    return { enabled: false, reason: explain(e).message };
  }
}

/** "used of limit" with -1/0 limits shown as unlimited, natscli style. */
export function usedOf(used: number, limit: number | undefined, bytes: boolean): string {
  const f = (n: number) => (bytes ? humanBytes(n) : commas(n));
  const lim = limit === undefined || limit < 0 || (bytes && limit === 0) ? "unlimited" : f(limit);
  return `${f(used)} of ${lim}`;
}

/** Adds the JetStream usage/limits rows shared by `account info` and `server status`. */
export function addJetStreamRows(c: Columns, a: AccountJetStream): void {
  if (!a.enabled || !a.info) {
    c.row("JetStream", `not available: ${a.reason ?? "unknown reason"}`);
    return;
  }
  const i = a.info;
  c.row("JetStream", "enabled");
  c.rowIf(i.domain, "Domain", i.domain);
  c.row("Memory", usedOf(i.memory, i.limits?.max_memory, true));
  c.row("Storage", usedOf(i.storage, i.limits?.max_storage, true));
  c.row("Streams", usedOf(i.streams, i.limits?.max_streams, false));
  c.row("Consumers", usedOf(i.consumers, i.limits?.max_consumers, false));
  c.row("API Requests", `${commas(i.api?.total ?? 0)} (${commas(i.api?.errors ?? 0)} errors)`);
}
