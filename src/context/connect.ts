import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Authenticator, NatsConnection, NodeConnectionOptions } from "@nats-io/transport-node";
import { jsOptions, type ConnectPlan, type JsOptions, type OptionSource } from "./plan.js";
import { connect, credsAuthenticator, deadline, jwtAuthenticator, nkeyAuthenticator, nkeys, wsconnect } from "../nats-client.js";
import type { Deps, Dial } from "../deps.js";
import { CliError, ExitStatus, explain, scrub, usageError } from "../errors.js";
import { log } from "../output/io.js";
import { printAsyncError } from "../output/errors.js";
import { checkCreds, CREDS_FIX, credsSecrets, looksLikeJwt, readCredentialBytes, resolveLiteral, resolveTlsFile, valueKind } from "./credentials.js";
import { resolveSettings, type GlobalFlags, type ResolvedSettings } from "./resolve.js";
import { openContextStore } from "./store.js";
import { credentialRef, redactUrls } from "../redact.js";

interface ParsedServers { servers: string[]; websocket: boolean; wantTls: boolean; user?: string; pass?: string; token?: string }

/** Splits a comma list of URLs, validates schemes, and lifts user-info out (the v3 client ignores it). */
export function parseServers(list: string, origin: string): ParsedServers {
  const out: ParsedServers = { servers: [], websocket: false, wantTls: false };
  const entries = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw usageError(`no server URL given (from ${origin})`);
  let kinds = 0;
  for (const raw of entries) {
    const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) ? raw : `nats://${raw}`;
    let u: URL;
    try {
      u = new URL(withScheme);
    } catch {
      throw usageError(`invalid server URL "${redactUrls(raw)}" (from ${origin})`, "use nats://host:port, tls://host:port, ws://host:port or wss://host:port");
    }
    const scheme = u.protocol.slice(0, -1).toLowerCase();
    if (!["nats", "tls", "ws", "wss"].includes(scheme)) {
      throw usageError(`invalid server URL "${redactUrls(raw)}" (from ${origin}): unsupported scheme "${scheme}://"`, "use nats://, tls://, ws:// or wss://");
    }
    if (!u.hostname) throw usageError(`invalid server URL "${redactUrls(raw)}" (from ${origin}): no host`);
    if (u.port && (Number(u.port) < 1 || Number(u.port) > 65535)) throw usageError(`invalid server URL "${redactUrls(raw)}" (from ${origin}): bad port`);
    const ws = scheme === "ws" || scheme === "wss";
    kinds |= ws ? 2 : 1;
    if (u.username && u.password) { out.user ??= decodeURIComponent(u.username); out.pass ??= decodeURIComponent(u.password); }
    else if (u.username) out.token ??= decodeURIComponent(u.username);
    if (scheme === "tls") out.wantTls = true;
    if (ws) {
      out.websocket = true;
      out.servers.push(`${scheme}://${u.host}${u.pathname === "/" ? "" : u.pathname}`);
    } else {
      out.servers.push(`${u.hostname}:${u.port || 4222}`);
    }
  }
  if (kinds === 3) throw usageError(`cannot mix websocket and nats/tls URLs in one server list (from ${origin})`);
  return out;
}

/** Throws a usage error saying `named` is not a valid nkey seed (never quoting it), with the fix. */
function checkSeed(seed: string, named: string, fix: string): void {
  try {
    nkeys.fromSeed(new TextEncoder().encode(seed));
  } catch (e) {
    throw usageError(`${named} is not a valid nkey seed (${(e as Error).message.replace(/^nkeys: /, "")})`, fix);
  }
}

/** How to give a JWT or seed (--jwt/--seed, NATS_JWT/NATS_SEED, a context): literally or as a reference, not a bare path. */
function jwtSeedFix(value: string, what: string): string {
  const file = valueKind(value) === "literal" && !value.includes("\n") && existsSync(value);
  return file ? `that is a file: give it as file://${path.resolve(value)}` : `give ${what} itself, or file://PATH, env://NAME or data:`;
}

