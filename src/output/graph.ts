import type { Io } from "./io.js";
import { liveLoop, openScreen } from "./screen.js";

type Plot = (series: number[], cfg: { height: number; min?: number; format?: (x: number) => string }) => string;

/** asciichart's plot, loaded on first use (the library stays out of the bundle every command reads). */
export async function loadPlot(): Promise<Plot> {
  const mod = (await import("asciichart")) as unknown as { plot?: Plot; default?: { plot: Plot } };
  return (mod.plot ?? mod.default!.plot).bind(mod.default ?? mod);
}

/** A rolling series: natscli starts it full of zeros so a chart spans the whole width from the first tick. */
export class Series {
  private values: number[] = [];
  constructor(readonly caption: string, readonly format: (v: number) => string = fixed, private readonly keep = 1000) {}
  push(v: number): void {
    this.values.push(Number.isFinite(v) ? v : 0);
    if (this.values.length > this.keep) this.values.splice(0, this.values.length - this.keep);
  }
  /** The last `width` values, zero-padded at the front. */
  window(width: number): number[] {
    const w = this.values.slice(-width);
    return w.length < width ? [...new Array<number>(width - w.length).fill(0), ...w] : w;
  }
  get last(): number {
    return this.values[this.values.length - 1] ?? 0;
  }
}

/** Whole numbers with thousands separators: axis labels of counts and rates. */
export function fixed(v: number): string {
  return Math.round(v).toLocaleString("en-US");
}

const LABEL = 11;

/** Draws the charts one under the other, each `height` rows tall with its caption centred below, fitting `columns`. */
export function renderCharts(plot: Plot, title: string, charts: Series[], columns: number, rows: number): string {
  // each chart: its rows, the caption and a blank line; the title and a blank line on top
  const height = Math.floor((rows - 2) / charts.length) - 2;
  const width = columns - LABEL - 2;
  if (height < 2 || width < 10) return `${title}\n\nThe terminal is too small for ${charts.length} charts: make it at least ${LABEL + 12} columns wide and ${charts.length * 4 + 2} rows high.`;
  const out = [title, ""];
  for (const c of charts) {
    const body = plot(c.window(width), { height: height - 1, min: 0, format: (x) => c.format(x).padStart(LABEL - 2).slice(-(LABEL - 2)) });
    out.push(body);
    const cap = `${c.caption} (now ${c.format(c.last)})`;
    out.push(" ".repeat(Math.max(0, Math.floor((columns - cap.length) / 2))) + cap);
    out.push("");
  }
  return out.join("\n").replace(/\n$/, "");
}

/**
 * The live graph loop: `sample` every interval, then redraw all charts at the terminal's current size (and on
 * every resize) on the alternate screen, until q or Ctrl-C. A failing sample ends the view with its error.
 */
export async function runGraphs(io: Io, signal: AbortSignal, o: { title: () => string; charts: Series[]; sample: () => Promise<void>; intervalMs?: number }): Promise<void> {
  const plot = await loadPlot();
  const screen = openScreen(io);
  const draw = () => {
    const { columns, rows } = screen.size();
    screen.draw(renderCharts(plot, o.title(), o.charts, columns, rows));
  };
  screen.onResize(draw);
  try {
    await liveLoop(io, signal, o.intervalMs ?? 1000, async () => {
      await o.sample();
      draw();
    });
  } finally {
    screen.close();
  }
}

/** Per-second rate of a counter between two samples (natscli's calculateRate, never negative). */
export function rate(now: number, before: number, ms: number): number {
  return ms > 0 ? Math.max(0, ((now - before) * 1000) / ms) : 0;
}

/**
 * How many values fall in each `bucketMs` bucket, drawn 60 columns wide and 15 rows high (natscli server ping
 * --graph): asciichart draws one column per value, so each column shows the bucket it falls in.
 */
export function distributionChart(plot: Plot, valuesMs: number[], bucketMs: number, caption: string, width = 60, height = 15): string {
  const buckets = new Array<number>(Math.floor(Math.max(0, ...valuesMs) / bucketMs) + 1).fill(0);
  for (const v of valuesMs) buckets[Math.floor(v / bucketMs)]!++;
  const series = Array.from({ length: width }, (_, i) => buckets[Math.floor((i * buckets.length) / width)]!);
  const body = plot(series, { height, min: 0, format: (x) => fixed(x).padStart(5) });
  const last = `${buckets.length * bucketMs}ms`;
  const axis = `${" ".repeat(7)}0ms${" ".repeat(Math.max(1, width - 3 - last.length))}${last}`;
  return `${body}\n${axis}\n${" ".repeat(Math.max(0, 7 + Math.floor((width - caption.length) / 2)))}${caption}`;
}
