// The size to choose, by strategy, among the sizes whose every invocation ran, succeeded and was
// measured (a size that failed is never recommended, however cheap its failures were):
//   cost      the lowest cost per 1M invocations (within 0.5 %: the faster)
//   speed     the lowest typical duration, warm p50 (within 0.5 %: the cheaper)
//   balanced  the lowest sum of cost and duration, each as a share of its largest among the sizes
//             (Power Tuning's balanced strategy, weighted half and half)
import type { TuneStrategy } from './tunePlan';
import { typicalDurationMs, type SizeResult } from './tuneStatistics';

export interface TuneRecommendation {
  /** null when no size qualifies. */
  readonly memoryMB: number | null;
  readonly reason: string;
}

interface Candidate {
  readonly result: SizeResult;
  readonly cost: number;
  readonly duration: number;
}

const TIE = 0.005;

export function recommendSize(
  results: readonly SizeResult[],
  strategy: TuneStrategy,
): TuneRecommendation {
  const candidates: Candidate[] = [];
  const left: string[] = [];
  for (const result of results) {
    const duration = typicalDurationMs(result);
    if (result.complete && result.costPer1MUsd !== null && duration !== null)
      candidates.push({ result, cost: result.costPer1MUsd, duration });
    else
      left.push(
        `${result.memoryMB} MB (${result.errors ? `${result.errors} of ${result.asked} failed` : `${result.invocations} of ${result.asked} measured`})`,
      );
  }
  const leftOut = left.length ? `; left out: ${left.join(', ')}` : '';
  if (candidates.length === 0) {
    return {
      memoryMB: null,
      reason: `no size to recommend: none ran all its invocations without an error${leftOut}`,
    };
  }
  const best = pick(candidates, strategy);
  const figures = `$${usd(best.cost)} per 1M, warm p50 ${ms(best.duration)}`;
  const why =
    strategy === 'cost'
      ? `the lowest cost per 1M invocations (${figures})`
      : strategy === 'speed'
        ? `the fastest (${figures})`
        : `the best balance of cost and duration, each weighed against the largest among the sizes (${figures})`;
  return { memoryMB: best.result.memoryMB, reason: `${best.result.memoryMB} MB: ${why}${leftOut}` };
}

function pick(candidates: readonly Candidate[], strategy: TuneStrategy): Candidate {
  if (strategy === 'cost')
    return candidates.reduce((best, c) =>
      below(c.cost, best.cost) || (near(c.cost, best.cost) && c.duration < best.duration)
        ? c
        : best,
    );
  if (strategy === 'speed')
    return candidates.reduce((best, c) =>
      below(c.duration, best.duration) || (near(c.duration, best.duration) && c.cost < best.cost)
        ? c
        : best,
    );
  const maxCost = Math.max(...candidates.map((c) => c.cost)) || 1;
  const maxDuration = Math.max(...candidates.map((c) => c.duration)) || 1;
  const score = (c: Candidate) => c.cost / maxCost + c.duration / maxDuration;
  return candidates.reduce((best, c) => (score(c) < score(best) - 1e-12 ? c : best));
}

function below(a: number, b: number): boolean {
  return a < b * (1 - TIE);
}

function near(a: number, b: number): boolean {
  return a <= b * (1 + TIE);
}

function usd(value: number): string {
  return value < 0.01 ? value.toPrecision(2) : value.toFixed(2);
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`;
}
