import { availableParallelism } from "node:os";
import type { Deps } from "../../deps.js";
import { connectPlan } from "../../context/connect.js";
import type { ConnectPlan } from "../../context/plan.js";
import { explain } from "../../errors.js";
import { hostClients, type HostEvents, type HostSignals } from "./host.js";
import type { BenchSpec, ClientResult, ClientTask } from "./spec.js";

/**
 * Runs tasks on this machine: on worker threads (one per core at most, so two clients use two cores) when there
 * are several, in this thread when there is one (or the worker bundle is not built).
 */
export async function hostLocally(deps: Deps, plan: ConnectPlan, spec: BenchSpec, tasks: ClientTask[], ev: HostEvents, sig: HostSignals): Promise<ClientResult[]> {
  const threads = Math.min(tasks.length, availableParallelism());
  if (threads > 1) {
    const { hostInThreads, workerFile } = await import("./threads.js");
    const file = workerFile();
    if (file) return hostInThreads(file, spec, tasks, threads, plan.resolved, deps.env, ev, sig);
  }
  try {
    return await hostClients(spec, tasks, () => connectPlan(deps, plan), ev, sig);
  } catch (e) {
    throw explain(e, { secrets: plan.secrets });
  }
}

