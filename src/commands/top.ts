import { Command, Option } from "commander";
import * as path from "node:path";
import type { Deps } from "../deps.js";
import { withConnection } from "../context/connect.js";
import { writeFileAtomic } from "../context/store.js";
import { usageError } from "../errors.js";
import { printJson } from "../output/json.js";
import { liveLoop, openScreen, requireTerminal } from "../output/screen.js";
import { parseDuration } from "../util/duration.js";
import { parseIntFlag } from "../util/flags.js";
import { resolveServer } from "../sys/server.js";
import { monitorSource, systemSource, TOP_MONITOR_ALTERNATIVE, TOP_SORTS, TopEngine, type TopSource, type TopStats } from "../top/engine.js";
import { renderTop, renderTopDelimited, topJson, type TopView } from "../top/render.js";

export interface TopOptions {
  conns: string;
  interval: string;
  sort: string;
  lookup?: boolean;
  output?: string;
  delimiter?: string;
  raw?: boolean;
  maxRefresh: string;
  subs?: boolean;
  monitor?: string;
  once?: boolean;
  json?: boolean;
}

interface TopPlan { limit: number; intervalMs: number; sort: string; maxRefresh: number; snapshot: boolean }

/** `nats top [SERVER]`: nats-top's connection view through the system account, or through --monitor URL without one. */
export function createCommand(deps: Deps): Command {
  return new Command("top")
    .description("Shows top-like statistic for connections on a specific server")
    .argument("[server]", "The server name or ID to gather statistics for (default: the connected server)")
    .option("-n, --conns <n>", "Maximum number of connections to show", "1024")
    .option("-d, --interval <seconds>", "Refresh interval (seconds, or a duration like 500ms)", "1")
    .addOption(new Option("--sort <by>", "Sort connections by").choices([...TOP_SORTS]).default("cid"))
    .option("--lookup", "Looks up client addresses in DNS", false)
    .option("-o, --output <file>", "Saves the first snapshot to a file (- for stdout) and exits")
    .option("--delimiter <text>", "Specifies a output delimiter, defaults to grid-like text")
    .option("-b, --raw", "Show raw bytes", false)
    .option("-r, --max-refresh <n>", "Maximum refreshes (-1 for no limit)", "-1")
    .option("--subs", "Shows the subscriptions column", false)
    .option("--monitor <url>", "Read the server's HTTP monitoring port (/varz, /connz) instead of the system account, as nats-top does")
    .option("--once", "Print one snapshot to stdout and exit (for scripts)", false)
    .option("-j, --json", "With --once: the snapshot as one JSON document", false)
    .addHelpText("after", `
On a terminal the view refreshes in place: q or Ctrl-C quits, s shows subscriptions, space toggles
totals and per-interval changes. Without a terminal use --once or --output.

Examples:
  nats top n1 --sort msgs_from                  # through the system account
  nats top --monitor http://127.0.0.1:8222      # through the monitoring port, no system credentials
  nats top --once --json | jq '.connections[] | {name, msgs_from}'
  nats top --output conns.csv --delimiter ,`)
    .action(async (server: string | undefined, opts: TopOptions, cmd: Command) => {
      const plan = planTop(opts);
      if (!plan.snapshot) requireTerminal(deps.io, "nats top", "use --once (with --json) or --output FILE for a snapshot");
      if (opts.monitor) {
        if (server) throw usageError("give either a server name or --monitor URL, not both", "--monitor reads the one server whose monitoring port it is");
        const globals = cmd.optsWithGlobals() as { timeout?: string };
        const timeoutMs = globals.timeout ? parseDuration(globals.timeout, "--timeout") : 5000;
        await topRun(deps, monitorSource(opts.monitor, timeoutMs), plan, opts);
        return;
      }
      await withConnection(deps, cmd, async (nc, ctx) => {
        const target = await resolveServer(nc, server, ctx.plan.timeoutMs, TOP_MONITOR_ALTERNATIVE);
        await topRun(deps, systemSource(nc, target, ctx.plan.timeoutMs), plan, opts);
      });
    });
}

function planTop(o: TopOptions): TopPlan {
  const limit = parseIntFlag(o.conns, "--conns", { min: 1 });
  const intervalMs = /^\d+(\.\d+)?$/.test(o.interval) ? Number(o.interval) * 1000 : parseDuration(o.interval, "--interval");
  if (!(intervalMs >= 100)) throw usageError(`invalid --interval "${o.interval}": refresh at most every 100ms`);
  const maxRefresh = o.maxRefresh === "-1" ? -1 : parseIntFlag(o.maxRefresh, "--max-refresh", { min: 1 });
  if (o.json && !o.once) throw usageError("--json needs --once", "a refreshing screen has no JSON form: nats top --once --json");
  if (o.json && o.delimiter !== undefined) throw usageError("--json and --delimiter cannot be used together");
  if (o.delimiter === "") throw usageError("--delimiter needs a delimiter, e.g. --delimiter ,");
  return { limit, intervalMs, sort: o.sort, maxRefresh, snapshot: Boolean(o.once || o.output !== undefined) };
}

/** Reverse DNS for --lookup, once per address; the address itself when it does not resolve. */
async function lookupHosts(stats: TopStats, cache: Map<string, string>): Promise<void> {
  const { reverse } = await import("node:dns/promises");
  await Promise.all((stats.connz.connections ?? []).filter((c) => c.ip && !cache.has(c.ip)).map(async (c) => {
    const names = await reverse(c.ip!).catch(() => [] as string[]);
    cache.set(c.ip!, names[0] || `${c.ip}:${c.port ?? 0}`);
  }));
}

/** One snapshot (--once, --output) or the refreshing screen; returns the last poll. */
export async function topRun(deps: Deps, source: TopSource, plan: TopPlan, o: TopOptions): Promise<TopStats | undefined> {
  const engine = new TopEngine(source);
  const view: TopView = { raw: Boolean(o.raw), subs: Boolean(o.subs), rates: false, hosts: o.lookup ? new Map() : undefined };
  const query = () => ({ sort: plan.sort, limit: plan.limit, subs: view.subs });
  const text = async (s: TopStats) => {
    if (view.hosts) await lookupHosts(s, view.hosts);
    return o.delimiter !== undefined ? renderTopDelimited(s, view, o.delimiter) : renderTop(s, view);
  };
  if (plan.snapshot) {
    const s = await engine.poll(query());
    if (o.json) { printJson(deps.io, topJson(s)); return s; }
    const body = await text(s);
    if (o.output === undefined || o.output === "-") deps.io.out.write(body);
    else await writeFileAtomic(path.resolve(deps.cwd, o.output), body);
    return s;
  }
  // the first poll fails the command (as natscli's "initial test request failed"); later ones show the error on screen
  let last = await engine.poll(query());
  const screen = openScreen(deps.io);
  let error = "";
  let refreshes = 0;
  const draw = async () => screen.draw((await text(last)).replace(/\n/, `${error ? ` ${error}` : ""}\n`));
  screen.onResize(() => void draw());
  try {
    let first = true;
    await liveLoop(deps.io, deps.signal, plan.intervalMs, async () => {
      if (!first) {
        try {
          last = await engine.poll(query());
          error = "";
        } catch (e) {
          error = (e as Error).message;
        }
      }
      first = false;
      await draw();
      refreshes++;
      return plan.maxRefresh < 0 || refreshes < plan.maxRefresh;
    }, (key) => {
      if (key === "s") view.subs = !view.subs;
      else if (key === " ") view.rates = !view.rates;
      else return;
      void draw();
    });
  } finally {
    screen.close();
  }
  return last;
}
