import type { Command } from "commander";
import { collect, parseIntFlag } from "../../../util/flags.js";
export { pingAll, shortAccount, withSys } from "../../../sys/ping-all.js";

/** The filter flags natscli's report commands share (--host, --cluster, --tags). */
export function addFilterOptions(c: Command): Command {
  return c.option("-R, --reverse", "Reverse the sort order")
    .option("--host <host>", "Limit the report to a specific NATS server")
    .option("--cluster <cluster>", "Limit the report to a specific Cluster")
    .option("--tags <tag>", "Limit the report to nodes matching certain tags (repeatable)", collect)
    .option("--archive <file>", "Read data from an audit archive file (natscli's audit gather) instead of the servers");
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
