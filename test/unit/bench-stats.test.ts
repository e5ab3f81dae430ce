import { beforeAll, describe, expect, it } from "vitest";
import { LatencyRecorder, loadHdr, mergeLatency, summarize } from "../../src/commands/bench/stats.js";
import { clientRate, groupFigures, us } from "../../src/commands/bench/report.js";
import type { ClientResult } from "../../src/commands/bench/spec.js";

beforeAll(async () => {
  await loadHdr();
});

/** natscli's nearest-rank percentile of sorted values. */
const rank = (sorted: number[], p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;

describe("bench latency statistics", () => {
  it("percentiles are within the HDR histogram's 0.1 % of the exact nearest rank; min/avg/max/stddev are exact, all in µs", () => {
    // a long-tailed distribution in ns: mostly ~50 µs, a tail to ~20 ms
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 20_000 }, () => 50_000 * (1 + rnd()) + (rnd() < 0.01 ? 20_000_000 * rnd() : 0)).map(Math.round);
    const rec = new LatencyRecorder();
    for (const v of values) rec.record(v);
    const s = summarize(rec.data()!);
    const sorted = [...values].sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(s.count).toBe(20_000);
    expect(s.min).toBe(sorted[0]! / 1000);
    expect(s.max).toBe(sorted.at(-1)! / 1000);
    expect(s.avg).toBeCloseTo(mean / 1000, 6);
    // one unit: natscli's mixed ns/µs stddev would be ~1000× off
    expect(s.stddev).toBeCloseTo(sd / 1000, 6);
    for (const [p, got] of [[50, s.p50], [90, s.p90], [99, s.p99], [99.9, s.p99_9], [99.99, s.p99_99]] as const) {
      const exact = rank(sorted, p) / 1000;
      expect(Math.abs(got - exact) / exact, `P${p}`).toBeLessThan(0.001);
    }
  });

  it("merging clients gives the figures of all their values together (runs of equal values included)", () => {
    const a = new LatencyRecorder();
    const b = new LatencyRecorder();
    const all: number[] = [];
    for (let i = 1; i <= 1000; i++) { a.record(i * 1000); all.push(i * 1000); }
    b.record(5_000_000, 10);
    for (let i = 0; i < 10; i++) all.push(5_000_000);
    const m = summarize(mergeLatency([a.data(), undefined, b.data()])!);
    const mean = all.reduce((x, y) => x + y, 0) / all.length;
    expect(m.count).toBe(1010);
    expect(m.avg).toBeCloseTo(mean / 1000, 6);
    expect(m.stddev).toBeCloseTo(Math.sqrt(all.reduce((x, y) => x + (y - mean) ** 2, 0) / all.length) / 1000, 6);
    expect(m.max).toBe(5000);
    expect(m.p99_9).toBe(5000);
  });

  it("rates come from messages done and bytes moved, the aggregate over the whole span (natscli's SampleGroup)", () => {
    const r = (msgs: number, bytes: number, startMs: number, endMs: number): ClientResult => ({ id: "P0", index: 0, role: "pub", msgs, bytes, startMs, endMs, timeline: [], warnings: [], interrupted: false });
    const g = groupFigures([r(1000, 16_000, 0, 1000), r(3000, 9_000, 500, 2000)]);
    expect(clientRate(r(1000, 0, 0, 500))).toBe(2000);
    expect(g.msgs).toBe(4000);
    expect(g.rate).toBe(2000);
    expect(g.byteRate).toBe(12_500);
    expect(g.rates).toEqual({ min: 1000, avg: 1500, max: 2000, stddev: 500 });
  });

  it("microseconds print as natscli's CommafWithDigits(v, 2)", () => {
    expect(us(1234.5)).toBe("1,234.5");
    expect(us(52.123)).toBe("52.12");
    expect(us(7)).toBe("7");
    expect(us(0.004)).toBe("0");
  });
});
