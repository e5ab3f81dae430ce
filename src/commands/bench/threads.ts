import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ResolvedSettings } from "../../context/resolve.js";
import { CliError } from "../../errors.js";
import type { HostEvents, HostSignals } from "./host.js";
import type { BenchSpec, ClientResult, ClientTask } from "./spec.js";

// Clients on every core: the clients of a run are spread over worker threads (node:worker_threads), one per core
// at most, each running its share with hostClients() on connections of its own (src/commands/bench/worker.ts,
// built to dist/bench-worker.cjs). The thread reports readiness, progress and results by message; this side starts
// them together, stops them on Ctrl-C and gathers what they measured.

/** What a worker thread is given. */
export interface WorkerInput {
  spec: BenchSpec;
  tasks: ClientTask[];
  resolved: ResolvedSettings;
  env: Record<string, string | undefined>;
}

/** Messages from a worker thread. */
export type WorkerMessage =
  | { t: "ready" }
  | { t: "progress"; counts: [number, number][] }
  | { t: "warn"; line: string }
  | { t: "results"; results: ClientResult[] }
  | { t: "error"; message: string; hint?: string; exitCode: number };

/** The worker's bundle: next to this bundle (dist/), or dist/ of the checkout when running from sources (tests). */
export function workerFile(): string | undefined {
  for (const rel of ["./bench-worker.cjs", "../../../dist/bench-worker.cjs"]) {
    try {
      const f = fileURLToPath(new URL(rel, import.meta.url));
      if (existsSync(f)) return f;
    } catch {
      // not a file: URL
    }
  }
  return undefined;
}

/** Splits tasks over `threads` groups, round robin (client 1 and 2 on different threads). */
export function spread<T>(tasks: readonly T[], threads: number): T[][] {
  const groups: T[][] = Array.from({ length: Math.min(threads, tasks.length) }, () => []);
  tasks.forEach((t, i) => groups[i % groups.length]!.push(t));
  return groups;
}

/** Runs the tasks on worker threads; the same contract as hostClients(). */
export async function hostInThreads(file: string, spec: BenchSpec, tasks: readonly ClientTask[], threads: number, resolved: ResolvedSettings, env: Record<string, string | undefined>, ev: HostEvents, sig: HostSignals): Promise<ClientResult[]> {
  const { Worker } = await import("node:worker_threads");
  const groups = spread(tasks, threads);
  let readyLeft = groups.length;
  let failure: CliError | undefined;
  const workers = groups.map((group) => new Worker(file, { workerData: { spec, tasks: group, resolved, env } satisfies WorkerInput, stdout: false, stderr: false }));
  const stopAll = () => { for (const w of workers) w.postMessage({ t: "stop" }); };
  void sig.go.then(() => { for (const w of workers) w.postMessage({ t: "go" }); });
  void sig.stop.then(stopAll);
  const results = await Promise.all(workers.map((w) => new Promise<ClientResult[]>((resolve) => {
    let got: ClientResult[] = [];
    let said = false;
    const ready = () => {
      if (said) return;
      said = true;
      if (--readyLeft === 0) ev.ready();
    };
    w.on("message", (m: WorkerMessage) => {
      if (m.t === "ready") ready();
      else if (m.t === "progress") for (const [i, n] of m.counts) ev.progress(i, n);
      else if (m.t === "warn") ev.warn(m.line);
      else if (m.t === "results") got = m.results;
      else if (m.t === "error") {
        failure ??= new CliError(m.message, { hint: m.hint, exitCode: m.exitCode });
        // the others are stopped; a thread that failed before it was ready must not hold up the start
        ready();
        stopAll();
      }
    });
    w.on("error", (e) => {
      failure ??= new CliError(`a benchmark thread failed: ${e.message}`);
      ready();
      stopAll();
    });
    w.on("exit", () => resolve(got));
  })));
  if (failure) throw failure;
  const index = new Map(tasks.map((t, i) => [t.index, i]));
  return results.flat().sort((a, b) => (index.get(a.index) ?? 0) - (index.get(b.index) ?? 0));
}
