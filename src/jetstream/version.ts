import type { NatsConnection } from "@nats-io/transport-node";
import { CliError, ExitCode } from "../errors.js";

/** Compares two dotted versions ("2.9.10" vs "2.11.0"): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.replace(/^v/, "").split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

/** The version the connected server reported in INFO. */
export function serverVersion(nc: NatsConnection): string {
  return (nc.info?.version as string | undefined) ?? "0.0.0";
}

/** true when the connected server is at least `v`. */
export function serverIsAtLeast(nc: NatsConnection, v: string): boolean {
  return compareVersions(serverVersion(nc), v) >= 0;
}

/**
 * Fails fast when the server is older than a feature needs: older servers ignore the unknown API
 * and the request would only time out after the full JetStream timeout (natsjs.md §4.3, §8.8).
 */
export function requireServer(nc: NatsConnection, v: string, feature: string): void {
  if (!serverIsAtLeast(nc, v)) {
    throw new CliError(`${feature} requires NATS Server ${v} or newer, the server is ${serverVersion(nc)}`, { exitCode: ExitCode.FAILURE, hint: "upgrade the server" });
  }
}
