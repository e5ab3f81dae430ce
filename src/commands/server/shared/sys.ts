import type { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { ExitStatus } from "../../../errors.js";
import { collect, parseIntFlag } from "../../../util/flags.js";
export { pingAll, shortAccount, withSys } from "../../../sys/ping-all.js";

/** The filter flags natscli's report commands share (--host, --cluster, --tags). */
export function addFilterOptions(c: Command): Command {
  return c.option("-R, --reverse", "Reverse the sort order")
    .option("--host <host>", "Limit the report to a specific NATS server")
    .option("--cluster <cluster>", "Limit the report to a specific Cluster")
    .option("--tags <tag>", "Limit the report to nodes matching certain tags (repeatable)", collect)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers")
    .option("--watch <seconds>", "Display the results and update it every (WATCH) seconds (Ctrl-C stops)");
}

/** A `[limit]` argument: how many servers to wait for (natscli's waitFor); undefined learns it with a ping. */
export function parseLimit(v: string | undefined): number | undefined {
  return v === undefined ? undefined : parseIntFlag(v, "limit", { min: 1 });
}

/** A string/number comparator for sort keys, reversed on request. */
export function compareBy<T>(key: (x: T) => string | number, reverse = false): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a), y = key(b);
    const c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return reverse ? -c : c;
  };
}

/** -R given on the report command itself or on `report` before it (natscli has it on `report`). */
export function reverseFlag(cmd: Command): boolean {
  return Boolean(cmd.opts().reverse || cmd.parent?.opts().reverse);
}

/**
 * Runs a report once, or with --watch N again every N seconds until Ctrl-C (clearing a terminal
 * between runs, as natscli); a report's own non-zero verdict (health) is kept, not fatal, and is the
 * exit code once the watch ends.
 */
export async function watching(deps: Deps, cmd: Command, run: () => Promise<unknown>): Promise<void> {
  const secs = cmd.opts().watch as string | undefined;
  if (secs === undefined) { await run(); return; }
  const every = parseIntFlag(secs, "--watch", { min: 1 }) * 1000;
  let verdict: ExitStatus | undefined;
  while (!deps.signal.aborted) {
    if (deps.io.outIsTTY) deps.io.out.write("\x1b[2J\x1b[H");
    try { await run(); verdict = undefined; } catch (e) { if (!(e instanceof ExitStatus)) throw e; verdict = e; }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, every);
      deps.signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
  if (verdict) throw verdict;
}
