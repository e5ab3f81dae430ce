import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Deps } from "../../deps.js";
import { usageError, explain } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { filePath, valueKind } from "../../context/credentials.js";
import { parseServers, buildConnectPlan, withPlan } from "../../context/connect.js";
import { applyFlags, contextFileArg, envOverrides, expandPath, type GlobalFlags, layerSettings } from "../../context/resolve.js";
import { openContextStore, type ContextStore, emptyContext, type ContextSettings, type NamedContext } from "../../context/store.js";
import { credentialRef, redactUrls } from "../../redact.js";

/** The store for this run. */
export function storeOf(deps: Deps): ContextStore {
  return openContextStore(deps.configDir, deps.env, deps.cwd);
}

/** Loads a context by name, or from a path when the argument is an existing .json file (as --context). */
export async function loadNamed(deps: Deps, store: ContextStore, name: string): Promise<NamedContext> {
  const file = contextFileArg(name, deps.cwd);
  return file ? store.loadFile(file) : store.load(name);
}

/** The context a name-less info/validate means: --context, then NATS_CONTEXT, then the selected one. */
export async function currentName(deps: Deps, cmd: Command, store: ContextStore): Promise<string> {
  const flags = cmd.optsWithGlobals() as GlobalFlags;
  const name = (typeof flags.context === "string" && flags.context) || deps.env.NATS_CONTEXT || (await store.selected());
  if (!name) throw usageError("no default context and no name supplied", "pass a context name, or select one with `nats context select NAME`");
  return name;
}

/** The context's settings with every secret masked (used for --json and every screen): safe to print. */
export function maskedSettings(s: ContextSettings): ContextSettings {
  return {
    ...s,
    url: redactUrls(s.url),
    socks_proxy: redactUrls(s.socks_proxy),
    token: credentialRef(s.token, "secret"),
    password: credentialRef(s.password, "secret"),
    user_jwt: credentialRef(s.user_jwt, "secret"),
    user_seed: credentialRef(s.user_seed, "secret"),
    creds: credentialRef(s.creds, "file"),
    nkey: credentialRef(s.nkey, "file"),
  };
}

/** The JSON shape of `context ls/info --json`: natscli's object with `name` first, secrets masked. */
export function contextJson(ctx: NamedContext): Record<string, unknown> {
  return { name: ctx.name, ...maskedSettings(ctx.settings) };
}

/** natscli's file status for a file-or-URI value: OK / ERROR for files, or what resolves it. */
function refStatus(value: string, env: Record<string, string | undefined>, home: string, literalIsFile: boolean): { text: string; ok: boolean } {
  const kind = valueKind(value);
  const shown = credentialRef(value, literalIsFile ? "file" : "secret");
  switch (kind) {
    case "data": return { text: shown, ok: true };
    case "env": {
      const name = value.replace(/^env:(\/\/)?/i, "");
      const set = Boolean(env[name]);
      return { text: `${shown} (runtime environment${set ? "" : ", not set"})`, ok: set };
    }
    case "op": return { text: `${shown} (1Password)`, ok: true };
    case "nsc": return { text: `${shown} (nsc)`, ok: true };
    case "file":
    case "literal": {
      if (kind === "literal" && !literalIsFile) return { text: shown, ok: true };
      const file = expandPath(filePath(value, kind), env, home);
      let ok = true;
      try { accessSync(file, constants.R_OK); } catch { ok = false; }
      return { text: `${shown} (${ok ? "OK" : "ERROR"})`, ok };
    }
  }
}

/** The result of rendering a context: the screen and whether every check passed. */
export interface ContextReport { text: string; ok: boolean; problems: string[] }

/** natscli's `context info` screen (rows only when set, natscli's order), with secrets masked. */
export function renderContext(deps: Deps, ctx: NamedContext, connection?: string): ContextReport {
  const s = ctx.settings;
  const c = new Columns(`NATS Configuration Context "${ctx.name}"`);
  const problems: string[] = [];
  const v = (x: string) => (x ? x : undefined);
  const ref = (label: string, value: string, literalIsFile: boolean) => {
    if (!value) return;
    const r = refStatus(value, deps.env, deps.homeDir, literalIsFile);
    if (!r.ok) problems.push(`${label} ${credentialRef(value, literalIsFile ? "file" : "secret")} cannot be read`);
    c.row(label, r.text);
  };
  c.row("Description", v(s.description));
  if (s.url) {
    let urlText = redactUrls(s.url);
    try { parseServers(s.url, `context ${ctx.name}`); } catch (e) { urlText += " (ERROR)"; problems.push((e as Error).message); }
    c.row("Server URLs", urlText);
  }
  c.row("SOCKS5 Proxy", v(redactUrls(s.socks_proxy)));
  c.row("Username", v(s.user));
  c.row("Password", v(credentialRef(s.password, "secret")));
  c.row("Token", v(credentialRef(s.token, "secret")));
  ref("Credentials", s.creds, true);
  ref("User JWT", s.user_jwt, false);
  ref("User Seed", s.user_seed, false);
  ref("NKey", s.nkey, true);
  if (s.windows_cert_store) {
    c.row("Certificate Store", s.windows_cert_store);
    c.row("Certificate Store Match", v(s.windows_cert_match));
    c.row("Certificate Store Match By", v(s.windows_cert_match_by));
    c.row("Certificate Store CA Match", s.windows_ca_certs_match?.length ? s.windows_ca_certs_match.join(", ") : undefined);
  } else {
    ref("Certificate", s.cert, true);
    ref("Key", s.key, true);
  }
  ref("CA", s.ca, true);
  if (s.tls_first) c.row("TLS First", "true");
  c.row("JS API Prefix", v(s.jetstream_api_prefix));
  c.row("JS Event Prefix", v(s.jetstream_event_prefix));
  c.row("JS Domain", v(s.jetstream_domain));
  c.row("Inbox Prefix", v(s.inbox_prefix));
  c.row("Path", ctx.path);
  c.row("Color Scheme", v(s.color_scheme));
  c.row("Connection", connection);
  return { text: c.render(), ok: problems.length === 0, problems };
}

