import type { NatsConnection } from "@nats-io/transport-node";
import type { Io } from "./output/io.js";
import type { ConnectPlan } from "./context/connect.js";

/** Everything a command needs from the outside world; tests build their own. */
export interface Deps {
  io: Io;
  /** Read this, never process.env. */
  env: Record<string, string | undefined>;
  now: () => number;
  /** Opens a connection from a resolved plan (tests may wrap it). */
  connect: (plan: ConnectPlan) => Promise<NatsConnection>;
  /** natscli's config root: $XDG_CONFIG_HOME/nats (contexts live in its context/ folder). */
  configDir: string;
  /** Aborted on Ctrl-C / SIGTERM: long-running commands finish cleanly. */
  signal: AbortSignal;
  cwd: string;
  homeDir: string;
}
