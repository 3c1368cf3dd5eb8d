// A figure read from a handful of samples, pulled toward what was assumed before any were seen
// (its prior) in proportion to how many there are, and saying so: "4 observed + prior". Two
// unlucky samples then do not swing a figure, and many samples leave it to the observations.
// The caller chooses the weight (how much one sample counts against the prior) and from how many
// samples the observations stand alone, since that depends on what is counted.

export type FigureSource = 'prior' | 'blend' | 'observed';

export interface BlendedFigure {
  readonly value: number;
  readonly source: FigureSource;
  /** How many observations it rests on. */
  readonly samples: number;
  /** The observations' share of the value, 0 to 1. */
  readonly observedWeight: number;
  /** What it rests on, short: "estimate", "4 observed + estimate", "120 observed". */
  readonly rests: string;
}

export interface BlendInput {
  /** The observed value (a mean or a rate); ignored when samples is 0. */
  readonly observed: number;
  readonly samples: number;
  readonly prior: number;
  /** The observations' weight for `samples` of them, 0 to 1 (below `aloneFrom`). */
  readonly weight: (samples: number) => number;
  /** From this many samples the observations alone. */
  readonly aloneFrom: number;
  /** What the prior is called in `rests`: "prior", "estimate", "assumed". */
  readonly priorName: string;
}

export function blendWithPrior(input: BlendInput): BlendedFigure {
  const n = Number.isFinite(input.samples) ? Math.max(0, Math.floor(input.samples)) : 0;
  if (n === 0 || !Number.isFinite(input.observed))
    return {
      value: input.prior,
      source: 'prior',
      samples: 0,
      observedWeight: 0,
      rests: input.priorName,
    };
  const seen = n.toLocaleString('en-US');
  if (n >= input.aloneFrom)
    return {
      value: input.observed,
      source: 'observed',
      samples: n,
      observedWeight: 1,
      rests: `${seen} observed`,
    };
  const weight = Math.min(1, Math.max(0, input.weight(n)));
  return {
    value: weight * input.observed + (1 - weight) * input.prior,
    source: 'blend',
    samples: n,
    observedWeight: weight,
    rests: `${seen} observed + ${input.priorName}`,
  };
}

/**
 * A conjugate prior worth `priorSamples` observations: the posterior mean gives n samples the
 * weight n / (n + priorSamples), the Beta–binomial estimate for a rate.
 */
export const weightAgainst =
  (priorSamples: number) =>
  (n: number): number =>
    n / (n + priorSamples);

/** Linear shrinkage: n samples weigh n : (full − n) against the prior, the observations alone from `full`. */
export const linearUpTo =
  (full: number) =>
  (n: number): number =>
    n / full;
