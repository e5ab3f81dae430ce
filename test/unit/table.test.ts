import { describe, expect, it } from "vitest";
import { layoutTable, libraryTable } from "../../src/output/table.js";

// A seeded generator, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ["", "a", "ORDERS", "12,345", "1.2 KiB", "never", "2024-01-02 15:04:05", " spaced ", "日本語", "emoji 🎉", "e\u0301", "tab\there", "Ω", "x".repeat(40), "$KV.bucket.>", "|pipe|"];

describe("table layout", () => {
  it("lays out single-line tables exactly as cli-table3 does (random tables, wide and combining characters, tabs)", () => {
    const r = rng(42);
    const pick = () => PIECES[Math.floor(r() * PIECES.length)]!;
    for (let n = 0; n < 400; n++) {
      const cols = 1 + Math.floor(r() * 6);
      const head = Array.from({ length: cols }, pick);
      const rows = Array.from({ length: Math.floor(r() * 8) }, () => Array.from({ length: cols }, pick));
      expect(layoutTable(head, rows)).toBe(libraryTable(head, rows));
    }
  });

  it("measures a styled header by its text, as cli-table3 strips the escape codes", () => {
    const bold = (h: string) => `\x1b[1m${h}\x1b[22m`;
    const rows = [["ORDERS", "1"], ["X", "12,345"]];
    expect(layoutTable(["Name", "Messages"], rows, bold)).toBe(libraryTable(["Name", "Messages"], rows, bold));
  });

  it("leaves cells with line breaks or escape codes, and ragged rows, to cli-table3", () => {
    const rows = [["a\nb", "\x1b[31mred\x1b[39m"], ["c", "d"]];
    expect(layoutTable(["H1", "H2"], rows)).toBe(libraryTable(["H1", "H2"], rows));
    expect(layoutTable(["H1", "H2"], rows)).toContain("│ b  │");
    const ragged = [["a"], ["b", "c", "d"]];
    expect(layoutTable(["H1", "H2"], ragged)).toBe(libraryTable(["H1", "H2"], ragged));
  });

  it("draws natscli's look: one separator under the header, none between rows", () => {
    expect(layoutTable(["Name", "Size"], [["A", "1 B"], ["BB", "22 B"]])).toBe(
      ["╭──────┬──────╮", "│ Name │ Size │", "├──────┼──────┤", "│ A    │ 1 B  │", "│ BB   │ 22 B │", "╰──────┴──────╯"].join("\n"),
    );
    expect(layoutTable(["Name"], [])).toBe(["╭──────╮", "│ Name │", "╰──────╯"].join("\n"));
  });
});
