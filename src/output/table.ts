import Table from "cli-table3";
import type { Io } from "./io.js";
import { colors } from "./color.js";

export interface TableOptions {
  title?: string;
  footer?: (string | number)[];
}

/**
 * Prints a table on stdout with cli-table3 (rounded look, no library colours: they read process.stdout).
 * NATS_TABLE_FORMAT=md|markdown|csv|tsv switches every table, as natscli.
 */
export function printTable(io: Io, head: string[], rows: (string | number | boolean | undefined | null)[][], opts: TableOptions = {}, env: Record<string, string | undefined> = {}): void {
  const cells = rows.map((r) => r.map((c) => (c === undefined || c === null ? "" : String(c))));
  const fmt = (env.NATS_TABLE_FORMAT ?? "").toLowerCase();
  if (fmt === "csv" || fmt === "tsv") {
    const sep = fmt === "csv" ? "," : "\t";
    const q = (s: string) => (fmt === "csv" && /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    io.out.write([head, ...cells].map((r) => r.map(q).join(sep)).join("\n") + "\n");
    return;
  }
  if (fmt === "md" || fmt === "markdown") {
    if (opts.title) io.out.write(`## ${opts.title}\n\n`);
    io.out.write(`| ${head.join(" | ")} |\n|${head.map(() => " --- ").join("|")}|\n`);
    for (const r of cells) io.out.write(`| ${r.join(" | ")} |\n`);
    return;
  }
  const t = new Table({
    head: head.map((h) => colors(io).bold(h)),
    style: { head: [], border: [] },
    chars: { top: "─", "top-mid": "┬", "top-left": "╭", "top-right": "╮", bottom: "─", "bottom-mid": "┴", "bottom-left": "╰", "bottom-right": "╯", left: "│", "left-mid": "├", mid: "─", "mid-mid": "┼", right: "│", "right-mid": "┤", middle: "│" },
  });
  for (const r of cells) t.push(r);
  if (opts.footer) t.push(opts.footer.map(String));
  let text = t.toString();
  // cli-table3 draws a separator between every row; natscli's tables only separate the header.
  const lines = text.split("\n");
  const sep = lines[2];
  if (sep !== undefined && lines.length > 4) text = [lines[0], lines[1], sep, ...lines.slice(3).filter((l) => l !== sep)].join("\n");
  if (opts.title) {
    const width = lines[0]!.length;
    const pad = Math.max(0, Math.floor((width - opts.title.length) / 2));
    io.out.write(`${" ".repeat(pad)}${opts.title}\n`);
  }
  io.out.write(`${text}\n`);
}
