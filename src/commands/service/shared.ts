import type { NatsConnection } from "@nats-io/transport-node";
import { CliError, ExitCode } from "../../errors.js";
import { deadlineIn, gather } from "../../sys/gather.js";

/** A service instance's identity, as every $SRV reply carries it. */
export interface ServiceIdentity { name: string; id: string; version: string; metadata?: Record<string, string> }
export interface ServiceEndpointInfo { name: string; subject: string; queue_group?: string; metadata?: Record<string, string> }
export interface ServiceInfo extends ServiceIdentity { type: string; description?: string; endpoints: ServiceEndpointInfo[] }
export interface ServiceEndpointStats { name: string; subject: string; queue_group?: string; num_requests: number; num_errors: number; last_error?: string; processing_time: number; average_processing_time: number; data?: unknown }
export interface ServiceStats extends ServiceIdentity { type: string; started: string; endpoints: ServiceEndpointStats[] }

export type MicroVerb = "PING" | "INFO" | "STATS";

/**
 * Asks `$SRV.<VERB>[.<name>[.<id>]]` and collects the replies until they stall (300 ms after the last)
 * or --timeout. A thin wrapper over our scatter/gather instead of @nats-io/services' client, which
 * carries its own nats-core copy (natsjs.md §0, §6). Malformed replies are skipped; no services is an empty list.
 */
export async function microQuery<T extends ServiceIdentity>(nc: NatsConnection, verb: MicroVerb, timeoutMs: number, name?: string, id?: string): Promise<{ replies: T[]; rtts: number[] }> {
  const subject = ["$SRV", verb, name, name ? id : undefined].filter(Boolean).join(".");
  const r = await gather<T>(nc, subject, { deadline: deadlineIn(timeoutMs), stallMs: 300, expect: () => (id ? 1 : undefined) });
  const want = `io.nats.micro.v1.${verb.toLowerCase()}_response`;
  const ok = r.replies.filter((x) => (x.data as unknown as { type?: string }).type === want && typeof x.data.name === "string" && typeof x.data.id === "string");
  const sorted = ok.sort((a, b) => a.data.name.localeCompare(b.data.name) || a.data.id.localeCompare(b.data.id));
  return { replies: sorted.map((x) => x.data), rtts: sorted.map((x) => x.rttMs) };
}

/** The error for a named service that nothing answered for. */
export function noInstances(name: string, id?: string): CliError {
  return new CliError(`no service instances found for "${name}"${id ? ` with ID ${id}` : ""}`, { exitCode: ExitCode.NOT_FOUND, hint: "list the running services with `nats service ls`" });
}
