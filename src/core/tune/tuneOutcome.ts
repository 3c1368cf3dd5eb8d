// What a tuning run ends with: per-size results, the recommendation, and what was put back. This
// is the `lambda-lens tune --json` contract (function, strategy, recommendation, restored, results)
// and what the estimate panel's tuning chart draws.
import type { FunctionEstimate } from '../cost/functionEstimate';
import { recommendSize, type TuneRecommendation } from './tuneRecommendation';
import type { TuneStrategy } from './tunePlan';
import type { SizeResult, TuneTraffic } from './tuneStatistics';

/** What the run changed and put back, so the user is told (and can finish by hand what failed). */
export interface RestoreReport {
  /** The function's MemorySize before the run, on $LATEST again unless `configuration` says otherwise. */
  readonly memoryMB: number;
  /**
   * restored: set back after a size was published; unchanged: never changed, or already back;
   * changed-elsewhere: someone else changed MemorySize meanwhile (left as they set it); failed: see problems.
   */
  readonly configuration: 'restored' | 'unchanged' | 'changed-elsewhere' | 'failed';
  readonly aliasesDeleted: readonly string[];
  readonly versionsDeleted: readonly string[];
  /** What could not be undone, each with the command that does it. Empty when all is back. */
  readonly problems: readonly string[];
  /** Nothing of the run is left on the function. */
  readonly complete: boolean;
}

export interface TuneOutcome {
  readonly function: string;
  readonly strategy: TuneStrategy;
  readonly recommendation: TuneRecommendation;
  readonly restored: RestoreReport;
  readonly results: readonly SizeResult[];
  readonly traffic: TuneTraffic;
  /** The run stopped before every size was measured (cancel, Ctrl-C, an error): what is here is what ran. */
  readonly stopped?: { readonly by: 'cancel' | 'error'; readonly message: string };
  readonly notes: readonly string[];
}

/** The traffic the estimate found (observed, else assumed), for pricing each size. */
export function trafficOf(
  estimate: Pick<FunctionEstimate, 'costInput' | 'basis' | 'coldStartRate'>,
): TuneTraffic {
  const requests = estimate.basis.find((b) => b.startsWith('requests/month:'));
  return {
    requestsPerMonth: estimate.costInput.requestsPerMonth,
    coldStartRate: estimate.coldStartRate.value,
    basis: `${Math.round(estimate.costInput.requestsPerMonth).toLocaleString('en-US')} requests/month (${requests ? requests.slice('requests/month: '.length) : 'assumed'}), cold-start rate ${(estimate.coldStartRate.value * 100).toFixed(1)} % (${estimate.coldStartRate.basis})`,
  };
}

export function tuneOutcome(input: Omit<TuneOutcome, 'recommendation'>): TuneOutcome {
  const recommendation =
    input.stopped && input.results.length === 0
      ? { memoryMB: null, reason: `no size measured: ${input.stopped.message}` }
      : recommendSize(input.results, input.strategy);
  // The contract's order: function, strategy, recommendation, restored, results; then the rest.
  return {
    function: input.function,
    strategy: input.strategy,
    recommendation,
    restored: input.restored,
    results: input.results,
    traffic: input.traffic,
    ...(input.stopped ? { stopped: input.stopped } : {}),
    notes: input.notes,
  };
}
