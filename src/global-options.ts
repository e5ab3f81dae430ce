import { Option, type Command } from "commander";

interface GlobalOption {
  long: string;
  short?: string;
  /** The value's name for help (`<url>`); none for a switch. */
  arg?: string;
  description: string;
  /** natscli's undocumented spellings: accepted, not listed. */
  hidden?: boolean;
}

/** natscli's global connection flags, in help order. They work before or after the sub-command. */
const GLOBAL_OPTIONS: readonly GlobalOption[] = [
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

/** Adds the global options to the root `program`, in help order, and folds the hidden spellings into the documented flags. */
export function addGlobalOptions(program: Command): void {
  for (const o of GLOBAL_OPTIONS) {
    const opt = new Option(`${o.short ? `${o.short}, ` : ""}${o.long}${o.arg ? ` ${o.arg}` : ""}`, o.description);
    program.addOption(o.hidden ? opt.hideHelp() : opt);
  }
  program.hook("preAction", () => {
    const o = program.opts();
    if (o.tlsFirst) program.setOptionValue("tlsfirst", true);
    if (o.domain && !o.jsDomain) program.setOptionValue("jsDomain", o.domain);
  });
}
