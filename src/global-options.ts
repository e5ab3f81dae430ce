import type { Command } from "commander";
import { commander } from "./commander.js";
import { collect } from "./util/flags.js";

/**
 * A command-line option as data. Commander registers it (addOptions) and, for commands with a fast path,
 * src/fast-args.ts reads argv with the same table, so the two cannot disagree about what a flag is.
 */
export interface OptionDef {
  long: string;
  short?: string;
  /** The value's name for help (`<url>`); none for a switch. */
  arg?: string;
  description: string;
  /** The value when the flag is not given (commander's default, shown in help). */
  default?: string | boolean;
  /** The only values accepted. */
  choices?: readonly string[];
  /** Each use adds its value to a list (`-H a:1 -H b:2`). */
  repeatable?: boolean;
  /** natscli's undocumented spellings: accepted, not listed. */
  hidden?: boolean;
}

/** Commander's spelling of an option: `-s, --server <url>`. */
export function optionFlags(o: OptionDef): string {
  return `${o.short ? `${o.short}, ` : ""}${o.long}${o.arg ? ` ${o.arg}` : ""}`;
}

/** Registers a table of options on a command, in table order (the order of help). */
export function addOptions(cmd: Command, defs: readonly OptionDef[]): Command {
  const { Option } = commander();
  for (const o of defs) {
    const opt = new Option(optionFlags(o), o.description);
    if (o.default !== undefined) opt.default(o.default);
    if (o.choices) opt.choices(o.choices);
    if (o.repeatable) opt.argParser(collect);
    cmd.addOption(o.hidden ? opt.hideHelp() : opt);
  }
  return cmd;
}

/** natscli's global connection flags, in help order. They work before or after the sub-command. */
export const GLOBAL_OPTIONS: readonly OptionDef[] = [
  { short: "-s", long: "--server", arg: "<url>", description: "NATS server urls, comma separated (env NATS_URL)" },
  { long: "--user", arg: "<user>", description: "Username or Token (env NATS_USER)" },
  { long: "--password", arg: "<password>", description: "Password (env NATS_PASSWORD)" },
  { long: "--token", arg: "<token>", description: "Token to authenticate with (env NATS_TOKEN)" },
  { long: "--creds", arg: "<file>", description: "User credentials file or URI: file://, env://, data:, op://, nsc:// (env NATS_CREDS)" },
  { long: "--nkey", arg: "<file>", description: "User NKEY seed file or URI (env NATS_NKEY)" },
  { long: "--jwt", arg: "<jwt>", description: "User JWT, literal or URI (env NATS_JWT)" },
  { long: "--seed", arg: "<seed>", description: "User seed for --jwt, literal or URI (env NATS_SEED)" },
  { long: "--tlscert", arg: "<file>", description: "TLS client certificate file (env NATS_CERT)" },
  { long: "--tlskey", arg: "<file>", description: "TLS client private key file (env NATS_KEY)" },
  { long: "--tlsca", arg: "<file>", description: "TLS certificate authority chain file (env NATS_CA)" },
  { long: "--tlsfirst", description: "Perform the TLS handshake before the server INFO" },
  { long: "--tls-first", description: "", hidden: true },
  { long: "--timeout", arg: "<duration>", description: "Time to wait on responses from NATS (env NATS_TIMEOUT)" },
  { long: "--context", arg: "<name>", description: "Configuration context name or path to a .json file (env NATS_CONTEXT)" },
  { long: "--no-context", description: "Disable the selected context and ignore NATS_CONTEXT" },
  { long: "--connection-name", arg: "<name>", description: "Name used for this connection" },
  { long: "--inbox-prefix", arg: "<prefix>", description: "Custom inbox prefix to use for inboxes" },
  { long: "--js-domain", arg: "<domain>", description: "JetStream domain to access" },
  { long: "--domain", arg: "<domain>", description: "", hidden: true },
  { long: "--js-api-prefix", arg: "<prefix>", description: "Subject prefix for access to JetStream API" },
  { long: "--js-event-prefix", arg: "<prefix>", description: "Subject prefix for access to JetStream Advisories" },
  { long: "--socks-proxy", arg: "<proxy>", description: "", hidden: true },
  { long: "--colors", arg: "<scheme>", description: "", hidden: true },
  { long: "--trace", description: "Trace API interactions and connection events" },
];

/** Global options that take a value: needed to find the sub-command in argv without parsing everything. */
export const GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set(GLOBAL_OPTIONS.flatMap((o) => (o.arg ? [o.long, ...(o.short ? [o.short] : [])] : [])));

/** What the hidden spellings mean: `--tls-first` is `--tlsfirst`, `--domain` is `--js-domain` unless that is given too. */
export function globalAliasValues(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  if (o.tlsFirst) r.tlsfirst = true;
  if (o.domain && !o.jsDomain) r.jsDomain = o.domain;
  return r;
}

/** Adds the global options to the root `program`, in help order, and folds the hidden spellings into the documented flags. */
export function addGlobalOptions(program: Command): void {
  addOptions(program, GLOBAL_OPTIONS);
  program.hook("preAction", () => {
    for (const [k, v] of Object.entries(globalAliasValues(program.opts()))) program.setOptionValue(k, v);
  });
}
