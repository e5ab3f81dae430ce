import type { NatsConnection } from "@nats-io/transport-node";
import type { BenchSpec, ClientResult, ClientTask } from "./spec.js";
import type { ClientControl } from "./clients/common.js";

// Runs some clients of a run in this thread: the same code in the command's own process, in each worker thread
// and in each `bench agent`. It connects every client, says when all of them are ready (subscribed, bound), starts
// them together when told to, stops them when told to, and hands back what each measured.

/** What a host reports while its clients run. */
export interface HostEvents {
  /** Every client of this host is connected and ready. */
  ready(): void;
  /** Client `index` (ClientTask.index) completed `n` more messages. */
  progress(index: number, n: number): void;
  warn(line: string): void;
}

/** How the run drives a host. */
export interface HostSignals {
  /** Resolves when every client of the run (all hosts) may start. */
  go: Promise<void>;
  /** Resolves when the run is to stop (Ctrl-C, another client's failure). */
  stop: Promise<void>;
}

/**
 * Connects a client per task, runs them together and returns their results in task order. A client that fails
 * stops the others; the first failure is thrown once all have returned. Connections are closed at the end.
 */
export async function hostClients(spec: BenchSpec, tasks: readonly ClientTask[], connect: () => Promise<NatsConnection>, ev: HostEvents, sig: HostSignals): Promise<ClientResult[]> {
  const { runClient } = await import("./clients/index.js");
  const conns: NatsConnection[] = [];
  let stopped = false;
  let stopNow!: () => void;
  const stopping = new Promise<void>((r) => { stopNow = r; });
  void sig.stop.then(() => { stopped = true; stopNow(); });
  let disconnected = false;
  try {
    for (const t of tasks) {
      const nc = await connect();
      conns.push(nc);
      void (async () => {
        for await (const s of nc.status()) {
          if (s.type === "disconnect") {
            disconnected = true;
            ev.warn(`Disconnected from ${s.server}, will attempt reconnect`);
          } else if (s.type === "error" || s.type === "slowConsumer") {
            disconnected = true;
            ev.warn(`Async connection error received: ${s.type === "error" ? s.error.message : `slow consumer on ${s.sub.getSubject()}`}`);
          }
        }
      })().catch(() => undefined);
      void t;
    }
    let readyLeft = tasks.length;
    const ctl = (t: ClientTask): ClientControl => ({
      stopped: () => stopped,
      stopping,
      progress: (n) => ev.progress(t.index, n),
      ready: () => {
        if (--readyLeft === 0) ev.ready();
        return Promise.race([sig.go, stopping]);
      },
      warn: (line) => ev.warn(line),
    });
    let failure: unknown;
    const results = await Promise.all(tasks.map((t, i) => runClient(spec, t, conns[i]!, ctl(t)).catch((e: unknown) => {
      failure ??= e;
      stopped = true;
      stopNow();
      // a client that never said it was ready would keep the others waiting for `go`
      if (readyLeft > 0) { readyLeft = 1; ctl(t).ready(); }
      return undefined;
    })));
    if (failure) throw failure;
    if (disconnected) ev.warn("WARNING: at least one of the clients disconnected or experienced an error during the benchmark. These results are not optimal!");
    return results as ClientResult[];
  } finally {
    stopped = true;
    stopNow();
    await Promise.all(conns.map((nc) => nc.close().catch(() => undefined)));
  }
}
