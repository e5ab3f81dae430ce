import type { Command } from "commander";
import type { Deps } from "../deps.js";

/** What every top-level command module exports. */
export interface CommandModule {
  createCommand(deps: Deps): Command;
}

/** A top-level command: listed in help without loading its module; loaded only when invoked. */
export interface CommandEntry {
  name: string;
  aliases: string[];
  description: string;
  load: () => Promise<CommandModule>;
}

// Order is the order of `nats --help`. Names, aliases and descriptions follow natscli.
export const COMMANDS: CommandEntry[] = [
  { name: "context", aliases: ["ctx"], description: "Manage nats configuration contexts", load: () => import("./context/index.js") },
  { name: "publish", aliases: ["pub"], description: "Generic data publish utility", load: () => import("./pub.js") },
  { name: "subscribe", aliases: ["sub"], description: "Generic subscription client", load: () => import("./sub.js") },
  { name: "request", aliases: ["req"], description: "Generic request-reply request utility", load: () => import("./req.js") },
  { name: "reply", aliases: [], description: "Generic service reply utility", load: () => import("./reply.js") },
  { name: "stream", aliases: ["str", "st", "ms", "s"], description: "JetStream Stream management", load: () => import("./stream/index.js") },
  { name: "consumer", aliases: ["con", "obs", "c"], description: "JetStream Consumer management", load: () => import("./consumer/index.js") },
  { name: "kv", aliases: [], description: "Interacts with a JetStream based Key-Value store", load: () => import("./kv/index.js") },
  { name: "object", aliases: ["obj"], description: "Interacts with a JetStream based Object store", load: () => import("./object/index.js") },
  { name: "server", aliases: ["srv", "sys", "system"], description: "Server information, health checks and a local test server", load: () => import("./server/index.js") },
  { name: "rtt", aliases: [], description: "Compute round-trip time to NATS server", load: () => import("./rtt.js") },
  { name: "account", aliases: ["a"], description: "Account information and status", load: () => import("./account/index.js") },
  { name: "service", aliases: ["micro"], description: "Interact with NATS Micro Services", load: () => import("./service/index.js") },
  { name: "bench", aliases: [], description: "Benchmark utility", load: () => import("./bench/index.js") },
  { name: "completion", aliases: [], description: "Print a shell completion script (bash, zsh or fish)", load: () => import("./completion.js") },
];

/** Global options that take a value: needed to find the sub-command in argv without parsing everything. */
export const GLOBAL_VALUE_OPTIONS = new Set([
  "-s", "--server", "--user", "--password", "--token", "--creds", "--nkey", "--jwt", "--seed", "--tlscert", "--tlskey", "--tlsca",
  "--timeout", "--context", "--connection-name", "--inbox-prefix", "--js-domain", "--domain", "--js-api-prefix", "--js-event-prefix",
  "--socks-proxy", "--colors",
]);

/** Finds the top-level command the user invoked (by name or alias), skipping global options and their values. */
export function findInvoked(args: string[]): CommandEntry | undefined {
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
