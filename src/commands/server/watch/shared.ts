import { Command, Option } from "commander";
import type { Msg, NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { createInbox, inboxPrefixOf } from "../../../nats-client.js";
import { CliError, ExitCode, systemAccountError } from "../../../errors.js";
import { layoutTable } from "../../../output/table.js";
import { liveLoop, openScreen, requireTerminal } from "../../../output/screen.js";
import { withConnection } from "../../../context/connect.js";
import { parseIntFlag } from "../../../util/flags.js";

/** One live view of `server watch`: what it listens to, what it keeps, and how it draws itself. */
export interface WatchView {
  subjects: string[];
  /** Ask every server for its statsz at the start, so the table fills before the first periodic update (natscli's prePing). */
  seedPing?: boolean;
  handle(m: Msg): void;
  /** The screen for a terminal with `rows` rows (throws when even one row of data does not fit). */
  render(rows: number): string;
}

/** A message's JSON body, or undefined when it is not JSON. */
export function jsonBody<T>(m: Msg): T | undefined {
  try {
    return JSON.parse(new TextDecoder().decode(m.data)) as T;
  } catch {
    return undefined;
  }
}

/** How many rows of data fit: --number, or the terminal's height less `reserve` lines of title, borders and footer (natscli's updateSizes). */
export function rowsToShow(number: number, rows: number, reserve: number): number {
  const max = rows - reserve;
  const n = number === 0 ? max : Math.min(number, max);
  if (n < 1) throw new CliError("requested render limits exceed screen size", { exitCode: ExitCode.USAGE, hint: "make the terminal taller or lower --number" });
  return n;
}

/** natscli's table: a centred title, the header, rows, and a footer row. */
export function titledTable(title: string, head: string[], rows: string[][], footer?: string[]): string {
  const text = layoutTable(head, footer ? [...rows, footer] : rows);
  const width = text.indexOf("\n");
  return `${" ".repeat(Math.max(0, Math.floor((width - title.length) / 2)))}${title}\n${text}`;
}

/** "2026-01-02 15:04:05" (Go's time.DateTime, as natscli's titles) in local time. */
export function dateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Subscribes, redraws the view every second (and on resize) on the alternate screen until q or Ctrl-C. */
export async function runWatch(deps: Deps, nc: NatsConnection, view: WatchView): Promise<void> {
  const onMsg = (m: Msg) => {
    try {
      view.handle(m);
    } catch {
      // a message this view cannot read: never let it stop the connection's reader
    }
  };
  const subs: Subscription[] = view.subjects.map((s) => nc.subscribe(s, { callback: (_e, m) => { if (m) onMsg(m); } }));
  let seed: Subscription | undefined;
  let seedTimer: ReturnType<typeof setTimeout> | undefined;
  // one $SYS.REQ.SERVER.PING seeds the statsz views, and tells whether this user can see $SYS at all: without the
  // system account the views would wait on an empty table for ever
  let noSystemAccount = false;
  if (view.seedPing || view.subjects.some((s) => s.startsWith("$SYS."))) {
    const inbox = createInbox(inboxPrefixOf(nc));
    seed = nc.subscribe(inbox, {
      callback: (_e, m) => {
        if (!m) return;
        if (m.headers?.code === 503) noSystemAccount = true;
        else if (view.seedPing && m.data.length) onMsg(m);
      },
    });
    nc.publish("$SYS.REQ.SERVER.PING", "", { reply: inbox });
    seedTimer = setTimeout(() => seed?.unsubscribe(), 2000);
  }
  // the server answers "no responders" before the flush's PONG
  await nc.flush();
  if (noSystemAccount) {
    clearTimeout(seedTimer);
    seed?.unsubscribe();
    for (const s of subs) s.unsubscribe();
    throw systemAccountError();
  }
  const screen = openScreen(deps.io);
  let failure: unknown;
  const draw = () => {
    try {
      screen.draw(view.render(screen.size().rows));
    } catch (e) {
      failure = e;
    }
  };
  screen.onResize(draw);
  try {
    await liveLoop(deps.io, deps.signal, 1000, () => {
      draw();
      return failure === undefined;
    });
  } finally {
    screen.close();
    clearTimeout(seedTimer);
    seed?.unsubscribe();
    for (const s of subs) s.unsubscribe();
  }
  if (failure) throw failure;
}

/** A server's statsz as $SYS.SERVER.<id>.STATSZ (and the $SYS.REQ.SERVER.PING replies) carry it. */
export interface StatszMsg {
  server?: { id?: string; name?: string; time?: string };
  statsz?: {
    mem?: number; cores?: number; cpu?: number; connections?: number; subscriptions?: number; slow_consumers?: number;
    sent?: { msgs?: number; bytes?: number }; received?: { msgs?: number; bytes?: number };
    routes?: unknown[]; gateways?: unknown[];
    jetstream?: {
      stats?: { memory?: number; storage?: number; ha_assets?: number; api?: { total?: number; errors?: number } };
      meta?: { leader?: string; pending?: number; snapshot?: { last_time?: string; last_duration?: number } };
    };
  };
}

/** What a sorted-table watch (accounts, jetstream, servers) declares; the flags and wiring are the same for all. */
export interface TableWatch {
  name: string;
  aliases: string[];
  description: string;
  /** Sort keys and what the title calls them. */
  sorts: Record<string, string>;
  defaultSort: string;
  /** What -n counts ("Accounts", "Servers"). */
  what: string;
  help: string;
  example: string;
  /** The command that gives the same data without a terminal. */
  instead: string;
  view: (deps: Deps, sort: string, number: number) => WatchView;
}

/** Builds `nats server watch <name>` with natscli's --sort and -n/--number, refusing to run without a terminal. */
export function tableWatchCommand(deps: Deps, w: TableWatch): Command {
  return new Command(w.name).aliases(w.aliases)
    .description(w.description)
    .addOption(new Option("--sort <key>", "Sorts by a specific property").choices(Object.keys(w.sorts).sort()).default(w.defaultSort))
    .option("-n, --number <n>", `Amount of ${w.what} to show by the selected dimension (0: as many as fit)`, "0")
    .addHelpText("after", `\n${w.help}\n\nExamples:\n  ${w.example}`)
    .action(async (opts: { sort: string; number: string }, cmd: Command) => {
      const number = parseIntFlag(opts.number, "--number", { min: 0 });
      requireTerminal(deps.io, `nats server watch ${w.name}`, `it redraws a table every second; use \`${w.instead}\` for data`);
      await withConnection(deps, cmd, (nc) => runWatch(deps, nc, w.view(deps, opts.sort, number)));
    });
}

/** The latest statsz of every server (seeded by a ping, then $SYS.SERVER.*.STATSZ), for the servers and jetstream views. */
export function statszCollector(deps: Deps, keep: (s: StatszMsg) => boolean): { servers: Map<string, StatszMsg>; lastMsg: () => number; listen: Pick<WatchView, "subjects" | "seedPing" | "handle"> } {
  const servers = new Map<string, StatszMsg>();
  let last = 0;
  return {
    servers,
    lastMsg: () => last,
    listen: {
      subjects: ["$SYS.SERVER.*.STATSZ"],
      seedPing: true,
      handle(m: Msg) {
        const s = jsonBody<StatszMsg>(m);
        if (!s?.server?.id || !s.statsz || !keep(s)) return;
        servers.set(s.server.id, s);
        last = deps.now();
      },
    },
  };
}
