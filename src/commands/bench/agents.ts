import { hostname, availableParallelism } from "node:os";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { connectPlan } from "../../context/connect.js";
import type { ConnectPlan } from "../../context/plan.js";
import { CliError, ExitCode, explain } from "../../errors.js";
import { commas } from "../../output/format.js";
import { log } from "../../output/io.js";
import type { MultiProgress } from "../../output/progress.js";
import { createInbox, nuid } from "../../nats-client.js";
import type { HostEvents, HostSignals } from "./host.js";
import { hostLocally } from "./local.js";
import type { OutputFlags } from "./options.js";
import { type BenchSpec, type ClientResult, type ClientTask, LABELS } from "./spec.js";

// Clients on many hosts, with the cluster under test as the only coordinator: `nats bench agent` on each host
// waits for work on <prefix>.hello and <prefix>.agent.<id>; a run with --agents N finds N idle agents, hands each
// its share of the clients, starts them together and gathers their results — no SSH, no other service.
//
//   coordinator → <prefix>.hello (reply: an inbox)                 agents answer {id, name, host, cores, busy}
//   coordinator → <prefix>.agent.<id> (request) {spec, tasks, run}  the agent answers {ok} and starts connecting
//   agent → <prefix>.run.<run>.ready|progress|warn|result|error.<id>
//   coordinator → <prefix>.run.<run>.go | .stop
// Each agent connects its clients with its own settings (flags, NATS_* variables, context).

const enc = new TextEncoder();
const dec = new TextDecoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const parse = <T>(d: Uint8Array): T => JSON.parse(dec.decode(d)) as T;

interface Hello { id: string; name: string; host: string; cores: number; busy: boolean }
interface Assignment { run: string; spec: BenchSpec; tasks: ClientTask[] }
type AgentReport =
  | { t: "ready" }
  | { t: "progress"; counts: [number, number][] }
  | { t: "warn"; line: string }
  | { t: "result"; result: ClientResult }
  | { t: "done"; count: number }
  | { t: "error"; message: string; hint?: string; exitCode: number };

/** An agent says it is alive at least this often while running (progress or an empty beat). */
const BEAT_MS = 500;

/** Fewer samples for the plot's rate curve: the result has to fit in one message. */
function thin(timeline: number[], max = 1000): number[] {
  const n = timeline.length / 2;
  if (n <= max) return timeline;
  const out: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.floor((k * (n - 1)) / (max - 1)) * 2;
    out.push(timeline[i]!, timeline[i + 1]!);
  }
  return out;
}

/** Splits the run's tasks over agents: contiguous shares, as even as can be. */
export function shareTasks<T>(tasks: readonly T[], agents: number): T[][] {
  const out: T[][] = Array.from({ length: agents }, () => []);
  const base = Math.floor(tasks.length / agents);
  const rest = tasks.length % agents;
  let at = 0;
  for (let a = 0; a < agents; a++) {
    const k = base + (a < rest ? 1 : 0);
    out[a] = tasks.slice(at, at + k);
    at += k;
  }
  return out;
}

