// Estimate and observation together: what the panel and the CodeLens show as "cold p50".
//
// With no cold start observed, the estimate. From MIN_OBSERVED_COLD_STARTS (10) on, the observed
// percentiles alone: with 10 samples the median's 95 % confidence interval by order statistics
// runs from the 2nd to the 9th value (binomial coverage 97.9 %), already tighter than the
// estimate's own uncertainty (its package and import terms are assumptions). In between, the
// observed mean and the estimate are weighted n : (10 − n), a shrinkage toward the prior, so two
// unlucky samples do not swing the figure. p90 needs 10 observed cold starts and p99 needs 100
// to be anything but the maximum; below that they are left out rather than invented.
import { blendWithPrior, linearUpTo } from '../estimate/priorBlend';
import type { Distribution } from '../report/logHistogram';
import type { ColdStartEstimate } from './coldStartEstimate';

export const MIN_OBSERVED_COLD_STARTS = 10;
const MIN_FOR_P99 = 100;

export interface ColdStartFigure {
  readonly p50Ms: number;
  /** The mean Init Duration the same way (what INIT is billed at per cold start). */
  readonly meanMs: number;
  readonly p90Ms?: number;
  readonly p99Ms?: number;
  readonly maxMs?: number;
  readonly source: 'estimate' | 'blend' | 'observed';
  readonly observedColdStarts: number;
  /** What it rests on, short: "estimate", "1 observed + estimate", "12 observed". */
  readonly rests: string;
  readonly basis: string;
}

export function mergeColdStart(
  estimate: ColdStartEstimate,
  observed: Distribution | undefined,
): ColdStartFigure {
  const n = observed?.count ?? 0;
  const blend = (value: number) =>
    blendWithPrior({
      observed: value,
      samples: n,
      prior: estimate.initMs,
      weight: linearUpTo(MIN_OBSERVED_COLD_STARTS),
      aloneFrom: MIN_OBSERVED_COLD_STARTS,
      priorName: 'estimate',
    });
  if (!observed || n === 0)
    return {
      p50Ms: estimate.initMs,
      meanMs: estimate.initMs,
      source: 'estimate',
      observedColdStarts: 0,
      rests: 'estimate',
      basis: estimate.basis,
    };
  const mean = blend(observed.mean);
  if (n >= MIN_OBSERVED_COLD_STARTS) {
    return {
      p50Ms: observed.p50,
      meanMs: observed.mean,
      p90Ms: observed.p90,
      maxMs: observed.max,
      ...(n >= MIN_FOR_P99 ? { p99Ms: observed.p99 } : {}),
      source: 'observed',
      observedColdStarts: n,
      rests: mean.rests,
      basis: `observed: Init Duration of ${n} cold starts`,
    };
  }
  // Too few for a median: the blended mean stands for the p50 as well.
  return {
    p50Ms: mean.value,
    meanMs: mean.value,
    maxMs: observed.max,
    source: 'blend',
    observedColdStarts: n,
    rests: mean.rests,
    basis: `${n} observed cold start${n === 1 ? '' : 's'} (mean ${Math.round(observed.mean)} ms) weighted ${n}:${MIN_OBSERVED_COLD_STARTS - n} with the ${estimate.basis}`,
  };
}

/** The cold p50 as the headline, the CodeLens and every section of the panel write it. */
export function coldStartP50Text(figure: ColdStartFigure): string {
  return `${Math.round(figure.p50Ms).toLocaleString('en-US')} ms`;
}
