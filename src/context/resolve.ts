import { existsSync } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode, notFound } from "../errors.js";
import { parseTimerDuration } from "../util/duration.js";
import { ContextStore, emptyContext, type ContextSettings, type NamedContext } from "./store.js";

/** The global connection flags as commander parses them (see program.ts). */
export interface GlobalFlags {
  server?: string;
  user?: string;
  password?: string;
  token?: string;
  creds?: string;
  nkey?: string;
  jwt?: string;
  seed?: string;
  tlscert?: string;
  tlskey?: string;
  tlsca?: string;
  tlsfirst?: boolean;
  timeout?: string;
  /** A name or a .json path; `false` when --no-context was given. */
  context?: string | false;
  connectionName?: string;
  inboxPrefix?: string;
  jsDomain?: string;
  jsApiPrefix?: string;
  jsEventPrefix?: string;
  socksProxy?: string;
  trace?: boolean;
}

/** Where a setting came from, for error messages and `context info`. */
export type Source = string;

/** Everything a connection needs, after flags > env > context > defaults. */
export interface ResolvedSettings {
  /** The context that was loaded, if any. */
  context?: NamedContext;
  settings: ContextSettings;
  sources: Partial<Record<keyof ContextSettings, Source>>;
  timeoutMs: number;
  timeoutSource: Source;
  connectionName: string;
  trace: boolean;
}

export const DEFAULT_URL = "nats://127.0.0.1:4222";
export const DEFAULT_TIMEOUT_MS = 5000;

/** The env variables layered over the context, and the context keys they set (natscli names). */
const ENV_MAP: [string, keyof ContextSettings][] = [
  ["NATS_URL", "url"], ["NATS_USER", "user"], ["NATS_PASSWORD", "password"], ["NATS_TOKEN", "token"],
  ["NATS_CREDS", "creds"], ["NATS_NKEY", "nkey"], ["NATS_JWT", "user_jwt"], ["NATS_SEED", "user_seed"],
  ["NATS_CERT", "cert"], ["NATS_KEY", "key"], ["NATS_CA", "ca"], ["NATS_SOCKS_PROXY", "socks_proxy"],
];

/** Global flags that map onto context keys, with the flag name shown as a source (`context add` saves these). */
const FLAG_MAP: [keyof GlobalFlags, keyof ContextSettings, string][] = [
  ["server", "url", "--server"], ["user", "user", "--user"], ["password", "password", "--password"], ["token", "token", "--token"],
  ["creds", "creds", "--creds"], ["nkey", "nkey", "--nkey"], ["jwt", "user_jwt", "--jwt"], ["seed", "user_seed", "--seed"],
  ["tlscert", "cert", "--tlscert"], ["tlskey", "key", "--tlskey"], ["tlsca", "ca", "--tlsca"],
  ["inboxPrefix", "inbox_prefix", "--inbox-prefix"], ["jsDomain", "jetstream_domain", "--js-domain"],
  ["jsApiPrefix", "jetstream_api_prefix", "--js-api-prefix"], ["jsEventPrefix", "jetstream_event_prefix", "--js-event-prefix"],
  ["socksProxy", "socks_proxy", "--socks-proxy"],
];

/** The NATS_* variables that override a context, as `context info` warns about them. */
export function envOverrides(env: Record<string, string | undefined>): string[] {
  return [...ENV_MAP.map(([k]) => k), "NATS_TIMEOUT"].filter((k) => env[k]);
}

/** Expands `~` and `$VAR`/`${VAR}` the way natscli does for creds, nkey, cert, key and ca. */
export function expandPath(value: string, env: Record<string, string | undefined>, home: string): string {
  if (!value) return value;
  let v = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, b) => env[a ?? b] ?? "");
  if (v === "~") v = home;
  else if (v.startsWith("~/")) v = path.join(home, v.slice(2));
  return v;
}

/** The file a context argument names when it is a path (ends in .json and exists, as natscli), else undefined. */
export function contextFileArg(name: string, cwd: string): string | undefined {
  if (!name.endsWith(".json")) return undefined;
  const file = path.resolve(cwd, name);
  return existsSync(file) ? file : undefined;
}

/**
 * Loads the context that applies: --no-context → none; --context X.json (an existing path) → that file;
 * --context NAME / NATS_CONTEXT → that one; else the selected one. Unlike natscli, a bad name never
 * touches the user's selection.
 */
