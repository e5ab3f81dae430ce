import type { Command } from "commander";
import type { Deps } from "../deps.js";
import { GLOBAL_VALUE_OPTIONS } from "../global-options.js";
import type { FastCommand } from "../fast-args.js";

/** What every top-level command module exports. */
export interface CommandModule {
  createCommand(deps: Deps): Command;
  /** Set by one-shot commands that can run without commander (src/fast-args.ts). */
  fastPath?: FastCommand;
}

/** A top-level command: listed in help without loading its module; loaded only when invoked. */
export interface CommandEntry {
  name: string;
  aliases: string[];
  description: string;
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
  { name: "completion", aliases: [], description: "Print a shell completion script (bash, zsh or fish)" },
];

/** Finds the top-level command the user invoked (by name or alias), skipping global options and their values. */
export function findInvoked(args: readonly string[]): CommandEntry | undefined {
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
