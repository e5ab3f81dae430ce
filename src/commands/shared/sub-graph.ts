import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { runGraphs, Series } from "../../output/graph.js";
import { requireTerminal } from "../../output/screen.js";

/**
 * `sub --graph`: one live chart per subscribed subject of the messages received per second (natscli
 * sub_command.go startGraph), instead of printing them. Returns how many messages arrived.
 */
export async function subGraph(deps: Deps, nc: NatsConnection, subjects: string[], queue?: string): Promise<number> {
  const counts = new Map<string, number>();
  const charts = subjects.map((s) => new Series(`${s} / second`));
  let total = 0;
  const subs = subjects.map((s) => nc.subscribe(s, { queue, callback: () => { counts.set(s, (counts.get(s) ?? 0) + 1); total++; } }));
  await nc.flush();
  try {
    await runGraphs(deps.io, deps.signal, {
      title: () => `Messages received per second on ${subjects.join(", ")}`,
      charts,
      sample: async () => {
        subjects.forEach((s, i) => charts[i]!.push(counts.get(s) ?? 0));
        counts.clear();
      },
    });
  } finally {
    for (const s of subs) s.unsubscribe();
  }
  return total;
}

/** --graph charts core subscriptions on a terminal: it replaces the other output modes and JetStream delivery. */
export function checkGraph(deps: Deps, plan: { subjects: string[]; jetstream?: unknown }, o: { raw?: boolean; json?: boolean; dump?: string; legacy?: boolean; reportSubjects?: boolean; translate?: string; inbox?: boolean }): void {
  const modes = [o.raw && "--raw", o.json && "--json", o.dump !== undefined && "--dump", o.legacy && "--legacy", o.reportSubjects && "--report-subjects", o.translate !== undefined && "--translate", o.inbox && "--inbox"].filter(Boolean);
  if (modes.length) throw usageError(`--graph cannot be used with ${modes.join(" and ")}`, "--graph draws the message rates instead of printing messages");
  if (plan.jetstream) throw usageError("--graph charts core subscriptions: drop the JetStream options");
  requireTerminal(deps.io, "nats sub --graph", "it draws live charts; use --report-subjects or `nats traffic --json` for rates in a pipe");
}
