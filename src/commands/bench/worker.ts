import { parentPort, workerData } from "node:worker_threads";
import { buildConnectPlan, openConnection } from "../../context/connect.js";
import { explain } from "../../errors.js";
import { hostClients } from "./host.js";
import type { WorkerInput, WorkerMessage } from "./threads.js";

// The entry of a benchmark worker thread (built to dist/bench-worker.cjs): its share of the run's clients, on
// connections of its own made from the same settings as the command's (flags, NATS_* variables, context).

const port = parentPort!;
const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => port.postMessage(m);

let go!: () => void;
let stop!: () => void;
const signals = { go: new Promise<void>((r) => { go = r; }), stop: new Promise<void>((r) => { stop = r; }) };
port.on("message", (m: { t: string }) => {
  if (m.t === "go") go();
  else if (m.t === "stop") stop();
});

// progress goes to the command's bars ten times a second, not per message
const counts = new Map<number, number>();
const flushCounts = () => {
  if (counts.size === 0) return;
  post({ t: "progress", counts: [...counts] });
  counts.clear();
};
const timer = setInterval(flushCounts, 100);

async function main(): Promise<void> {
  const plan = await buildConnectPlan(input.resolved, input.env);
  const connect = async () => {
    try {
      return await openConnection(plan);
    } catch (e) {
      throw explain(e, { where: plan.where, auth: plan.auth, secrets: plan.secrets, phase: "connect" });
    }
  };
  try {
    const results = await hostClients(input.spec, input.tasks, connect, {
      ready: () => post({ t: "ready" }),
      progress: (i, n) => counts.set(i, (counts.get(i) ?? 0) + n),
      warn: (line) => post({ t: "warn", line }),
    }, signals);
    flushCounts();
    post({ t: "results", results });
  } catch (e) {
    const c = explain(e, { secrets: plan.secrets });
    post({ t: "error", message: c.message, hint: c.hint, exitCode: c.exitCode });
  }
}

void main().finally(() => {
  clearInterval(timer);
  port.close();
});