/** Turns resolved settings into connection options: credentials read, TLS files checked, URL user-info lifted. */
export async function buildConnectPlan(r: ResolvedSettings, env: Record<string, string | undefined>): Promise<ConnectPlan> {
  const s = r.settings;
  const src = (k: keyof typeof s) => r.sources[k] ?? "default";
  const parsed = parseServers(s.url, src("url"));
  const secrets: string[] = [];
  const options: NodeConnectionOptions = {
    name: r.connectionName,
    timeout: r.timeoutMs,
    noAsyncTraces: true,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    ignoreAuthErrorAbort: false,
  };
  if (s.inbox_prefix) options.inboxPrefix = s.inbox_prefix;
  if (s.socks_proxy) throw usageError(`SOCKS proxies are not supported by natsx (socks_proxy from ${src("socks_proxy")})`, "pass --socks-proxy none to ignore a context's proxy");

  let auth: string | undefined;
  const authenticators: Authenticator[] = [];
  const user = s.user || parsed.user;
  const password = s.password ? await resolveLiteral(s.password, "password", src("password"), env) : parsed.pass;
  const token = s.token ? await resolveLiteral(s.token, "token", src("token"), env) : parsed.token;
  if (user) {
    options.user = user;
    options.pass = password ?? "";
    if (password) secrets.push(password);
    auth = `user/password (from ${s.user ? src("user") : "the server URL"})`;
  } else if (s.creds) {
    const bytes = await readCredentialBytes(s.creds, "credentials", src("creds"), env);
    const named = `credentials ${credentialRef(s.creds, "file")} (from ${src("creds")})`;
    const parts = checkCreds(bytes, named);
    secrets.push(...credsSecrets(bytes));
    // the client would find out only while connecting, as "nkeys: invalid checksum" (exit 1)
    if (!looksLikeJwt(parts.jwt)) throw usageError(`${named} holds a user JWT that is not a JWT`, CREDS_FIX);
    checkSeed(parts.seed, `${named} holds a seed that`, CREDS_FIX);
    authenticators.push(credsAuthenticator(bytes));
    auth = named;
  } else if (s.nkey) {
    const bytes = await readCredentialBytes(s.nkey, "nkey", src("nkey"), env);
    const named = `nkey ${credentialRef(s.nkey, "file")} (from ${src("nkey")})`;
    const seed = Buffer.from(bytes).toString("utf8").trim();
    const firstSeed = seed.split(/\s+/).find((l) => /^S[A-Z2-7]{50,}$/.test(l));
    if (!firstSeed) throw usageError(`${named} does not hold an nkey seed`, "an nkey seed file holds one line starting with S (e.g. SU…)");
    checkSeed(firstSeed, named, "an nkey seed file holds one line starting with S (e.g. SU…): regenerate it with `nk -gen user`");
    secrets.push(firstSeed);
    authenticators.push(nkeyAuthenticator(new TextEncoder().encode(firstSeed)));
    auth = named;
  } else if (s.user_jwt) {
    const jwt = await resolveLiteral(s.user_jwt, "user JWT", src("user_jwt"), env);
    const seed = s.user_seed ? (await resolveLiteral(s.user_seed, "user seed", src("user_seed"), env)).trim() : "";
    secrets.push(jwt);
    if (seed) secrets.push(seed);
    // checked here: the client would say "nkeys: invalid encoded key" while connecting, naming neither the flag nor the fix
    const given = (key: "user_jwt" | "user_seed", what: string) => `${what}${valueKind(s[key]) === "literal" ? "" : ` ${credentialRef(s[key], "secret")}`} (from ${src(key)})`;
    if (!looksLikeJwt(jwt)) throw usageError(`${given("user_jwt", "user JWT")} is not a JWT`, jwtSeedFix(s.user_jwt, "the user's JWT (eyJ…)"));
    if (seed) checkSeed(seed, given("user_seed", "user seed"), jwtSeedFix(s.user_seed, "the user's nkey seed (SU…)"));
    authenticators.push(jwtAuthenticator(jwt, seed ? new TextEncoder().encode(seed.trim()) : undefined));
    auth = `user JWT${seed ? " and seed" : " (bearer)"} (from ${src("user_jwt")})`;
  }
  if (token) {
    options.token = token;
    secrets.push(token);
    auth = auth ? `${auth} and token` : `token (from ${s.token ? src("token") : "the server URL"})`;
  }
  if (authenticators.length) options.authenticator = authenticators.length === 1 ? authenticators[0] : authenticators;

  const tlsFiles: { ca?: string; cert?: string; key?: string } = {};
  if (s.ca) tlsFiles.ca = await resolveTlsFile(s.ca, "TLS CA", src("ca"));
  if (s.cert) tlsFiles.cert = await resolveTlsFile(s.cert, "TLS certificate", src("cert"));
  if (s.key) tlsFiles.key = await resolveTlsFile(s.key, "TLS key", src("key"));
  if (Boolean(tlsFiles.cert) !== Boolean(tlsFiles.key)) throw usageError("a client certificate needs both --tlscert and --tlskey");
  let wsTls: ConnectPlan["wsTls"];
  if (parsed.websocket) {
    if (tlsFiles.ca || tlsFiles.cert) wsTls = tlsFiles;
  } else if (parsed.wantTls || tlsFiles.ca || tlsFiles.cert || s.tls_first) {
    options.tls = { caFile: tlsFiles.ca, certFile: tlsFiles.cert, keyFile: tlsFiles.key, handshakeFirst: s.tls_first || undefined };
  }

  const display = redactUrls(s.url);
  return {
    servers: parsed.servers,
    websocket: parsed.websocket,
    options,
    display,
    where: `${display} (from ${src("url")})`,
    auth,
    secrets,
    timeoutMs: r.timeoutMs,
    trace: r.trace,
    js: jsOptions(r.timeoutMs, s.jetstream_domain, s.jetstream_api_prefix),
    wsTls,
    resolved: r,
  };
}

