import { canPrompt, confirmDestructive, pickName as promptPickName, readLine as promptLine } from "../output/prompt.js";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import type { JsOptions } from "../context/plan.js";
import { CliError, ExitCode, usageError } from "../errors.js";

/** Nanoseconds in a millisecond: JetStream configs carry durations as integer nanoseconds. */
export const NS_PER_MS = 1_000_000;

/** Milliseconds → the integer nanoseconds the JetStream API expects. */
export function toNanos(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}

/** Nanoseconds from the API → milliseconds. */
export function fromNanos(ns: number | undefined): number {
  return (ns ?? 0) / NS_PER_MS;
}

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

/** Interactive prompts need a terminal on both stdin and stdout (natscli's rule). */
export function isInteractive(deps: Deps): boolean {
  return canPrompt(deps.io);
}

/** Asks a question on stdout and reads one line from stdin (only called on a TTY). */
export function readLine(deps: Deps, question: string): Promise<string> {
  return promptLine(deps.io, question);
}

/** Asks "Really …?" on a TTY unless `force`; without a TTY and without `-f` it is a usage error. */
export function confirm(deps: Deps, question: string, force: boolean | undefined): Promise<boolean> {
  return confirmDestructive(deps.io, force, question);
}

/** Returns the given name, or on a TTY lets the user pick one; without a TTY a missing name is a usage error. */
export function pickName(deps: Deps, given: string | undefined, kind: string, choices: () => Promise<string[]>): Promise<string> {
  return promptPickName(deps.io, given, kind, choices);
}

/** Local time as natscli prints it: 2006-01-02 15:04:05. */
export function localTime(t: Date | string | number): string {
  const d = t instanceof Date ? t : new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Splits repeatable list flags that may also hold comma or space separated values. */
export function splitList(values: string[] | string | undefined): string[] {
  const arr = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return arr.flatMap((v) => v.split(/[,\s]+/)).map((s) => s.trim()).filter(Boolean);
}

// flag helpers every command uses, kept in util/flags.ts so core commands need not load this module
export { collect, parseIntFlag } from "../util/flags.js";

/** Parses K:V or K=V metadata pairs. */
export function parseMetadata(pairs: string[] | undefined, flag = "--metadata"): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^([^:=]+)[:=](.*)$/.exec(p);
    if (!m) throw usageError(`invalid ${flag} "${p}": expected KEY:VALUE`);
    if (m[1]!.startsWith("_nats")) continue;
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Metadata without the server-managed `_nats.*` keys (2.11+); undefined when nothing else is left. */
export function userMetadata(md: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(md ?? {}).filter(([k]) => !k.startsWith("_nats"));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Strips server-managed metadata from a config about to be sent back: it is not the client's to set. */
export function dropServerMetadata(c: { metadata?: Record<string, string> }): void {
  const md = userMetadata(c.metadata);
  if (md) c.metadata = md;
  else delete c.metadata;
}

/**
 * `next` with every key of `old` that it lacks set to undefined. The client's streams.update and consumers.update
 * merge what they are given onto the current config, so a setting an edit removed (--no-republish, --backoff
 * none, a key left out of --config) stays unless it is named; an undefined value names it, and JSON leaves it out.
 */
export function withRemovedKeys<T extends object>(old: T, next: T): T {
  const removed = Object.fromEntries(Object.keys(old).filter((k) => !(k in next)).map((k) => [k, undefined]));
  return { ...removed, ...next } as T;
}

/**
 * Options for jetstreamManager (and jetstream()): a fresh copy of the connection's domain/prefix/timeout (the client
 * changes what it is given), without the client's `checkAPI` probe ($JS.API.INFO): the command's own first
 * request answers "is JetStream enabled?" the same way (no responders or error 10039), one round trip sooner.
 */
export function managerOptions(js: JsOptions): JsOptions & { checkAPI: false } {
  return { ...cleanJs(js), checkAPI: false };
}

/** JetStream options without undefined keys: the client rejects `apiPrefix: undefined` ("'prefix' cannot be empty"). */
export function cleanJs<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
}

/** `last_active` of a consumer's delivered/ack_floor: an RFC3339 string on the wire (typed as a number by the client). */
export function lastActiveMs(seq: unknown): number | undefined {
  const v = (seq as { last_active?: unknown } | undefined)?.last_active;
  if (typeof v === "string" && !v.startsWith("0001")) return Date.parse(v);
  return undefined;
}

/** true for the library's "stream not found" error (by name and code: duplicate package copies break instanceof). */
export function isStreamNotFound(e: unknown): boolean {
  const x = e as { name?: string; code?: unknown; message?: string };
  return x?.name === "StreamNotFoundError" || x?.code === 10059 || x?.message === "stream not found";
}