export async function loadActiveContext(flags: GlobalFlags, env: Record<string, string | undefined>, store: ContextStore, cwd: string): Promise<NamedContext | undefined> {
  if (flags.context === false) return undefined;
  const requested = flags.context || env.NATS_CONTEXT || "";
  if (requested) {
    const from = flags.context ? "--context" : "NATS_CONTEXT";
    const file = contextFileArg(requested, cwd);
    if (file) return store.loadFile(file, from);
    try {
      return await store.load(requested, `context "${requested}" (from ${from})`);
    } catch (e) {
      if (e instanceof CliError && e.exitCode === ExitCode.NOT_FOUND) {
        throw notFound("context", requested, { from, hint: "`nats context ls` lists them, or use --no-context" });
      }
      throw e;
    }
  }
  const selected = await store.selected();
  if (!selected) return undefined;
  try {
    return await store.load(selected, `the selected context "${selected}"`);
  } catch (e) {
    if (e instanceof CliError && e.exitCode === ExitCode.NOT_FOUND) {
      throw notFound("selected context", selected, { hint: "select another with `nats context select`, or clear the selection with `nats context unselect`" });
    }
    throw e;
  }
}

/**
 * Layers the global connection flags onto settings (in place), recording each flag as the source: non-empty
 * flags win, `--socks-proxy none|NONE|-` clears, `--tlsfirst` sets; then natscli's rule that a user without a
 * password is a token. Shared by every connection (layerSettings) and `context add/copy` (overlayFlags);
 * `overridden` says whether a user or password was already set over the context (by NATS_* variables).
 */
export function applyFlags(settings: ContextSettings, flags: GlobalFlags, sources: ResolvedSettings["sources"] = {}, overridden = { user: false, password: false }): void {
  for (const [flag, key, name] of FLAG_MAP) {
    const v = flags[flag];
    if (typeof v === "string" && v !== "") {
      (settings as unknown as Record<string, unknown>)[key] = v;
      sources[key] = name;
      if (key === "user") overridden.user = true;
      if (key === "password") overridden.password = true;
    }
  }
  // natscli: --socks-proxy none|NONE|- clears a context value
  if (flags.socksProxy && ["none", "NONE", "-"].includes(flags.socksProxy)) { settings.socks_proxy = ""; delete sources.socks_proxy; }
  if (flags.tlsfirst) { settings.tls_first = true; sources.tls_first = "--tlsfirst"; }
  // natscli: --user given without a password is a token
  if (overridden.user && !overridden.password && !settings.password) {
    settings.token = settings.user;
    sources.token = sources.user;
    settings.user = "";
    delete sources.user;
  }
}

/** Applies flags > NATS_* env > context > defaults and records where each value came from. */
export function layerSettings(flags: GlobalFlags, env: Record<string, string | undefined>, ctx: NamedContext | undefined, home: string): ResolvedSettings {
  const settings: ContextSettings = ctx ? { ...ctx.settings } : emptyContext();
  const sources: ResolvedSettings["sources"] = {};
  if (ctx) {
    for (const [k, v] of Object.entries(ctx.settings)) if (v) sources[k as keyof ContextSettings] = `context ${ctx.name}`;
  }
  // the user→token rule counts a user or password set by NATS_* as well as by a flag
  const overridden = { user: false, password: false };
  for (const [envName, key] of ENV_MAP) {
    const v = env[envName];
    if (v) {
      (settings as unknown as Record<string, unknown>)[key] = v;
      sources[key] = `env ${envName}`;
      if (key === "user") overridden.user = true;
      if (key === "password") overridden.password = true;
    }
  }
  applyFlags(settings, flags, sources, overridden);
  for (const k of ["creds", "nkey", "cert", "key", "ca"] as const) {
    if (settings[k]) settings[k] = expandPath(settings[k], env, home);
  }
  if (!settings.url) { settings.url = DEFAULT_URL; sources.url = "default"; }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let timeoutSource = "default";
  if (flags.timeout !== undefined && flags.timeout !== "") { timeoutMs = parseTimerDuration(flags.timeout, "--timeout"); timeoutSource = "--timeout"; }
  else if (env.NATS_TIMEOUT) { timeoutMs = parseTimerDuration(env.NATS_TIMEOUT, "NATS_TIMEOUT"); timeoutSource = "env NATS_TIMEOUT"; }
  if (timeoutMs <= 0) throw new CliError(`invalid ${timeoutSource === "default" ? "timeout" : timeoutSource}: it must be greater than zero`, { exitCode: ExitCode.USAGE });

  return {
    context: ctx,
    settings,
    sources,
    timeoutMs,
    timeoutSource,
    connectionName: flags.connectionName || "NATS CLI Version natsx",
    trace: Boolean(flags.trace),
  };
}

/** Resolves the effective connection settings for a command. */
export async function resolveSettings(flags: GlobalFlags, env: Record<string, string | undefined>, store: ContextStore, cwd: string, home: string): Promise<ResolvedSettings> {
  const ctx = await loadActiveContext(flags, env, store, cwd);
  return layerSettings(flags, env, ctx, home);
}
