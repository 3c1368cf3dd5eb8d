// A bounded histogram for charts: at most `maxBins` log-spaced bins between the fastest and the
// slowest invocation, each with its warm and cold counts, so a chart of a million invocations
// draws the same few dozen bars (cold starts marked) as one of ten. No bin is narrower than the
// statistics' own buckets (2 %): durations within a few percent make a few bins, not 30 copies.
import { HISTOGRAM_RATIO, type LogHistogram } from './logHistogram';
import type { ReportStats } from './reportStats';

export interface ChartBin {
  readonly fromMs: number;
  readonly toMs: number;
  readonly warm: number;
  readonly cold: number;
}

export function durationChart(stats: ReportStats, maxBins = 30): ChartBin[] {
  const { warm, cold } = stats.durationHistograms;
  return chartBins(warm, cold, Math.max(1, Math.floor(maxBins)));
}

export function chartBins(warm: LogHistogram, cold: LogHistogram, maxBins: number): ChartBin[] {
  const min = Math.min(warm.min, cold.min);
  const max = Math.max(warm.max, cold.max);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  // Log spacing from a floor of 0.01 ms (a 0 ms duration has no logarithm).
  const low = Math.max(min, 0.01);
  const high = Math.max(max, low * 1.0001);
  const count = Math.max(
    1,
    Math.min(maxBins, Math.ceil(Math.log(high / low) / Math.log(HISTOGRAM_RATIO))),
  );
  const step = Math.log(high / low) / count;
  const edges = Array.from({ length: count + 1 }, (_, i) =>
    i === 0 ? Math.min(min, low) : i === count ? high : low * Math.exp(step * i),
  );
  const bins = edges
    .slice(0, -1)
    .map((fromMs, i) => ({ fromMs, toMs: edges[i + 1]!, warm: 0, cold: 0 }));
  const place = (value: number) =>
    Math.min(count - 1, Math.max(0, Math.floor(Math.log(Math.max(value, low) / low) / step)));
  for (const [kind, histogram] of [
    ['warm', warm],
    ['cold', cold],
  ] as const) {
    for (const [lower, upper, count] of histogram.buckets()) {
      // A fine bucket goes where its middle falls; fine buckets are 2 % wide, far finer than any bin.
      const middle = Math.min(
        histogram.max,
        Math.max(histogram.min, lower === 0 ? upper / 2 : Math.sqrt(lower * upper)),
      );
      bins[place(middle)]![kind] += count;
    }
  }
  return bins;
}
