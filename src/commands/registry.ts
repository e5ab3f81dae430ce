import type { Command } from "commander";
import type { Deps } from "../deps.js";
import { GLOBAL_VALUE_OPTIONS } from "../global-options.js";
import type { FastCommand } from "../fast-args.js";

/** What a top-level command may ask of the program it is part of. */
export interface ProgramContext {
  /** The whole command tree with every module loaded (`nats completion` walks it). */
  fullTree(): Promise<Command>;
}

/** What every top-level command module exports. */
export interface CommandModule {
  createCommand(deps: Deps, program: ProgramContext): Command;
  /** Set by one-shot commands that can run without commander (src/fast-args.ts). */
  fastPath?: FastCommand;
}

/** A top-level command: listed in help without loading its module; loaded only when invoked. */
export interface CommandEntry {
  name: string;
  aliases: string[];
  description: string;
  /** Left out of help and of the completion scripts' command lists (`__complete`, which the scripts call). */
  hidden?: boolean;
}

/**
 * The command modules a build can load, by entry name. Kept apart from COMMANDS because a bundle holds
 * every module one of its import() calls names: the full entry (src/cli.ts) passes ALL_COMMANDS
 * (src/commands/loaders.ts), the `pub`/`req` bundle's entry (src/cli-lite.ts) only those two.
 */
export type CommandLoaders = Readonly<Record<string, () => Promise<CommandModule>>>;

// Order is the order of `nats --help`. Names, aliases and descriptions follow natscli.
export const COMMANDS: CommandEntry[] = [
  { name: "context", aliases: ["ctx"], description: "Manage nats configuration contexts" },
  { name: "publish", aliases: ["pub"], description: "Generic data publish utility" },
  { name: "subscribe", aliases: ["sub"], description: "Generic subscription client" },
  { name: "request", aliases: ["req"], description: "Generic request-reply request utility" },
  { name: "reply", aliases: [], description: "Generic service reply utility" },
  { name: "stream", aliases: ["str", "st", "ms", "s"], description: "JetStream Stream management" },
  { name: "consumer", aliases: ["con", "obs", "c"], description: "JetStream Consumer management" },
  { name: "kv", aliases: [], description: "Interacts with a JetStream based Key-Value store" },
  { name: "object", aliases: ["obj"], description: "Interacts with a JetStream based Object store" },
  { name: "server", aliases: ["srv", "sys", "system"], description: "Server information, health checks and a local test server" },
  { name: "rtt", aliases: [], description: "Compute round-trip time to NATS server" },
  { name: "account", aliases: ["a"], description: "Account information and status" },
  { name: "auth", aliases: [], description: "NATS Decentralized Authentication" },
  { name: "service", aliases: ["micro"], description: "Interact with NATS Micro Services" },
  { name: "bench", aliases: [], description: "Benchmark utility" },
  { name: "events", aliases: ["event", "e"], description: "Show Advisories and Events" },
  { name: "top", aliases: [], description: "Shows top-like statistic for connections on a specific server" },
  { name: "traffic", aliases: [], description: "Monitor NATS network traffic" },
  { name: "latency", aliases: ["lat"], description: "Perform latency tests between two NATS servers" },
  { name: "trace", aliases: [], description: "Trace message delivery within an NATS network" },
  { name: "errors", aliases: ["err", "error"], description: "Error code documentation" },
  { name: "schema", aliases: [], description: "Schema tools" },
  { name: "cheat", aliases: [], description: "Shows cheats for nats" },
  { name: "completion", aliases: [], description: "Print a shell completion script (bash, zsh or fish)" },
  { name: "__complete", aliases: [], description: "Names for the shell completion scripts, one per line (internal)", hidden: true },
];

/**
 * The command line as start-up reads it, once: the bundle's entry (src/cli*.ts) or main() finds it and hands it
 * to the fast path and to buildProgram, so argv is searched for the command's name one time per run.
 */
export interface Invocation {
  args: readonly string[];
  /** The top-level command named (by name or alias, global options and their values skipped), or the one after `help`. */
  command?: CommandEntry;
  /** `help`, `--help` or `-h` somewhere: the program then lists every command. */
  helping: boolean;
}

/** Reads which top-level command argv invokes, and whether help was asked for. */
export function findInvocation(args: readonly string[]): Invocation {
  let command = findInvoked(args);
  const at = args.indexOf("help");
  if (!command && at >= 0) command = findInvoked(args.slice(at + 1));
  return { args, command, helping: at >= 0 || args.includes("--help") || args.includes("-h") };
}

/** Finds the top-level command named in args (by name or alias), skipping global options and their values. */
function findInvoked(args: readonly string[]): CommandEntry | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return undefined;
    if (a.startsWith("-")) {
      if (!a.includes("=") && GLOBAL_VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return COMMANDS.find((c) => c.name === a || c.aliases.includes(a));
  }
  return undefined;
}
