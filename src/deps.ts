import type { NatsConnection, NodeConnectionOptions } from "@nats-io/transport-node";
import type { Io } from "./output/io.js";

/** Where and how to open a connection: the part of the context loader's ConnectPlan that Deps.connect reads. */
export interface Dial {
  /** host:port entries for nats/tls; full URLs for ws/wss. */
  servers: string[];
  websocket: boolean;
  options: NodeConnectionOptions;
  /** Files for wss:// TLS (wsconnect cannot take `tls`). */
  wsTls?: { ca?: string; cert?: string; key?: string };
  timeoutMs: number;
}

/** Everything a command needs from the outside world; tests build their own. */
export interface Deps {
  io: Io;
  /** Read this, never process.env. */
  env: Record<string, string | undefined>;
  now: () => number;
  /** Opens a connection as a resolved plan says (tests may wrap it). */
  connect: (dial: Dial) => Promise<NatsConnection>;
  /** natscli's config root: $XDG_CONFIG_HOME/nats (contexts live in its context/ folder). */
  configDir: string;
  /** Aborted on Ctrl-C / SIGTERM: long-running commands finish cleanly. */
  signal: AbortSignal;
  cwd: string;
  homeDir: string;
  /**
   * Registers a synchronous last-moment cleanup, run when the process exits however it does (a second Ctrl-C, a
   * closed terminal); returns its remover. For what would outlive the process otherwise (`server run`'s server).
   * Absent in tests that run commands in-process.
   */
  onExit?: (fn: () => void) => () => void;
}
