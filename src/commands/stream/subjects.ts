import { Command, Option } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import { commas } from "../../output/format.js";
import { allFlag, pickStream } from "../shared/pick.js";
import { manager } from "../../jetstream/manager.js";
import { examplesText } from "../shared/examples.js";

export interface StreamSubjectsOptions { json?: boolean; sort: string; reverse?: boolean; names?: boolean; all?: boolean }

/** `stream subjects [NAME] [FILTER]`: message counts per subject. */
export function streamSubjectsCommand(deps: Deps): Command {
  return new Command("subjects").aliases(["subj"]).description("Query subjects held in a stream").argument("[stream]", "Stream name").argument("[filter]", "Limit the subjects to those matching a filter", ">")
    .option("-j, --json", "Produce JSON output")
    .addOption(new Option("--sort <key>", "Sorts by name or message count").choices(["name", "subjects", "messages", "count"]).default("messages"))
    .option("-R, --reverse", "Reverse sort")
    .option("--names", "List only subject names")
    .addHelpText("after", examplesText("nats stream subjects ORDERS", "nats stream subjects ORDERS 'orders.eu.>' --sort messages -R", "nats stream subjects ORDERS --names"))
    .action(async (name: string | undefined, filter: string, o: StreamSubjectsOptions, c: Command) => {
      await withConnection(deps, c, (nc, ctx) => streamSubjects(deps, nc, ctx, name, filter, { ...o, all: allFlag(c) }));
    });
}

/** Shows the message count of every subject matching `filter`, as natscli packs them, or as JSON. */
export async function streamSubjects(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string | undefined, filter: string, o: StreamSubjectsOptions): Promise<void> {
  const jsm = await manager(nc, ctx);
  const stream = await pickStream(deps, jsm, name, Boolean(o.all));
  const si = await jsm.streams.info(stream, { subjects_filter: filter });
  const subjects = (si.state.subjects ?? {}) as Record<string, number>;
  if (o.json) return printJson(deps.io, subjects);
  const entries = Object.entries(subjects);
  if (entries.length === 0) {
    deps.io.out.write(`No subjects found matching ${filter}\n`);
    return;
  }
  const byName = o.sort === "name" || o.sort === "subjects";
  entries.sort((a, b) => (byName ? a[0].localeCompare(b[0]) : a[1] - b[1] || a[0].localeCompare(b[0])));
  if (o.reverse) entries.reverse();
  if (o.names) {
    for (const [s] of entries) deps.io.out.write(`${s}\n`);
    return;
  }
  // natscli packs up to 3 Subject/Count pairs per row depending on the terminal width
  const longest = Math.max(...entries.map(([s, n]) => s.length + commas(n).length)) + 10;
  const cols = Math.max(1, Math.min(3, Math.floor((deps.io.columns || 80) / longest), entries.length));
  const rows: string[][] = [];
  for (let i = 0; i < entries.length; i += cols) {
    const row: string[] = [];
    for (let j = 0; j < cols; j++) {
      const e = entries[i + j];
      row.push(e ? e[0] : "", e ? commas(e[1]) : "");
    }
    rows.push(row);
  }
  const head = Array.from({ length: cols }, () => ["Subject", "Count"]).flat();
  printTable(deps.io, head, rows, { title: `${commas(entries.length)} Subjects in stream ${stream}` }, deps.env);
}
