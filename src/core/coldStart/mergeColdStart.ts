// Estimate and observation together: what the panel and the CodeLens show as "cold p50".
//
// With no cold start observed, the estimate. From MIN_OBSERVED_COLD_STARTS (10) on, the observed
// percentiles alone: with 10 samples the median's 95 % confidence interval by order statistics
// runs from the 2nd to the 9th value (binomial coverage 97.9 %), already tighter than the
// estimate's own uncertainty (its package and import terms are assumptions). In between, the
// observed mean and the estimate are weighted n : (10 − n), a shrinkage toward the prior, so two
// unlucky samples do not swing the figure. p90 needs 10 observed cold starts and p99 needs 100
// to be anything but the maximum; below that they are left out rather than invented.
import type { Distribution } from '../report/logHistogram';
import type { ColdStartEstimate } from './coldStartEstimate';

export const MIN_OBSERVED_COLD_STARTS = 10;
const MIN_FOR_P99 = 100;

export interface ColdStartFigure {
  readonly p50Ms: number;
  readonly p90Ms?: number;
  readonly p99Ms?: number;
  readonly maxMs?: number;
  readonly source: 'estimate' | 'blend' | 'observed';
  readonly observedColdStarts: number;
  readonly basis: string;
}

export function mergeColdStart(estimate: ColdStartEstimate, observed: Distribution | undefined): ColdStartFigure {
  const n = observed?.count ?? 0;
  if (!observed || n === 0) return { p50Ms: estimate.initMs, source: 'estimate', observedColdStarts: 0, basis: estimate.basis };
  if (n >= MIN_OBSERVED_COLD_STARTS) {
    return {
      p50Ms: observed.p50, p90Ms: observed.p90, maxMs: observed.max,
      ...(n >= MIN_FOR_P99 ? { p99Ms: observed.p99 } : {}),
      source: 'observed', observedColdStarts: n,
      basis: `observed: Init Duration of ${n} cold starts`,
    };
  }
  const weight = n / MIN_OBSERVED_COLD_STARTS;
  return {
    p50Ms: weight * observed.mean + (1 - weight) * estimate.initMs,
    maxMs: observed.max,
    source: 'blend', observedColdStarts: n,
    basis: `${n} observed cold start${n === 1 ? '' : 's'} (mean ${Math.round(observed.mean)} ms) weighted ${n}:${MIN_OBSERVED_COLD_STARTS - n} with the ${estimate.basis}`,
  };
}
