import Table from "cli-table3";
import stringWidth from "string-width";
import type { Io } from "./io.js";
import { colors } from "./color.js";

export interface TableOptions {
  title?: string;
  footer?: (string | number)[];
}

type Cells = (string | number | boolean | undefined | null)[];

// natscli's rounded look (cli-table3 names for the border pieces)
const CHARS = { top: "─", "top-mid": "┬", "top-left": "╭", "top-right": "╮", bottom: "─", "bottom-mid": "┴", "bottom-left": "╰", "bottom-right": "╯", left: "│", "left-mid": "├", mid: "─", "mid-mid": "┼", right: "│", "right-mid": "┤", middle: "│" };

/**
 * Prints a table on stdout, as cli-table3 lays it out (rounded look, no library colours: they read
 * process.stdout), with natscli's single separator under the header.
 * NATS_TABLE_FORMAT=md|markdown|csv|tsv switches every table, as natscli.
 */
export function printTable(io: Io, head: string[], rows: Cells[], opts: TableOptions = {}, env: Record<string, string | undefined> = {}): void {
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
  if (opts.footer) cells.push(opts.footer.map(String));
  const bold = colors(io).bold;
  const text = layoutTable(head, cells, (h) => bold(h));
  if (opts.title) {
    const width = text.indexOf("\n");
    const pad = Math.max(0, Math.floor((width - opts.title.length) / 2));
    io.out.write(`${" ".repeat(pad)}${opts.title}\n`);
  }
  io.out.write(`${text}\n`);
}

/** Printable ASCII: a cell of it takes its length in columns; others are measured as cli-table3 does (string-width). */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * The table text (no trailing newline). Linear in the number of cells: column widths in one pass, each
 * line built once. cli-table3 lays out single-line cells the same way, but checks every cell against every
 * earlier row (quadratic: 130 of 297 ms of `stream ls` with 1 000 streams); it is kept for cells with line
 * breaks or escape codes, which it splits and re-colours per line, and for rows shorter or longer than the
 * header, which it pads with separators of their own. `styleHead` colours the header text
 * (its width is measured without the codes).
 */
export function layoutTable(head: string[], rows: string[][], styleHead: (h: string) => string = (h) => h): string {
  const ncols = head.length;
  const simple = (r: string[]) => r.length === ncols && r.every((c) => !c.includes("\n") && !c.includes("\x1b"));
  if (ncols === 0 || !simple(head) || !rows.every(simple)) return libraryTable(head, rows, styleHead);
  const widths: number[] = new Array<number>(ncols).fill(0);
  // the display width of every cell, measured once (rows of plain ASCII: their length)
  const measure = (r: string[]) => {
    const w = new Array<number>(ncols);
    for (let i = 0; i < ncols; i++) {
      const c = r[i]!;
      const cw = PLAIN.test(c) ? c.length : stringWidth(c);
      w[i] = cw;
      if (cw > widths[i]!) widths[i] = cw;
    }
    return w;
  };
  const headWidths = measure(head);
  const rowWidths = rows.map(measure);
  const rule = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w + 2)).join(m) + r;
  const line = (r: string[], cw: number[], style?: (s: string) => string) => {
    let s = CHARS.left;
    for (let i = 0; i < ncols; i++) {
      const c = style ? style(r[i]!) : r[i]!;
      s += ` ${c}${" ".repeat(widths[i]! - cw[i]!)} ${i < ncols - 1 ? CHARS.middle : CHARS.right}`;
    }
    return s;
  };
  const out = [rule(CHARS["top-left"], CHARS["top-mid"], CHARS["top-right"], CHARS.top), line(head, headWidths, styleHead)];
  if (rows.length) out.push(rule(CHARS["left-mid"], CHARS["mid-mid"], CHARS["right-mid"], CHARS.mid));
  for (let j = 0; j < rows.length; j++) out.push(line(rows[j]!, rowWidths[j]!));
  out.push(rule(CHARS["bottom-left"], CHARS["bottom-mid"], CHARS["bottom-right"], CHARS.bottom));
  return out.join("\n");
}

/** cli-table3's own layout, natscli style: the separator it draws between all rows only under the header. */
export function libraryTable(head: string[], rows: string[][], styleHead: (h: string) => string = (h) => h): string {
  const t = new Table({ head: head.map(styleHead), style: { head: [], border: [] }, chars: CHARS });
  for (const r of rows) t.push(r);
  const text = t.toString();
  const lines = text.split("\n");
  const sep = lines[2];
  if (sep === undefined || lines.length <= 4) return text;
  return [lines[0], lines[1], sep, ...lines.slice(3).filter((l) => l !== sep)].join("\n");
}
