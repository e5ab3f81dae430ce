import { Command, Option } from "commander";
import type { Deps } from "./deps.js";
import { COMMANDS, findInvoked, type CommandLoaders } from "./commands/registry.js";

export const VERSION = "0.1.0";

/** Adds natscli's global connection flags (they work before or after the sub-command). */
function addGlobalOptions(program: Command): void {
  program
    .option("-s, --server <url>", "NATS server urls, comma separated (env NATS_URL)")
    .option("--user <user>", "Username or Token (env NATS_USER)")
    .option("--password <password>", "Password (env NATS_PASSWORD)")
    .option("--token <token>", "Token to authenticate with (env NATS_TOKEN)")
    .option("--creds <file>", "User credentials file or URI: file://, env://, data:, op://, nsc:// (env NATS_CREDS)")
    .option("--nkey <file>", "User NKEY seed file or URI (env NATS_NKEY)")
    .option("--jwt <jwt>", "User JWT, literal or URI (env NATS_JWT)")
    .option("--seed <seed>", "User seed for --jwt, literal or URI (env NATS_SEED)")
    .option("--tlscert <file>", "TLS client certificate file (env NATS_CERT)")
    .option("--tlskey <file>", "TLS client private key file (env NATS_KEY)")
    .option("--tlsca <file>", "TLS certificate authority chain file (env NATS_CA)")
    .option("--tlsfirst", "Perform the TLS handshake before the server INFO")
    .addOption(new Option("--tls-first").hideHelp())
    .option("--timeout <duration>", "Time to wait on responses from NATS (env NATS_TIMEOUT)", undefined)
    .option("--context <name>", "Configuration context name or path to a .json file (env NATS_CONTEXT)")
    .option("--no-context", "Disable the selected context and ignore NATS_CONTEXT")
    .option("--connection-name <name>", "Name used for this connection")
    .option("--inbox-prefix <prefix>", "Custom inbox prefix to use for inboxes")
    .option("--js-domain <domain>", "JetStream domain to access")
    .addOption(new Option("--domain <domain>").hideHelp())
    .option("--js-api-prefix <prefix>", "Subject prefix for access to JetStream API")
    .option("--js-event-prefix <prefix>", "Subject prefix for access to JetStream Advisories")
    .addOption(new Option("--socks-proxy <proxy>").hideHelp())
    .addOption(new Option("--colors <scheme>").hideHelp())
    .option("--trace", "Trace API interactions and connection events");
  program.hook("preAction", (_this, action) => {
    // Fold the hidden natscli aliases into the documented flags.
    const root = action.parent ? rootOf(action) : action;
    const o = root.opts();
    if (o.tlsFirst) root.setOptionValue("tlsfirst", true);
    if (o.domain && !o.jsDomain) root.setOptionValue("jsDomain", o.domain);
  });
}

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** Applies our output streams and exitOverride to every command (addCommand does not pass them down). */
export function configureTree(cmd: Command, deps: Deps): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => deps.io.out.write(s),
    writeErr: (s) => deps.io.err.write(s),
    outputError: (s, write) => write(s.startsWith("error:") ? `nats: ${s}` : s),
  });
  cmd.showSuggestionAfterError(true);
  // sub-command help lists the connection flags too, as natscli's does
  if (cmd.parent) cmd.configureHelp({ showGlobalOptions: true });
  for (const c of cmd.commands) configureTree(c, deps);
}

export interface BuildOptions {
  /** Load every command module (completion generation, tests); otherwise only the invoked one. */
  all?: boolean;
}

/**
 * Builds the command tree. Only the invoked top-level command's module is imported (from `commands`);
 * the others are light entries for help, so `nats pub` does not pay for loading JetStream, KV or tables.
 */
export async function buildProgram(deps: Deps, args: string[], commands: CommandLoaders, opts: BuildOptions = {}): Promise<Command> {
  const program = new Command("nats")
    .description("NATS Utility: natscli-compatible command line for NATS (natsx)")
    .version(VERSION, "--version", "Show the application version")
    .helpOption("-h, --help", "Show help")
    .addHelpCommand(true)
    .enablePositionalOptions(false);
  addGlobalOptions(program);
  let invoked = findInvoked(args);
  if (!invoked && args.includes("help")) invoked = findInvoked(args.slice(args.indexOf("help") + 1));
  // the other commands' entries only matter to help and to "unknown command" suggestions
  const helping = args.some((a) => a === "help" || a === "--help" || a === "-h");
  for (const entry of COMMANDS) {
    if (opts.all || entry === invoked) {
      const load = commands[entry.name];
      if (!load) throw new Error(`this build of nats cannot run \`${entry.name}\``);
      const mod = await load();
      const cmd = mod.createCommand(deps);
      program.addCommand(cmd);
    } else if (!invoked || helping) {
      program.addCommand(new Command(entry.name).aliases(entry.aliases).description(entry.description).allowUnknownOption().allowExcessArguments());
    }
  }
  configureTree(program, deps);
  return program;
}
