import type { Dial } from "../deps.js";
import type { ResolvedSettings } from "./resolve.js";

// The context loader's data: what it reads (OptionSource) and what it hands on (ConnectPlan, JsOptions). Types and
// one constructor, so commands, the fast path and the JetStream helpers can name them without loading connect.ts.

/** What a command's action reads the global flags from: commander's Command, or the fast path's result. */
export interface OptionSource {
  optsWithGlobals(): Record<string, unknown>;
}

/** JetStream options every JetStream-using command passes to jetstream()/jetstreamManager(). */
export interface JsOptions {
  timeout: number;
  domain?: string;
  apiPrefix?: string;
}

/**
 * JetStream options with no undefined keys: the client spreads them over its defaults, so an
 * undefined apiPrefix would erase the default "$JS.API" ("'prefix' cannot be empty").
 */
export function jsOptions(timeout: number, domain?: string, apiPrefix?: string): JsOptions {
  const o: JsOptions = { timeout };
  if (domain) o.domain = domain;
  if (apiPrefix) o.apiPrefix = apiPrefix;
  return o;
}

/** Everything needed to open a connection, resolved and validated, with secrets listed for scrubbing. */
export interface ConnectPlan extends Dial {
  /** Redacted server list as the user gave it. */
  display: string;
  /** e.g. "nats://127.0.0.1:4222 (from --server)". */
  where: string;
  /** e.g. "user/password (from --user)"; undefined when no credentials are used. */
  auth?: string;
  secrets: string[];
  trace: boolean;
  js: JsOptions;
  resolved: ResolvedSettings;
}

