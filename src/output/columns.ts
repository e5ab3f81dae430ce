import type { Io } from "./io.js";

type Row = { kind: "row"; label: string; value: string; indent: string } | { kind: "title"; text: string; indent: string } | { kind: "text"; text: string } | { kind: "line"; text: string; indent: string };

/**
 * natscli's "columns" info screen: a heading, then `label: value` rows with labels right-aligned to
 * the longest label on the screen, section titles on their own line surrounded by blank lines.
 */
export class Columns {
  private rows: Row[] = [];
  private pad = "";
  constructor(private heading?: string) {}

  /** Indents the rows, titles and lines added after it by `width` spaces (natscli's Indent; 0 resets). */
  indent(width: number): this {
    this.pad = " ".repeat(width);
    return this;
  }

  /** Adds a `label: value` row; skipped when value is undefined. */
  row(label: string, value: unknown): this {
    if (value === undefined) return this;
    this.rows.push({ kind: "row", label, value: Array.isArray(value) ? value.join(", ") : String(value), indent: this.pad });
    return this;
  }

  /** Adds a row only when the value is truthy / non-empty. */
  rowIf(cond: unknown, label: string, value: unknown): this {
    return cond ? this.row(label, value) : this;
  }

  title(text: string): this {
    this.rows.push({ kind: "title", text: text.endsWith(":") ? text : `${text}:`, indent: this.pad });
    return this;
  }

  text(text: string): this {
    this.rows.push({ kind: "text", text });
    return this;
  }

  /** A line outside the columns, as natscli's Println: the indent and one space before it; "" right after a title is dropped. */
  line(text = ""): this {
    this.rows.push({ kind: "line", text, indent: this.pad });
    return this;
  }

  /** The first value on the label's row and the others below it, sorted (natscli's AddStringsAsValue). */
  list(label: string, values: readonly string[]): this {
    [...values].sort().forEach((v, i) => this.row(i === 0 ? label : "", v));
    return this;
  }

  render(): string {
    const width = Math.max(0, ...this.rows.map((r) => (r.kind === "row" ? r.label.length : 0)));
    const out: string[] = [];
    if (this.heading) out.push(this.heading, "");
    let prev: Row["kind"] | undefined;
    for (const r of this.rows) {
      if (r.kind === "title") {
        if (out.length && out[out.length - 1] !== "") out.push("");
        out.push(`${r.indent}${r.text}`, "");
      } else if (r.kind === "text") {
        out.push(r.text);
      } else if (r.kind === "line") {
        if (r.text === "" && prev === "title") continue;
        out.push(r.text === "" ? "" : `${r.indent} ${r.text}`);
      } else if (r.label === "") {
        out.push(`${r.indent}${" ".repeat(width + 4)}${r.value}`);
      } else {
        out.push(`${r.indent}${" ".repeat(width - r.label.length + 2)}${r.label}: ${r.value}`);
      }
      prev = r.kind;
    }
    return out.join("\n") + "\n";
  }

  print(io: Io): void {
    io.out.write(this.render());
  }
}