async function ensureWebSocket(): Promise<typeof import("ws").default> {
  const ws = (await import("ws")).default;
  const g = globalThis as { WebSocket?: unknown };
  // Node 20 has no global WebSocket and wsconnect() hangs silently without one (natsjs.md §1.6).
  if (typeof g.WebSocket === "undefined") g.WebSocket = ws;
  return ws;
}

/** Opens the real connection for a plan (Deps.connect in production). */
export async function openConnection(plan: Dial): Promise<NatsConnection> {
  const opts = { ...plan.options, servers: plan.servers };
  if (!plan.websocket) return connect(opts);
  const WS = await ensureWebSocket();
  const wsOpts: Record<string, unknown> = { ...opts };
  if (plan.wsTls) {
    const { readFileSync } = await import("node:fs");
    const t = plan.wsTls;
    const tlsOpts = { ca: t.ca ? readFileSync(t.ca) : undefined, cert: t.cert ? readFileSync(t.cert) : undefined, key: t.key ? readFileSync(t.key) : undefined };
    wsOpts.wsFactory = async (url: string) => ({ socket: new WS(url, tlsOpts) as unknown as WebSocket, encrypted: url.startsWith("wss") });
  }
  // wsconnect can hang forever on some failures: bound it ourselves.
  return deadline(wsconnect(wsOpts as Parameters<typeof wsconnect>[0]), plan.timeoutMs + 500);
}

/** What a command body receives besides the connection. */
export interface ConnCtx {
  plan: ConnectPlan;
  js: JsOptions;
  /**
   * A reply came back to a message sent when nc.stats().outMsgs was `outMsgs`: the server has read everything up
   * to it, so the closing flush can be skipped (for requests made without nc.request, which is counted already).
   */
  answered?: (outMsgs: number) => void;
}

export interface WithConnectionOptions {
  /** Report async server errors (slow consumer, permission violations) on stderr as they happen. */
  reportAsyncErrors?: boolean;
  /** Drain instead of flush+close at the end (subscribers). */
  drain?: boolean;
}

