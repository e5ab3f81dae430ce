import type { Io } from "./io.js";

type Row = { kind: "row"; label: string; value: string } | { kind: "title"; text: string } | { kind: "text"; text: string };

/**
 * natscli's "columns" info screen: a heading, then `label: value` rows with labels right-aligned to
 * the longest label on the screen, section titles on their own line surrounded by blank lines.
 */
export class Columns {
  private rows: Row[] = [];
  constructor(private heading?: string) {}

  /** Adds a `label: value` row; skipped when value is undefined. */
  row(label: string, value: unknown): this {
    if (value === undefined) return this;
    this.rows.push({ kind: "row", label, value: Array.isArray(value) ? value.join(", ") : String(value) });
    return this;
  }

  /** Adds a row only when the value is truthy / non-empty. */
  rowIf(cond: unknown, label: string, value: unknown): this {
    return cond ? this.row(label, value) : this;
  }

  title(text: string): this {
    this.rows.push({ kind: "title", text: text.endsWith(":") ? text : `${text}:` });
    return this;
  }

  text(text: string): this {
    this.rows.push({ kind: "text", text });
    return this;
  }

  render(): string {
    const width = Math.max(0, ...this.rows.map((r) => (r.kind === "row" ? r.label.length : 0)));
    const out: string[] = [];
    if (this.heading) out.push(this.heading, "");
    for (const r of this.rows) {
      if (r.kind === "title") {
        if (out.length && out[out.length - 1] !== "") out.push("");
        out.push(r.text, "");
      } else if (r.kind === "text") {
        out.push(r.text);
      } else if (r.label === "") {
        out.push(`${" ".repeat(width + 4)}${r.value}`);
      } else {
        out.push(`${" ".repeat(width - r.label.length + 2)}${r.label}: ${r.value}`);
      }
    }
    return out.join("\n") + "\n";
  }

  print(io: Io): void {
    io.out.write(this.render());
  }
}
