import { redactCredentials } from "./redact.js";

/**
 * Exit codes scripts can rely on (documented in README "Exit codes").
 * natscli exits 1 for nearly everything; we keep 1 as the generic failure and add distinct codes.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  CONNECTION: 3,
  AUTH: 4,
  TIMEOUT: 5,
  NO_RESPONDERS: 6,
  NOT_FOUND: 7,
  CONFLICT: 8,
  PERMISSION: 9,
  INTERRUPTED: 130,
} as const;

export interface CliErrorOptions {
  hint?: string;
  exitCode?: number;
  cause?: unknown;
}

/** An error the user can act on: one line of message, an optional hint, and an exit code. */
export class CliError extends Error {
  readonly hint?: string;
  readonly exitCode: number;
  constructor(message: string, opts: CliErrorOptions = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = "CliError";
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.FAILURE;
  }
}

/** A usage error: bad flag value, bad argument. Exit code 2. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, { hint, exitCode: ExitCode.USAGE });
}

/**
 * The context `nats server run` saves for its system user (natscli's name, NAME_system for the default NAME
 * nats_development: commands/server/run.ts), named where a command needs the system account.
 */
export const DEV_SYSTEM_CONTEXT = "nats_development_system";

/** What to do when a command needs the system account, and how to get one: every message and note about it says both. */
export const SYSTEM_ACCOUNT_HOWTO = `connect as a system user (e.g. --context ${DEV_SYSTEM_CONTEXT})`;
export const SYSTEM_ACCOUNT_HINT = "`nats server run` starts a local server with one";

/**
 * Whether only users of the system account can reach a subject: `$SYS.…`, but for the requests every account may
 * send (`$SYS.REQ.ACCOUNT.PING.*`, `$SYS.REQ.USER.INFO`).
 */
export function isSystemSubject(subject: string): boolean {
  return subject.startsWith("$SYS.") && !subject.startsWith("$SYS.REQ.ACCOUNT.PING.") && !subject.startsWith("$SYS.REQ.USER.");
}

/**
 * The one wording of "this needs the system account", however it showed (no responders on a `$SYS` subject, a
 * permission violation there): says so and how to get one, `nats: error: this command needs the system account:
 * connect as a system user (e.g. --context nats_development_system) — \`nats server run\` starts a local server with
 * one`. `or` names another way (top: the monitoring port); the exit code is the cause's (6 no responders, 9 denied).
 */
export function systemAccountError(o: { exitCode?: number; or?: string; cause?: unknown } = {}): CliError {
  return new CliError(`this command needs the system account: ${SYSTEM_ACCOUNT_HOWTO}${o.or ? `, ${o.or}` : ""}`,
    { exitCode: o.exitCode ?? ExitCode.NO_RESPONDERS, hint: SYSTEM_ACCOUNT_HINT, cause: o.cause });
}

/** Where the connection settings came from, so failures can say "(server from context prod)". */
export interface ExplainContext {
  /** e.g. "nats://127.0.0.1:4222 (from --server)" — already redacted. */
  where?: string;
  /** e.g. "user/password (from env NATS_USER)". */
  auth?: string;
  /** Secrets that must never be shown, removed from any message text. */
  secrets?: string[];
  /** "connect" while the connection is being established: timeouts then mean the server did not answer. */
  phase?: "connect";
  /** TLS is on but no client certificate was given: a connect timeout then usually means mTLS. */
  tlsWithoutCert?: boolean;
  /** The subject of the JetStream API request that was answered "not found": it names the stream and consumer. */
  jsRequest?: string;
}

/** Where a missing thing was looked for, and what lists what there is. */
export interface NotFoundOptions {
  /** The container: `stream "ORDERS"`, `bucket "CFG"`. */
  in?: string;
  /** Where the name came from: `--context`, `NATS_CONTEXT`. */
  from?: string;
  /** The command that lists what exists (the hint says "`CMD` lists them"). */
  list?: string;
  /** A hint instead of the list command. */
  hint?: string;
}

/**
 * The one wording of "it does not exist" (exit 7) for streams, consumers, buckets, keys, objects, messages and
 * contexts: `stream "X" not found — \`nats stream ls\` lists them`.
 */
export function notFound(what: string, name: string | number, o: NotFoundOptions = {}): CliError {
  const shown = typeof name === "number" ? String(name) : `"${name}"`;
  return new CliError(`${what} ${shown}${o.from ? ` (from ${o.from})` : ""} not found${o.in ? ` in ${o.in}` : ""}`,
    { exitCode: ExitCode.NOT_FOUND, hint: o.hint ?? (o.list ? `\`${o.list}\` lists them` : undefined) });
}

