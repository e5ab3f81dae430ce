import { readFile } from "node:fs/promises";
import { CliError, ExitCode, usageError } from "../errors.js";
import type { ServerFilter, ServerIdentity, SysReply } from "./gather.js";

/**
 * An audit archive as natscli's `audit gather` writes it (jsm.go audit/archive SPEC.md): a ZIP whose
 * `capture/misc/manifest.json` maps each entry to its tags (cluster, server, account, stream,
 * artifact_type, special); every page is one `{server, data}` monitoring response. Read through the
 * manifest's tags, never the paths, as the spec asks.
 */
export class AuditArchive {
  private constructor(readonly file: string, private readonly entries: Record<string, Uint8Array>, private readonly manifest: Record<string, { Name: string; Value: string }[]>) {}

  /** Opens and indexes the archive; a missing file, a non-ZIP or a missing manifest is one clear error. */
  static async open(file: string): Promise<AuditArchive> {
    let bytes: Uint8Array;
    try { bytes = await readFile(file); } catch (e) {
      throw usageError(`cannot read the archive ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`, "pass a file written by `nats audit gather`");
    }
    const { unzipSync } = await import("fflate");
    let entries: Record<string, Uint8Array>;
    try { entries = unzipSync(bytes); } catch (e) { throw usageError(`${file} is not a ZIP archive (${(e as Error).message})`, "pass a file written by `nats audit gather`"); }
    const m = entries["capture/misc/manifest.json"];
    if (!m) throw usageError(`${file} is not an audit archive: no capture/misc/manifest.json`);
    const manifest = JSON.parse(Buffer.from(m).toString("utf8")) as Record<string, { Name: string; Value: string }[]>;
    for (const p of Object.keys(manifest)) if (!entries[p]) throw new CliError(`the archive ${file} is damaged: ${p} is in its manifest but not in the ZIP`, { exitCode: ExitCode.FAILURE });
    return new AuditArchive(file, entries, manifest);
  }

  /** Paged entries whose tags include all of `want`, in path (page) order. */
  private pages(want: Record<string, string>): string[] {
    return Object.entries(this.manifest)
      .filter(([p, tags]) => /\/\d{4}\.json$/.test(p) && Object.entries(want).every(([k, v]) => tags.some((t) => t.Name === k && t.Value === v)))
      .map(([p]) => p).sort();
  }

  private read<T>(p: string): T {
    return JSON.parse(Buffer.from(this.entries[p]!).toString("utf8")) as T;
  }

  /** Every (server) response of one artifact type, filtered like the live request would be. */
  artifacts<T>(type: string, f: ServerFilter = {}, more: Record<string, string> = {}): SysReply<T>[] {
    const out: SysReply<T>[] = [];
    for (const p of this.pages({ artifact_type: type, ...more })) {
      const raw = this.read<Record<string, unknown>>(p);
      const server = (raw.server ?? {}) as ServerIdentity;
      if (!matches(server, f)) continue;
      out.push({ server, data: (raw.data ?? {}) as T, rttMs: 0, raw });
    }
    return out;
  }

  /**
   * The responses a live `$SYS.REQ.SERVER.PING.<endpoint>` would give, rebuilt from what gather
   * captured: CONNZ from the per-account connection captures, STATZ from VARZ (as natscli does).
   */
  ping<T>(endpoint: string, f: ServerFilter = {}): SysReply<T>[] {
    const type = TYPES[endpoint];
    if (endpoint === "CONNZ") return this.connz(f) as SysReply<T>[];
    if (endpoint === "STATZ" || endpoint === "STATSZ" || endpoint === "") return this.statz(f) as SysReply<T>[];
    if (!type) throw usageError(`the ${endpoint} endpoint is not captured in audit archives`);
    const r = this.artifacts<T>(type, f);
    if (endpoint === "JSZ") this.mergeAccountJsz(r as SysReply<{ account_details?: unknown[] }>[], f);
    if (!r.length) throw new CliError(`no captured ${type} data${f.name ? ` for server "${f.name}"` : ""} in ${this.file}`, { exitCode: ExitCode.NOT_FOUND });
    return r;
  }

