import type { Io } from "../../../output/io.js";
import { humanBytes } from "../../../output/format.js";

/** natscli's BarGraph: one right-aligned `name: ████ (value)` line per entry, smallest first. */
export function barGraph(io: Io, data: Record<string, number>, caption: string, width: number, bytes: boolean): void {
  const keys = Object.keys(data).sort((a, b) => data[a]! - data[b]! || a.localeCompare(b));
  const vals = keys.map((k) => data[k]!);
  const min = Math.min(...vals), max = Math.max(...vals);
  const longest = Math.max(0, ...keys.map((k) => k.length));
  const steps = max === min ? max / width : (max - min) / width;
  const lines = [caption, ""];
  for (const k of keys) {
    const v = data[k]!;
    const blocks = v === 0 ? 0 : keys.length === 1 || min === max ? width : Math.floor((v - min) / steps);
    const h = bytes ? humanBytes(v) : v.toLocaleString("en-US", { maximumFractionDigits: 2 });
    lines.push(`${" ".repeat(longest - k.length + 2)}${k}: ${blocks ? "█".repeat(blocks) : "▏"} (${h})`);
  }
  io.out.write(`${lines.join("\n")}\n`);
}