/** natscli's warning that NATS_* variables override what the context says (on stderr here). */
export function warnEnvOverrides(deps: Deps): void {
  const o = envOverrides(deps.env);
  if (o.length) deps.io.err.write(`WARNING: Shell environment overrides in place using ${o.join(", ")}\n`);
}

/** Prints a context's screen on stdout (after add/select/copy/edit, as natscli shows it). */
export function showContext(deps: Deps, ctx: NamedContext): void {
  deps.io.out.write(`${renderContext(deps, ctx).text}\n`);
  warnEnvOverrides(deps);
}

/**
 * Overlays the global flags given on the command line onto a context (what `context add` saves), by the
 * rules every connection uses (applyFlags), plus --colors.
 */
export function overlayFlags(base: ContextSettings, flags: GlobalFlags & { colors?: string }): ContextSettings {
  const s: ContextSettings = { ...base };
  applyFlags(s, flags);
  if (flags.colors) s.color_scheme = flags.colors;
  return s;
}

/** natscli's save-time checks: one kind of credential, a parseable URL list. */
export function validateSettings(s: ContextSettings, label: string): void {
  const kinds = [s.user, s.creds, s.nkey, s.nsc, s.user_jwt].filter(Boolean).length;
  if (kinds > 1) throw usageError(`too many types of credentials in ${label}. Choose only one from 'user/token', 'creds', 'nkey', 'nsc', 'user_jwt'`);
  if (s.url) parseServers(s.url, label);
  if (s.user_seed && !s.user_jwt) throw usageError(`${label} has a user seed but no user JWT`, "pass --jwt with --seed");
}

/** natscli's --embed: creds, nkey, user_jwt and user_seed held in files are stored inline as data: URIs. */
export function embedFiles(s: ContextSettings, env: Record<string, string | undefined>, home: string): ContextSettings {
  const out = { ...s };
  for (const k of ["creds", "nkey", "user_jwt", "user_seed"] as const) {
    const v = out[k];
    if (!v) continue;
    const kind = valueKind(v);
    if (kind !== "file" && kind !== "literal") continue;
    const file = expandPath(filePath(v, kind), env, home);
    const pathLike = k === "creds" || k === "nkey" || kind === "file" || existsSync(file);
    if (!pathLike) continue; // a literal JWT/seed stays as it is
    let data: Buffer;
    try { data = readFileSync(file); } catch { throw usageError(`cannot embed ${k}: file ${credentialRef(file, "file")} cannot be read`); }
    out[k] = `data:;base64,${data.toString("base64")}`;
  }
  return out;
}

/** Builds a new context: template (or empty) + flags + description, validated and optionally embedded. */
export function composeContext(deps: Deps, base: ContextSettings | undefined, flags: GlobalFlags, opts: { description?: string; embed?: boolean }, label: string): ContextSettings {
  let s = overlayFlags(base ?? emptyContext(), flags);
  if (opts.description !== undefined) s.description = opts.description;
  if (opts.embed) s = embedFiles(s, deps.env, deps.homeDir);
  validateSettings(s, label);
  return s;
}

/** Connects with a context (flags and NATS_* still layered on top, as for any command); "OK" or the one-line reason. */
export async function checkConnection(deps: Deps, cmd: Command, ctx: NamedContext): Promise<{ ok: boolean; text: string; exitCode: number }> {
  try {
    const plan = await buildConnectPlan(layerSettings(cmd.optsWithGlobals() as GlobalFlags, deps.env, ctx, deps.homeDir), deps.env);
    await withPlan(deps, plan, async () => undefined);
    return { ok: true, text: "OK", exitCode: 0 };
  } catch (e) {
    const err = explain(e);
    return { ok: false, text: err.message, exitCode: err.exitCode };
  }
}