/** The coordinator's side of a run with --agents N: the same events and results as a local run. */
export async function coordinate(deps: Deps, plan: ConnectPlan, spec: BenchSpec, tasks: ClientTask[], out: OutputFlags, ev: HostEvents, sig: HostSignals, bars: MultiProgress): Promise<ClientResult[]> {
  const say = (m: string) => bars.log(`${timeOf(deps)}${m}`);
  if (tasks.length < out.agents) throw new CliError(`--agents ${out.agents} needs at least as many clients: the run has ${tasks.length}`, { exitCode: ExitCode.USAGE, hint: `give --clients ${out.agents} or more` });
  const nc = await connectPlan(deps, plan);
  const p = out.controlSubject;
  try {
    const agents = await discover(nc, p, out.agents, Math.max(plan.timeoutMs, 2000));
    if (agents.length < out.agents) {
      throw new CliError(`only ${agents.length} of ${out.agents} agents answered on "${p}.hello"`, { exitCode: ExitCode.NO_RESPONDERS, hint: `start more with \`nats bench agent${p === "natsx.bench" ? "" : ` --control-subject ${p}`}\` on the hosts that should generate load` });
    }
    const run = nuid.next();
    const shares = shareTasks(tasks, agents.length);
    const byAgent = new Map(agents.map((a, i) => [a.id, { hello: a, tasks: shares[i]!.map((t) => ({ ...t, agent: a.name })), ready: false, done: false, results: [] as ClientResult[], expected: -1, lastSeen: Date.now() }]));
    for (const a of byAgent.values()) say(`Agent ${a.hello.name} (${a.hello.host}, ${a.hello.cores} cores) runs ${a.tasks.length === 1 ? `client ${a.tasks[0]!.slot + 1}` : `clients ${a.tasks[0]!.slot + 1}-${a.tasks.at(-1)!.slot + 1}`}: ${commas(a.tasks.reduce((n, t) => n + t.msgs, 0))} messages`);
    let failure: CliError | undefined;
    let settle!: () => void;
    const allDone = new Promise<void>((r) => { settle = r; });
    const check = () => {
      if ([...byAgent.values()].every((a) => a.done)) settle();
    };
    const reports: Subscription = nc.subscribe(`${p}.run.${run}.>`, {
      callback: (err, m) => {
        if (err) return;
        const id = m.subject.slice(m.subject.lastIndexOf(".") + 1);
        const a = byAgent.get(id);
        if (!a) return;
        a.lastSeen = Date.now();
        const r = parse<AgentReport>(m.data);
        if (r.t === "ready" && !a.ready) {
          a.ready = true;
          if ([...byAgent.values()].every((x) => x.ready)) {
            nc.publish(`${p}.run.${run}.go`);
            ev.ready();
          }
        } else if (r.t === "progress") for (const [i, n] of r.counts) ev.progress(i, n);
        else if (r.t === "warn") ev.warn(`[${a.hello.name}] ${r.line}`);
        else if (r.t === "result") a.results.push({ ...r.result, agent: a.hello.name });
        else if (r.t === "done") a.expected = r.count;
        else if (r.t === "error") {
          failure ??= new CliError(`agent ${a.hello.name}: ${r.message}`, { hint: r.hint, exitCode: r.exitCode });
          a.done = true;
          a.ready = true;
          nc.publish(`${p}.run.${run}.stop`);
          if ([...byAgent.values()].every((x) => x.ready)) ev.ready();
        }
        if (a.expected >= 0 && a.results.length >= a.expected) a.done = true;
        check();
      },
    });
    await nc.flush();
    void sig.stop.then(() => nc.publish(`${p}.run.${run}.stop`));
    for (const a of byAgent.values()) {
      const answer = parse<{ ok: boolean; error?: string }>((await nc.request(`${p}.agent.${a.hello.id}`, json({ run, spec, tasks: a.tasks } satisfies Assignment), { timeout: Math.max(plan.timeoutMs, 2000) })).data);
      if (!answer.ok) throw new CliError(`agent ${a.hello.name} refused the run: ${answer.error ?? "busy"}`);
    }
    // an agent that stops answering (killed, partitioned) fails the run instead of hanging it
    const silence = Math.max(10_000, 4 * plan.timeoutMs);
    const watchdog = setInterval(() => {
      for (const a of byAgent.values()) {
        if (!a.done && Date.now() - a.lastSeen > silence) {
          failure ??= new CliError(`agent ${a.hello.name} stopped answering (nothing for ${silence / 1000}s)`, { exitCode: ExitCode.TIMEOUT });
          a.done = true;
          a.ready = true;
          nc.publish(`${p}.run.${run}.stop`);
          if ([...byAgent.values()].every((x) => x.ready)) ev.ready();
          check();
        }
      }
    }, 1000);
    try {
      await allDone;
    } finally {
      clearInterval(watchdog);
      reports.unsubscribe();
    }
    if (failure) throw failure;
    const order = new Map(tasks.map((t, i) => [t.index, i]));
    return [...byAgent.values()].flatMap((a) => a.results).sort((x, y) => (order.get(x.index) ?? 0) - (order.get(y.index) ?? 0));
  } catch (e) {
    throw explain(e, { secrets: plan.secrets });
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function timeOf(deps: Deps): string {
  const d = new Date(deps.now());
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} `;
}

/** Asks every agent on `prefix` to say hello; returns up to `want` idle ones (waits at most `timeoutMs`). */
async function discover(nc: NatsConnection, prefix: string, want: number, timeoutMs: number): Promise<Hello[]> {
  const inbox = createInbox();
  const found: Hello[] = [];
  let enough!: () => void;
  const got = new Promise<void>((r) => { enough = r; });
  const sub = nc.subscribe(inbox, {
    callback: (err, m) => {
      if (err) return;
      const h = parse<Hello>(m.data);
      if (!h.busy && found.length < want) found.push(h);
      if (found.length >= want) enough();
    },
  });
  nc.publish(`${prefix}.hello`, undefined, { reply: inbox });
  await Promise.race([got, new Promise((r) => setTimeout(r, timeoutMs))]);
  sub.unsubscribe();
  return found;
}

/** `nats bench agent`: waits for work on `prefix` and runs it with this host's connection settings, until Ctrl-C. */
export async function serveAgent(deps: Deps, plan: ConnectPlan, prefix: string, name: string): Promise<number> {
  const say = (m: string) => log(deps.io, deps.now(), m);
  const nc = await connectPlan(deps, plan);
  const id = nuid.next();
  let busy = false;
  let runs = 0;
  let current: Promise<void> = Promise.resolve();
  const hello: Hello = { id, name, host: hostname(), cores: availableParallelism(), busy: false };
  const subs = [
    nc.subscribe(`${prefix}.hello`, { callback: (err, m) => { if (!err) m.respond(json({ ...hello, busy })); } }),
    nc.subscribe(`${prefix}.agent.${id}`, {
      callback: (err, m) => {
        if (err) return;
        if (busy) {
          m.respond(json({ ok: false, error: "busy with another run" }));
          return;
        }
        busy = true;
        const job = parse<Assignment>(m.data);
        m.respond(json({ ok: true }));
        current = runAssignment(deps, plan, nc, prefix, id, job, say, () => { runs++; }).finally(() => {
          busy = false;
        });
      },
    }),
  ];
  try {
    await nc.flush();
    say(`Waiting for work on ${prefix}.> as agent ${name} (${hello.cores} cores), hit control-c to stop`);
    await Promise.race([new Promise<void>((r) => deps.signal.addEventListener("abort", () => r(), { once: true })), nc.closed()]);
    // a run in progress was stopped too (Ctrl-C reaches its clients): its partial results go out first
    await current;
    if (deps.signal.aborted) say(`Stopping after ${runs} run${runs === 1 ? "" : "s"}`);
    return runs;
  } finally {
    for (const s of subs) s.unsubscribe();
    await nc.drain().catch(() => undefined);
  }
}

async function runAssignment(deps: Deps, plan: ConnectPlan, nc: NatsConnection, prefix: string, id: string, job: Assignment, say: (m: string) => void, finished: () => void): Promise<void> {
  const to = (kind: string) => `${prefix}.run.${job.run}.${kind}.${id}`;
  const report = (kind: AgentReport["t"], r: AgentReport) => nc.publish(to(kind), json(r));
  let go!: () => void;
  let stop!: () => void;
  const sig: HostSignals = { go: new Promise((r) => { go = r; }), stop: new Promise((r) => { stop = r; }) };
  const control = [nc.subscribe(`${prefix}.run.${job.run}.go`, { callback: () => go() }), nc.subscribe(`${prefix}.run.${job.run}.stop`, { callback: () => stop() })];
  const onAbort = () => stop();
  deps.signal.addEventListener("abort", onAbort, { once: true });
  const counts = new Map<number, number>();
  const beat = setInterval(() => {
    report("progress", { t: "progress", counts: [...counts] });
    counts.clear();
  }, BEAT_MS);
  say(`Running ${LABELS[job.spec.mode]}: ${job.tasks.length} client${job.tasks.length === 1 ? "" : "s"}, ${commas(job.tasks.reduce((n, t) => n + t.msgs, 0))} messages`);
  try {
    await nc.flush();
    const results = await hostLocally(deps, plan, job.spec, job.tasks, {
      ready: () => report("ready", { t: "ready" }),
      progress: (i, n) => counts.set(i, (counts.get(i) ?? 0) + n),
      warn: (line) => report("warn", { t: "warn", line }),
    }, sig);
    report("progress", { t: "progress", counts: [...counts] });
    for (const r of results) report("result", { t: "result", result: { ...r, timeline: thin(r.timeline) } });
    finished();
    report("done", { t: "done", count: results.length });
    say(`Finished: ${commas(results.reduce((n, r) => n + r.msgs, 0))} messages`);
  } catch (e) {
    const c = explain(e, { secrets: plan.secrets });
    report("error", { t: "error", message: c.message, hint: c.hint, exitCode: c.exitCode });
    say(`Failed: ${c.message}`);
  } finally {
    clearInterval(beat);
    deps.signal.removeEventListener("abort", onAbort);
    for (const s of control) s.unsubscribe();
    await nc.flush().catch(() => undefined);
  }
}
