import type { Histogram } from "hdr-histogram-js";
import type { LatencyData } from "./spec.js";

// Latency statistics a performance engineer can trust. Every value is recorded in nanoseconds into an HDR histogram
// (HdrHistogram: 3 significant digits, so a percentile is within 0.1 % of the exact value) and into exact running
// moments (count, min, max, mean and Welford's M2), so min/avg/max/stddev are exact and in one unit throughout
// (natscli computes its stddev from nanosecond values against a microsecond mean). Both forms merge across
// clients, threads and hosts without keeping every value.

type HdrModule = typeof import("hdr-histogram-js");
let hdrModule: HdrModule | undefined;

/** Loads the HDR histogram library (once; only bench runs need it). */
export async function loadHdr(): Promise<HdrModule> {
  if (!hdrModule) {
    const m = (await import("hdr-histogram-js")) as HdrModule & { default?: HdrModule };
    hdrModule = m.default?.build ? m.default : m;
  }
  return hdrModule;
}

function hdr(): HdrModule {
  if (!hdrModule) throw new Error("loadHdr() first");
  return hdrModule;
}

/** 1 ns to 1 hour: anything longer is clamped to an hour (and counted). */
const HIGHEST_NS = 3_600_000_000_000;

function newHistogram(): Histogram {
  return hdr().build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_NS, numberOfSignificantValueDigits: 3, bitBucketSize: 64 });
}

/** Records latencies (nanoseconds) of one client. */
export class LatencyRecorder {
  private readonly h = newHistogram();
  count = 0;
  min = Infinity;
  max = 0;
  mean = 0;
  m2 = 0;

  /** Adds `n` observations of `ns` nanoseconds (n > 1: a run of messages that share one timestamp). */
  record(ns: number, n = 1): void {
    const v = ns < 1 ? 1 : ns > HIGHEST_NS ? HIGHEST_NS : Math.round(ns);
    if (n === 1) this.h.recordValue(v);
    else this.h.recordValueWithCount(v, n);
    const count = this.count + n;
    const delta = v - this.mean;
    this.mean += (delta * n) / count;
    this.m2 += delta * (v - this.mean) * n;
    this.count = count;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** The mergeable form; undefined when nothing was recorded. */
  data(): LatencyData | undefined {
    if (this.count === 0) return undefined;
    return { count: this.count, min: this.min, max: this.max, mean: this.mean, m2: this.m2, hdr: hdr().encodeIntoCompressedBase64(this.h) };
  }
}

/** Latency figures in microseconds, as reports and --json show them. */
export interface LatencySummary {
  count: number;
  min: number;
  avg: number;
  max: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  p99_99: number;
}

/** Merges latency data of several clients (Chan et al.'s parallel variance, histograms added). */
export function mergeLatency(parts: readonly (LatencyData | undefined)[]): LatencyData | undefined {
  const list = parts.filter((p): p is LatencyData => p !== undefined && p.count > 0);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  const h = newHistogram();
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = 0;
  for (const p of list) {
    h.add(decode(p.hdr));
    const n = count + p.count;
    const delta = p.mean - mean;
    mean += (delta * p.count) / n;
    m2 += p.m2 + (delta * delta * count * p.count) / n;
    count = n;
    min = Math.min(min, p.min);
    max = Math.max(max, p.max);
  }
  return { count, min, max, mean, m2, hdr: hdr().encodeIntoCompressedBase64(h) };
}

function decode(b64: string): Histogram {
  return hdr().decodeFromCompressedBase64(b64, 64);
}

/** The percentile `p` (0-100] of the data in ns, within the histogram's precision and never outside [min, max]. */
function percentile(h: Histogram, d: LatencyData, p: number): number {
  const v = h.getValueAtPercentile(p);
  return Math.min(d.max, Math.max(d.min, v));
}

/** Microsecond figures of latency data (population standard deviation, as natscli). */
export function summarize(d: LatencyData): LatencySummary {
  const h = decode(d.hdr);
  const us = (ns: number) => ns / 1000;
  return {
    count: d.count,
    min: us(d.min),
    avg: us(d.mean),
    max: us(d.max),
    stddev: us(Math.sqrt(d.m2 / d.count)),
    p50: us(percentile(h, d, 50)),
    p90: us(percentile(h, d, 90)),
    p99: us(percentile(h, d, 99)),
    p99_9: us(percentile(h, d, 99.9)),
    p99_99: us(percentile(h, d, 99.99)),
  };
}

/** The latency percentile curve for plots: [percentile, µs] from 0 % to the largest value, HDR style. */
export function percentileCurve(d: LatencyData): [number, number][] {
  const h = decode(d.hdr);
  const out: [number, number][] = [];
  // ten points per decade of 1/(1-p): 0, 20.6 %, 36.9 %, … 99.999 %
  for (let k = 0; k <= 60; k++) {
    const p = 100 * (1 - 10 ** (-k / 10));
    if (p > 100 * (1 - 1 / d.count) && k > 0) break;
    out.push([p, percentile(h, d, Math.max(p, 1e-9)) / 1000]);
  }
  out.push([100 * (1 - 1 / Math.max(2, d.count)), d.max / 1000]);
  return out;
}

/** HdrHistogram's percentile distribution text (the .hgrm format its plotters read), values in microseconds. */
export function hgrm(d: LatencyData): string {
  return decode(d.hdr).outputPercentileDistribution(5, 1000);
}
