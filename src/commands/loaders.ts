import type { CommandLoaders } from "./registry.js";

/** Every top-level command's module (the full build); each is imported only when its command runs. */
export const ALL_COMMANDS: CommandLoaders = {
  context: () => import("./context/index.js"),
  publish: () => import("./pub.js"),
  subscribe: () => import("./sub.js"),
  request: () => import("./req.js"),
  reply: () => import("./reply.js"),
  stream: () => import("./stream/index.js"),
  consumer: () => import("./consumer/index.js"),
  kv: () => import("./kv/index.js"),
  object: () => import("./object/index.js"),
  server: () => import("./server/index.js"),
  rtt: () => import("./rtt.js"),
  account: () => import("./account/index.js"),
  auth: () => import("./auth/index.js"),
  service: () => import("./service/index.js"),
  bench: () => import("./bench/index.js"),
  events: () => import("./events.js"),
  top: () => import("./top.js"),
  traffic: () => import("./traffic.js"),
  latency: () => import("./latency.js"),
  trace: () => import("./trace.js"),
  errors: () => import("./errors/index.js"),
  schema: () => import("./schema/index.js"),
  cheat: () => import("./cheat.js"),
  completion: () => import("./completion.js"),
};
