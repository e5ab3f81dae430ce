import { LABELS, type BenchSpec, type ClientResult } from "./spec.js";
import { mergeLatency, percentileCurve } from "./stats.js";

// --plot FILE.svg: the latency percentile curve (HdrHistogram's plot: latency by percentile on a log scale of
// 1/(1-p), so the tail is as wide as the median) and the message rate over time, drawn by Apache ECharts'
// server-side SVG renderer (no DOM, no native code), loaded only when a plot is asked for.

/** Total msgs/s over time across clients: each client's cumulative count sampled on a common grid and differenced. */
export function rateOverTime(results: readonly ClientResult[], points = 60): [number, number][] {
  const withData = results.filter((r) => r.timeline.length >= 4);
  if (withData.length === 0) return [];
  const t0 = Math.min(...withData.map((r) => r.timeline[0]!));
  const t1 = Math.max(...withData.map((r) => r.timeline[r.timeline.length - 2]!));
  if (t1 <= t0) return [];
  const step = (t1 - t0) / points;
  const countAt = (tl: number[], t: number) => {
    if (t <= tl[0]!) return 0;
    for (let i = 2; i < tl.length; i += 2) {
      if (tl[i]! >= t) {
        const ta = tl[i - 2]!;
        const tb = tl[i]!;
        const ca = tl[i - 1]!;
        const cb = tl[i + 1]!;
        return tb > ta ? ca + ((cb - ca) * (t - ta)) / (tb - ta) : cb;
      }
    }
    return tl[tl.length - 1]!;
  };
  const out: [number, number][] = [];
  for (let k = 1; k <= points; k++) {
    const a = t0 + (k - 1) * step;
    const b = t0 + k * step;
    const n = withData.reduce((sum, r) => sum + countAt(r.timeline, b) - countAt(r.timeline, a), 0);
    out.push([(b - t0) / 1000, n / (step / 1000)]);
  }
  return out;
}

/** The SVG document of a run's chart. */
export async function plotSvg(spec: BenchSpec, results: readonly ClientResult[]): Promise<string> {
  const echarts = (await import("echarts")) as typeof import("echarts") & { default?: typeof import("echarts") };
  const lib = echarts.default?.init ? echarts.default : echarts;
  const op = mergeLatency(results.map((r) => r.latency));
  const e2e = mergeLatency(results.map((r) => r.e2e));
  const rate = rateOverTime(results);
  const lat = op ?? e2e;
  const width = 900;
  const height = lat ? 760 : 420;
  const chart = lib.init(null, null, { renderer: "svg", ssr: true, width, height });
  const x = (p: number) => 1 / (1 - p / 100);
  const pctLabel = (v: number) => {
    const p = 100 * (1 - 1 / v);
    return `${+p.toFixed(p >= 99.9 ? 3 : p >= 99 ? 2 : 0)}%`;
  };
  const grids = lat ? [{ top: 60, height: 290, left: 90, right: 40 }, { top: 450, height: 250, left: 90, right: 40 }] : [{ top: 60, height: 290, left: 90, right: 40 }];
  const series: Record<string, unknown>[] = [];
  const xAxis: Record<string, unknown>[] = [];
  const yAxis: Record<string, unknown>[] = [];
  let gi = 0;
  if (lat) {
    xAxis.push({ type: "log", gridIndex: gi, name: "percentile", nameLocation: "middle", nameGap: 28, min: 1, axisLabel: { formatter: pctLabel } });
    yAxis.push({ type: "log", gridIndex: gi, name: "latency (µs)", nameLocation: "middle", nameGap: 60 });
    for (const [name, d] of [[op ? "per operation" : undefined, op], ["end to end", e2e]] as const) {
      if (!name || !d) continue;
      series.push({ type: "line", name, xAxisIndex: gi, yAxisIndex: gi, showSymbol: false, step: "end", data: percentileCurve(d).map(([p, v]) => [x(p), v]) });
    }
    gi++;
  }
  xAxis.push({ type: "value", gridIndex: gi, name: "seconds", nameLocation: "middle", nameGap: 28 });
  yAxis.push({ type: "value", gridIndex: gi, name: "msgs/sec", nameLocation: "middle", nameGap: 70 });
  series.push({ type: "line", name: "rate", xAxisIndex: gi, yAxisIndex: gi, showSymbol: false, areaStyle: { opacity: 0.15 }, data: rate });
  chart.setOption({
    animation: false,
    backgroundColor: "#ffffff",
    title: [
      { text: `NATS ${LABELS[spec.mode]}`, left: "center", top: 8, textStyle: { fontSize: 16 } },
      ...(lat ? [{ text: "Latency by percentile", left: 90, top: 36, textStyle: { fontSize: 12 } }, { text: "Message rate over time", left: 90, top: 426, textStyle: { fontSize: 12 } }] : [{ text: "Message rate over time", left: 90, top: 36, textStyle: { fontSize: 12 } }]),
    ],
    legend: { top: 34, right: 40 },
    grid: grids,
    xAxis,
    yAxis,
    series,
  });
  try {
    return chart.renderToSVGString();
  } finally {
    // the renderer keeps an animation timer alive until disposed
    chart.dispose();
  }
}