/**
 * What a JetStream API request was about, from its subject: `$JS.API.CONSUMER.INFO.ORDERS.NEW` is consumer NEW of
 * stream ORDERS (names cannot hold dots). Any API prefix (`$JS.hub.API`, --js-api-prefix) ending in `.API`.
 */
export function jsApiTarget(subject: string): { stream?: string; consumer?: string } {
  const at = subject.lastIndexOf(".API.");
  if (at < 0) return {};
  const t = subject.slice(at + 5).split(".");
  if (t[0] === "STREAM") return { stream: t[["MSG", "LEADER", "PEER"].includes(t[1]!) ? 3 : 2] };
  if (t[0] === "DIRECT" && t[1] === "GET") return { stream: t[2] };
  if (t[0] === "CONSUMER") {
    const at2 = ["DURABLE", "MSG", "LEADER"].includes(t[1]!) ? 3 : 2;
    return { stream: t[at2], consumer: t[1] === "LIST" || t[1] === "NAMES" ? undefined : t[at2 + 1] };
  }
  return {};
}

type AnyErr = Error & { code?: string | number; cause?: unknown; operation?: string; subject?: string; api_error?: { code?: number; err_code?: number; description?: string } };

function errName(e: AnyErr): string {
  return e?.name ?? "";
}

/** Removes every secret from a text (the listed ones, and whatever looks like a credential); used on every message we print. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join("*****");
  }
  return redactCredentials(out);
}

const TLS_CODES: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate is not signed by a known CA",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain has an unknown self-signed CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's TLS certificate is signed by an unknown CA",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate does not match the host name",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (wrong version number: is the server speaking TLS on this port, or is --tlsfirst needed/not supported?)",
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: "the server requires a client certificate (use --tlscert and --tlskey)",
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: "the server rejected the client certificate",
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: "the server does not trust the client certificate's CA",
};

/** The secrets an explained error was scrubbed of, so the NATS_DEBUG stack trace can be scrubbed of them too. */
const SECRETS = new WeakMap<Error, readonly string[]>();

function withSecrets(e: CliError, secrets: readonly string[]): CliError {
  if (secrets.length) SECRETS.set(e, secrets);
  return e;
}

/**
 * The stack trace NATS_DEBUG shows for an error main() reports: the underlying error's (or the CliError's own),
 * scrubbed like the message, since a library error's text can quote what it was given.
 */
export function debugStack(err: CliError): string | undefined {
  const stack = (err.cause instanceof Error ? err.cause.stack : undefined) ?? err.stack;
  return stack === undefined ? undefined : scrub(stack, SECRETS.get(err));
}

/**
 * The single translator from library, NATS and Node errors to CliErrors people can act on.
 * Every command's failure goes through here (main() calls it), so the same problem reads the same.
 */