  /** gather stores each account's JSZ apart (account_jetstream_info): fold their account details into the server's JSZ. */
  private mergeAccountJsz(servers: SysReply<{ account_details?: unknown[] }>[], f: ServerFilter): void {
    for (const a of this.artifacts<{ account_details?: unknown[] }>("account_jetstream_info", f)) {
      const s = servers.find((x) => (x.server.id || x.server.name) === (a.server.id || a.server.name));
      if (s) (s.data.account_details ??= []).push(...(a.data.account_details ?? []));
    }
  }

  private connz(f: ServerFilter): SysReply<{ total: number; num_connections: number; connections: unknown[] }>[] {
    const by = new Map<string, SysReply<{ total: number; num_connections: number; connections: unknown[] }>>();
    for (const r of [...this.artifacts<{ connections?: unknown[] }>("connections", f), ...this.artifacts<{ connections?: unknown[] }>("account_connections", f)]) {
      const key = r.server.id || r.server.name;
      const cur = by.get(key) ?? { server: r.server, data: { total: 0, num_connections: 0, connections: [] }, rttMs: 0, raw: {} };
      by.set(key, cur);
      cur.data.connections.push(...(r.data.connections ?? []));
      cur.data.total = cur.data.num_connections = cur.data.connections.length;
    }
    if (!by.size) throw new CliError(`no captured connections in ${this.file}`, { exitCode: ExitCode.NOT_FOUND });
    return [...by.values()];
  }

  private statz(f: ServerFilter): SysReply<Record<string, unknown>>[] {
    const routes = new Map(this.artifacts<{ routes?: unknown[] }>("routes", f).map((r) => [r.server.id, r.data.routes ?? []]));
    const gateways = new Map(this.artifacts<{ outbound_gateways?: Record<string, unknown>; inbound_gateways?: Record<string, unknown> }>("gateways", f)
      .map((r) => [r.server.id, [...new Set([...Object.keys(r.data.outbound_gateways ?? {}), ...Object.keys(r.data.inbound_gateways ?? {})])].map((name) => ({ name }))]));
    const varz = this.ping<Record<string, any>>("VARZ", f);
    return varz.map((v) => ({
      server: v.server, rttMs: 0, raw: v.raw,
      data: { start: v.data.start, mem: v.data.mem, cores: v.data.cores, cpu: v.data.cpu, connections: v.data.connections, total_connections: v.data.total_connections,
        subscriptions: v.data.subscriptions, slow_consumers: v.data.slow_consumers, sent: { msgs: v.data.out_msgs, bytes: v.data.out_bytes }, received: { msgs: v.data.in_msgs, bytes: v.data.in_bytes },
        routes: routes.get(v.server.id) ?? [], gateways: gateways.get(v.server.id) ?? [], active_servers: varz.length },
    }));
  }
}

// endpoint → captured artifact type (SPEC.md "Server artifacts")
const TYPES: Record<string, string> = {
  VARZ: "variables", ROUTEZ: "routes", GATEWAYZ: "gateways", LEAFZ: "leafs", SUBSZ: "subs", JSZ: "jetstream_info", HEALTHZ: "health", ACCOUNTZ: "accounts",
  EXPVARZ: "exp_variables", IPQUEUESZ: "account_ipqueues", RAFTZ: "account_raftz",
};

/** The server filters of a $SYS request, applied to a captured response (name: substring, as the server does). */
function matches(s: ServerIdentity, f: ServerFilter): boolean {
  if (f.name && !s.name?.includes(f.name)) return false;
  if (f.cluster && s.cluster !== f.cluster) return false;
  if (f.host && s.host !== f.host) return false;
  if (f.tags?.length && !f.tags.every((t) => (s.tags ?? []).some((x) => x.toLowerCase() === t.toLowerCase()))) return false;
  return true;
}

/** Refuses request options an archive cannot answer (they were fixed at capture time), naming the flag. */
export function refuseWithArchive(flags: Record<string, unknown>): void {
  for (const [flag, v] of Object.entries(flags)) {
    if (v !== undefined && v !== false && v !== "" && !(Array.isArray(v) && !v.length)) throw usageError(`${flag} cannot be used with --archive: the archive holds what was captured`, "drop the flag, or ask the live servers");
  }
}
