import type { NatsConnection } from "@nats-io/transport-node";
import type { BenchSpec, ClientResult, ClientTask } from "../spec.js";
import { loadHdr } from "../stats.js";
import type { ClientControl } from "./common.js";

export type { ClientControl } from "./common.js";

/** Runs one client of a run on its connection, whichever host it is on (this process, a worker thread, an agent). */
export async function runClient(spec: BenchSpec, task: ClientTask, nc: NatsConnection, ctl: ClientControl): Promise<ClientResult> {
  await loadHdr();
  if (task.role === "pub") return (await import("./core.js")).corePub(spec, task, nc, ctl);
  if (task.role === "sub") return (await import("./core.js")).coreSub(spec, task, nc, ctl);
  switch (spec.mode) {
    case "pub": return (await import("./core.js")).corePub(spec, task, nc, ctl);
    case "sub": return (await import("./core.js")).coreSub(spec, task, nc, ctl);
    case "request": return (await import("./core.js")).coreRequest(spec, task, nc, ctl);
    case "serve": return (await import("./core.js")).coreServe(spec, task, nc, ctl);
    case "js-pub-sync":
    case "js-pub-async":
    case "js-pub-batch":
    case "js-pub-fast": return (await import("./js.js")).jsPub(spec, task, nc, ctl);
    case "js-ordered":
    case "js-consume":
    case "js-fetch": return (await import("./js.js")).jsConsume(spec, task, nc, ctl);
    case "js-get-sync":
    case "js-get-batch": return (await import("./js.js")).jsGet(spec, task, nc, ctl);
    case "kv-put": return (await import("./kv.js")).kvPut(spec, task, nc, ctl);
    case "kv-get": return (await import("./kv.js")).kvGet(spec, task, nc, ctl);
  }
}