export function explain(err: unknown, ctx: ExplainContext = {}): CliError {
  const secrets = ctx.secrets ?? [];
  const where = ctx.where ? ` ${ctx.where}` : "";
  const mk = (msg: string, exitCode: number, hint?: string) =>
    withSecrets(new CliError(scrub(msg, secrets), { exitCode, hint: hint ? scrub(hint, secrets) : undefined, cause: err }), secrets);
  if (err instanceof CliError) {
    if (!secrets.length) return err;
    const known = [...(SECRETS.get(err) ?? []), ...secrets];
    return withSecrets(new CliError(scrub(err.message, known), { exitCode: err.exitCode, hint: err.hint ? scrub(err.hint, known) : undefined, cause: err.cause }), known);
  }
  const e = (err ?? {}) as AnyErr;
  const name = errName(e);
  const msg = String(e?.message ?? err);
  const code = typeof e.code === "string" ? e.code : (e.cause as AnyErr | undefined)?.code;

  if (typeof code === "string" && TLS_CODES[code]) {
    const hint = code === "ERR_SSL_WRONG_VERSION_NUMBER" ? undefined : code.startsWith("ERR_SSL") ? "check --tlscert/--tlskey" : "pass the CA that signed the server certificate with --tlsca (or NATS_CA)";
    return mk(`TLS error connecting to${where}: ${TLS_CODES[code]}`, ExitCode.CONNECTION, hint);
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return mk(`cannot resolve the server host name${where}: ${msg.replace(/^getaddrinfo /, "")}`, ExitCode.CONNECTION, "check the URL given with --server, NATS_URL or the context");
  }
  if (code === "ECONNREFUSED" || (name === "ConnectionError" && /refused/i.test(msg))) {
    return mk(`connection refused${where}: is nats-server running there?`, ExitCode.CONNECTION, "start one with `nats server run`, or point --server/NATS_URL/--context at a running server");
  }
  const js = explainJetStreamApi(e, mk, ctx.jsRequest);
  if (js) return js;
  switch (name) {
    // Ctrl-C (or Ctrl-D) at a question (@inquirer/prompts): nothing was asked of the server yet
    case "ExitPromptError":
    case "AbortPromptError":
      return mk("interrupted", ExitCode.INTERRUPTED);
    case "UserAuthenticationExpiredError":
      return mk(`authentication failed${where}: the user credentials have expired${ctx.auth ? ` (using ${ctx.auth})` : ""}`, ExitCode.AUTH);
    case "AuthorizationError":
      return mk(`authentication failed${where}: ${msg}${ctx.auth ? ` (using ${ctx.auth})` : " (no credentials were given)"}`, ExitCode.AUTH, ctx.auth ? "check the credentials" : "pass credentials with --user/--password, --token, --creds or --nkey");
    case "PermissionViolationError":
      if (e.subject && isSystemSubject(e.subject)) return systemAccountError({ exitCode: ExitCode.PERMISSION, cause: err });
      return mk(`permission denied: ${e.operation ?? "operation"} to "${e.subject ?? "?"}" is not allowed for this user`, ExitCode.PERMISSION);
    case "NoResponders":
    case "NoRespondersError":
      if (e.subject && isSystemSubject(e.subject)) return systemAccountError({ cause: err });
      return mk(`no responders are available for "${e.subject ?? "the request"}"`, ExitCode.NO_RESPONDERS);
    case "TimeoutError":
      if (ctx.phase === "connect" && ctx.tlsWithoutCert) {
        // an mTLS server drops a client without a certificate silently: the client only sees a timeout
        return mk(`timed out connecting to${where}: the server may require a client certificate`, ExitCode.CONNECTION, "pass --tlscert and --tlskey (or NATS_CERT/NATS_KEY); raise --timeout for slow links");
      }
      if (ctx.phase === "connect") {
        return mk(`timed out connecting to${where}`, ExitCode.CONNECTION, "check the address and that a NATS server listens there (a firewall may drop the packets); raise --timeout for slow links");
      }
      return mk(`timed out${where ? ` waiting for${where}` : ""}`, ExitCode.TIMEOUT, "raise --timeout if the server is slow");
    case "RequestError": {
      const c = e.cause as AnyErr | undefined;
      if (c) return explain(c, ctx);
      return mk(msg, ExitCode.FAILURE);
    }
    case "InvalidSubjectError":
      return mk(`invalid subject: ${msg.replace(/^illegal subject: /, "")}`, ExitCode.USAGE, "subjects are dot-separated tokens without spaces");
    case "InvalidArgumentError":
      if (/max_payload/.test(msg)) return mk("message is larger than the server's max_payload", ExitCode.FAILURE, "send a smaller message, or raise max_payload on the server");
      return mk(msg, ExitCode.USAGE);
    case "NKeysError":
      return mk(`invalid nkey seed: ${msg}`, ExitCode.USAGE, "an nkey seed file holds one line starting with S (e.g. SU…)");
    case "ClosedConnectionError":
      return mk("the connection was closed", ExitCode.CONNECTION);
    case "ConnectionError":
      if (/does not support 'tls'|tls.*not.*support/i.test(msg)) return mk(`the server${where} does not support TLS`, ExitCode.CONNECTION, "use a nats:// URL and drop --tlsca/--tlscert/--tlsfirst");
      if (/doesn't exist/.test(msg)) return mk(`TLS file not found: ${msg.replace(/ doesn't exist$/, "")}`, ExitCode.USAGE);
      return mk(`connection failed${where}: ${msg}`, ExitCode.CONNECTION);
    case "StreamNotFoundError":
      return mk("stream not found", ExitCode.NOT_FOUND, "`nats stream ls` lists them");
    case "ConsumerNotFoundError":
      return mk("consumer not found", ExitCode.NOT_FOUND, "`nats consumer ls STREAM` lists them");
    case "JetStreamNotEnabled":
    case "JetStreamNotEnabledError":
      return mk(`JetStream is not enabled for this account${e.message ? ` (${msg})` : ""}`, ExitCode.FAILURE, "start the server with JetStream (-js), or ask the operator to enable it for the account");
  }
  if (/^invalid (key|bucket name): /.test(msg)) return mk(msg, ExitCode.USAGE);
  if (/maximum control line exceeded/i.test(msg)) {
    return mk("the server refused a protocol line longer than its max_control_line (4 KB unless configured)", ExitCode.USAGE, "shorten the subject, reply subject or headers");
  }
  if (msg === "object store not found") return mk(msg, ExitCode.NOT_FOUND);
  if (e.api_error || name === "JetStreamApiError") {
    const api = e.api_error ?? {};
    const errCode = api.err_code ?? (e as { code?: number }).code;
    const exit = api.code === 404 ? ExitCode.NOT_FOUND : ExitCode.FAILURE;
    return mk(`${api.description ?? msg}${errCode ? ` (${errCode})` : ""}`, exit);
  }
  if (code === "ENOENT") return mk(msg.replace(/^ENOENT: /, ""), ExitCode.FAILURE);
  if (code === "EACCES") return mk(msg.replace(/^EACCES: /, ""), ExitCode.FAILURE);
  return mk(msg || String(err), ExitCode.FAILURE);
}

/** JetStream API error codes (err_code) that mean "it does not exist" → exit 7. */
const JS_NOT_FOUND = new Set([10059, 10014, 10037, 10043]);
/** err_codes that mean "it clashes with what exists" → exit 8. */
const JS_CONFLICT = new Set([10058, 10065, 10013, 10105, 10148, 10071, 10164, 10060, 10070, 10056, 10077]);
const JS_HINTS: Record<number, string> = {
  10058: "pick another name, or edit the existing stream with `nats stream edit`",
  10065: "another stream already captures these subjects: see `nats stream ls --subject SUBJ`",
  10023: "lower --replicas, --max-bytes or the storage limits, or free space on the servers",
  10039: "ask the operator to enable JetStream for this account",
  10076: "start the server with JetStream (-js)",
};

/**
 * JetStream API errors (JetStreamApiError and its StreamNotFound/ConsumerNotFound subclasses) read
 * as the server's description plus its error code, with exit 7 for missing things and 8 for clashes.
 */
function explainJetStreamApi(e: AnyErr, mk: (msg: string, exitCode: number, hint?: string) => CliError, jsRequest?: string): CliError | undefined {
  if ((e.name === "JetStreamNotEnabled" || e.name === "JetStreamNotEnabledError") && /not enabled for account/i.test(e.message)) {
    return mk("JetStream is not enabled for this account (error 10039)", ExitCode.FAILURE, JS_HINTS[10039]);
  }
  const apiFn = (e as { apiError?: () => { code?: number; err_code?: number; description?: string } }).apiError;
  if (typeof apiFn !== "function") return undefined;
  const api = apiFn.call(e) ?? {};
  const errCode = api.err_code ?? 0;
  const status = api.code ?? 0;
  const desc = api.description ?? e.message;
  // a missing stream or consumer named, with the command that lists them (the server's text names neither)
  const target = jsRequest ? jsApiTarget(jsRequest) : {};
  if (errCode === 10059) return withCause(target.stream ? notFound("stream", target.stream, { list: "nats stream ls" }) : mk("stream not found (error 10059)", ExitCode.NOT_FOUND, "`nats stream ls` lists them"), e);
  if (errCode === 10014) {
    return withCause(target.stream && target.consumer ? notFound("consumer", target.consumer, { in: `stream "${target.stream}"`, list: `nats consumer ls ${target.stream}` })
      : mk("consumer not found (error 10014)", ExitCode.NOT_FOUND, target.stream ? `\`nats consumer ls ${target.stream}\` lists them` : "`nats consumer ls STREAM` lists them"), e);
  }
  const exit = JS_NOT_FOUND.has(errCode) || (status === 404 && !JS_HINTS[errCode]) ? ExitCode.NOT_FOUND
    : JS_CONFLICT.has(errCode) ? ExitCode.CONFLICT
    : ExitCode.FAILURE;
  return mk(`${desc}${errCode ? ` (error ${errCode})` : ""}`, exit, JS_HINTS[errCode]);
}

function withCause(c: CliError, cause: unknown): CliError {
  return c.cause === undefined ? new CliError(c.message, { exitCode: c.exitCode, hint: c.hint, cause }) : c;
}

/** Ends a command with an exit code after it has already reported its outcome (health gates, Nagios checks). */
export class ExitStatus extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = "ExitStatus";
  }
}

/**
 * The one-line form main() prints: message, then the hint after an em dash. Control characters a message
 * quotes from its input (a subject with a newline, a header with CR/LF, an escape sequence) are shown escaped,
 * so an error is always one line and cannot drive the terminal.
 */
export function formatError(e: CliError): string {
  const text = e.hint ? `${e.message} — ${e.hint}` : e.message;
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}