/** Resolves the settings a command would use (flags > env > context > defaults) without connecting. */
export async function resolveFromCommand(deps: Deps, cmd: OptionSource): Promise<ResolvedSettings> {
  const flags = cmd.optsWithGlobals() as GlobalFlags;
  return resolveSettings(flags, deps.env, openContextStore(deps.configDir, deps.env, deps.cwd), deps.cwd, deps.homeDir);
}

/** Builds the connect plan a command would use. */
export async function planFromCommand(deps: Deps, cmd: OptionSource): Promise<ConnectPlan> {
  return buildConnectPlan(await resolveFromCommand(deps, cmd), deps.env);
}

/** Connects as a plan says, translating failures into one line that says where the setting came from. */
export async function connectPlan(deps: Deps, plan: ConnectPlan): Promise<NatsConnection> {
  try {
    const nc = await deps.connect(plan);
    if (plan.trace) log(deps.io, deps.now(), `>>> Connected to ${plan.display} (${nc.getServer()})`);
    return nc;
  } catch (e) {
    const tlsWithoutCert = (Boolean(plan.options.tls) && !plan.options.tls?.certFile) || (plan.websocket && plan.display.includes("wss://") && !plan.wsTls?.cert);
    throw explain(e, { where: plan.where, auth: plan.auth, secrets: plan.secrets, phase: "connect", tlsWithoutCert });
  }
}

function traceRequests(deps: Deps, nc: NatsConnection, secrets: string[]): void {
  const orig = nc.request.bind(nc);
  const dec = new TextDecoder();
  const show = (d: unknown) => (d instanceof Uint8Array ? dec.decode(d) : typeof d === "string" ? d : "");
  nc.request = (async (subject: string, payload?: unknown, opts?: unknown) => {
    // payloads and replies can hold what the standards call secrets (a URL with user-info stored in KV): scrub as errors are
    log(deps.io, deps.now(), `>>> ${subject}\n${scrub(show(payload), secrets)}`);
    try {
      const m = await orig(subject, payload as never, opts as never);
      log(deps.io, deps.now(), `<<< ${subject}: ${scrub(show(m.data), secrets)}`);
      return m;
    } catch (e) {
      log(deps.io, deps.now(), `<<< ${subject}: ${scrub((e as Error).message, secrets)}`);
      throw e;
    }
  }) as typeof nc.request;
}

async function watchStatus(deps: Deps, nc: NatsConnection, plan: ConnectPlan, opts: WithConnectionOptions): Promise<void> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  for await (const s of nc.status()) {
    switch (s.type) {
      case "disconnect":
        say(`>>> Disconnected from ${s.server}, will attempt reconnect`);
        break;
      case "reconnect":
        say(`>>> Reconnected to ${s.server}`);
        break;
      case "ldm":
        say(`>>> Server ${s.server} entered lame duck mode, expect a reconnect`);
        break;
      case "slowConsumer":
        say(`>>> Slow consumer: ${s.pending} messages pending on ${s.sub.getSubject()}`);
        break;
      case "error":
        if (opts.reportAsyncErrors || plan.trace) printAsyncError(deps.io, deps.now(), s.error, plan.secrets);
        break;
      case "update":
        if (plan.trace && ((s.added?.length ?? 0) > 0 || (s.deleted?.length ?? 0) > 0)) say(`>>> Discovered new servers, known servers are now ${nc.getServers?.().map((x) => x.listen).join(", ") ?? ""}`);
        break;
      case "reconnecting":
        if (plan.trace) say(">>> Reconnecting");
        break;
      default:
        break;
    }
  }
}

// a JetStream API answer that a stream (10059) or consumer (10014) does not exist
const NOT_FOUND_ANSWER = /"err_code":\s*100(?:59|14)\b/;

/**
 * Remembers the subject of the last JetStream API request answered "stream/consumer not found": the client's
 * error carries only the server's "stream not found", the subject names which (explain(): `stream "X" not found`).
 * Only small answers to `$` subjects are looked at.
 */
function recordNotFound(nc: NatsConnection): { subject?: string } {
  const seen: { subject?: string } = {};
  const request = nc.request.bind(nc);
  const dec = new TextDecoder();
  nc.request = (async (subject: string, payload?: unknown, opts?: unknown) => {
    const m = await request(subject, payload as never, opts as never);
    if (subject.charCodeAt(0) === 36 && m.data.length < 512 && NOT_FOUND_ANSWER.test(dec.decode(m.data))) seen.subject = subject;
    return m;
  }) as typeof nc.request;
  return seen;
}

/**
 * The one way commands talk to NATS: resolve settings from the command's flags, connect, run `fn`,
 * then flush (so no publish is lost) and close — or drain for subscribers. If the connection closes
 * for good while `fn` runs, the command fails with the reason. Every error goes through explain().
 */
export async function withConnection<T>(deps: Deps, cmd: OptionSource, fn: (nc: NatsConnection, ctx: ConnCtx) => Promise<T>, opts: WithConnectionOptions = {}): Promise<T> {
  const plan = await planFromCommand(deps, cmd);
  return withPlan(deps, plan, fn, opts);
}

/** withConnection for a plan already built (e.g. a context being validated). */
export async function withPlan<T>(deps: Deps, plan: ConnectPlan, fn: (nc: NatsConnection, ctx: ConnCtx) => Promise<T>, opts: WithConnectionOptions = {}): Promise<T> {
  const nc = await connectPlan(deps, plan);
  if (plan.trace) traceRequests(deps, nc, plan.secrets);
  const missing = recordNotFound(nc);
  const status = watchStatus(deps, nc, plan, opts).catch(() => undefined);
  let settled = false;
  const closedEarly: Promise<never> = nc.closed().then((err) => {
    // once the command has finished, the close below is ours: nothing to explain (or to spend start-up time on)
    if (settled) return undefined as never;
    throw explain(err ?? new CliError("the connection was closed"), { where: plan.where, auth: plan.auth, secrets: plan.secrets });
  });
  closedEarly.catch(() => undefined);
  // Remember how many messages had been published when a flush last completed, so the closing
  // flush is skipped when the command already flushed everything (one round trip less per command).
  let flushedOut = -1;
  const flush = nc.flush.bind(nc);
  nc.flush = async () => {
    const out = nc.stats().outMsgs;
    await flush();
    flushedOut = Math.max(flushedOut, out);
  };
  // A reply proves as much as a flush's PONG: the server reads a connection in order, so it read the request
  // and everything published before it. `req`, `kv get`, `stream ls` then close without one more round trip.
  const answered = (out: number) => { flushedOut = Math.max(flushedOut, out); };
  const request = nc.request.bind(nc);
  nc.request = ((subject: string, payload?: unknown, o?: unknown) => {
    const reply = request(subject, payload as never, o as never);
    // request() publishes before it returns
    const out = nc.stats().outMsgs;
    return reply.then((m) => {
      answered(out);
      return m;
    });
  }) as typeof nc.request;
  try {
    // a copy per call: the JetStream client mutates the options object it is given
    const result = await Promise.race([fn(nc, { plan, js: { ...plan.js }, answered }), closedEarly]);
    if (!nc.isClosed()) {
      // drained even with no subscription left (`sub --count 1` after its message): when the command returns, the
      // server has processed its UNSUB (a script's next subscriber, or a test counting interest, sees it gone)
      if (opts.drain) await nc.drain();
      else if (nc.stats().outMsgs !== flushedOut) await flush();
    }
    settled = true;
    return result as T;
  } catch (e) {
    if (e instanceof ExitStatus) throw e;
    throw explain(e, { secrets: plan.secrets, jsRequest: missing.subject });
  } finally {
    if (!nc.isClosed()) {
      const closing = nc.close().catch(() => undefined);
      // Once the closing flush succeeded the server has everything, and what the command reports no longer
      // depends on the socket's teardown: return without waiting for it (~2 ms of every one-shot command).
      // The bin exits once its output is flushed; in-process callers see the socket close a moment later.
      // After a failure, wait, so the teardown cannot race the error report.
      if (!settled) {
        await closing;
        await status;
      }
    }
  }
}
