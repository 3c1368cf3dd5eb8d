// The figures of one size from its invocations: cold and warm durations kept apart (exact
// percentiles: a tuning run has tens of invocations, not millions), billed duration, memory used,
// errors, and what the size costs per 1M invocations and per month at the function's traffic
// (the cost model, monthlyCost.ts). Fewer figures than invocations asked for are said, never
// filled in.
import { costPerMillion, monthlyCost, type CostInput, type CostOptions } from '../cost/monthlyCost';
import type { Architecture } from '../cost/priceTable';
import { isColdStart, type ReportRecord } from '../report/reportLine';

/** What one invocation gave: its REPORT (read from the Invoke's log tail), whether it failed, or why the call itself failed. */
export interface TuneInvocation {
  readonly report?: ReportRecord;
  /** The Invoke's X-Amz-Function-Error ("Unhandled", "Handled"), with the error type the function returned. */
  readonly functionError?: { readonly errorType: string };
  /** The call did not complete (throttled, timed out on the client, refused): what was said. */
  readonly callFailure?: string;
}

/** The traffic costs are priced at, and what it rests on (observed, a what-if or assumed). */
export interface TuneTraffic {
  readonly requestsPerMonth: number;
  /** Share of requests that start cold (0–1). */
  readonly coldStartRate: number;
  readonly basis: string;
}

export interface DurationFigures {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p90Ms: number | null;
  readonly p99Ms: number | null;
  readonly meanMs: number | null;
}

export interface ColdFigures extends DurationFigures {
  /** Init Duration of the cold starts (REPORT's, beside the handler's Duration). */
  readonly initP50Ms: number | null;
  readonly initMeanMs: number | null;
}

export interface SizeResult {
  readonly memoryMB: number;
  /** Invocations asked for. */
  readonly asked: number;
  /** Invocations that ran and whose REPORT was read: the figures rest on these. */
  readonly invocations: number;
  /** Invocations that failed: a function error, a time-out, out of memory, or a call that did not complete. */
  readonly errors: number;
  readonly errorTypes: readonly { readonly type: string; readonly count: number }[];
  /** Invocations that ran without a REPORT in their log tail (their figures are missing, not zero). */
  readonly missingReports: number;
  /** Every invocation asked for ran, without an error, and was measured. */
  readonly complete: boolean;
  readonly cold: ColdFigures;
  readonly warm: DurationFigures;
  readonly billedMsMean: number | null;
  readonly maxMemoryUsedMB: number | null;
  readonly costPer1MUsd: number | null;
  readonly monthlyUsd: number | null;
  /** Fewer than asked, errors, a size the function's memory use is near: in words. */
  readonly notes: readonly string[];
}

export interface SizeContext {
  readonly architecture: Architecture;
  readonly traffic: TuneTraffic;
  readonly ephemeralStorageMB?: number;
  readonly costOptions?: CostOptions;
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function meanOf(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function durationFigures(values: number[]): DurationFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentileOf(sorted, 50),
    p90Ms: percentileOf(sorted, 90),
    p99Ms: percentileOf(sorted, 99),
    meanMs: meanOf(sorted),
  };
}

export function summarizeSize(
  memoryMB: number,
  asked: number,
  runs: readonly TuneInvocation[],
  context: SizeContext,
): SizeResult {
  const reports = runs.flatMap((r) => (r.report ? [r.report] : []));
  const coldReports = reports.filter(isColdStart);
  const warmReports = reports.filter((r) => !isColdStart(r));
  const errorTypes = new Map<string, number>();
  let errors = 0;
  for (const run of runs) {
    const status = run.report?.status;
    const failedStatus = status !== undefined && status !== 'success';
    if (!run.callFailure && !run.functionError && !failedStatus) continue;
    errors += 1;
    const type = run.callFailure
      ? 'InvokeFailed'
      : (run.report?.errorType ??
        run.functionError?.errorType ??
        (status === 'timeout' ? 'Sandbox.Timedout' : 'Error'));
    errorTypes.set(type, (errorTypes.get(type) ?? 0) + 1);
  }
  const missingReports = runs.filter((r) => !r.callFailure && !r.report).length;
  const notRun = Math.max(0, asked - runs.length);
  const initValues = coldReports.flatMap((r) =>
    r.initDurationMs !== undefined ? [r.initDurationMs] : [],
  );
  const initSorted = [...initValues].sort((a, b) => a - b);
  const cold: ColdFigures = {
    ...durationFigures(coldReports.map((r) => r.durationMs)),
    initP50Ms: percentileOf(initSorted, 50),
    initMeanMs: meanOf(initSorted),
  };
  const warm = durationFigures(warmReports.map((r) => r.durationMs));
  const billedMsMean = meanOf(reports.map((r) => r.billedDurationMs));
  const maxMemoryUsedMB = reports.length
    ? Math.max(...reports.map((r) => r.maxMemoryUsedMB))
    : null;

  // The handler's billed time in steady state: warm billed durations; with none, the cold ones' Duration (INIT apart).
  const warmBilled = meanOf(warmReports.map((r) => r.billedDurationMs));
  const handlerMs =
    warmBilled ?? (cold.meanMs !== null ? Math.max(1, Math.ceil(cold.meanMs)) : null);
  let costPer1MUsd: number | null = null;
  let monthlyUsd: number | null = null;
  if (handlerMs !== null) {
    const input: Omit<CostInput, 'requestsPerMonth'> = {
      durationMs: handlerMs,
      memoryMB,
      architecture: context.architecture,
      coldStartRate: context.traffic.coldStartRate,
      ...(cold.initMeanMs !== null ? { initDurationMs: cold.initMeanMs } : {}),
      ...(context.ephemeralStorageMB !== undefined
        ? { ephemeralStorageMB: context.ephemeralStorageMB }
        : {}),
    };
    costPer1MUsd = costPerMillion(input, context.costOptions);
    monthlyUsd = monthlyCost(
      { ...input, requestsPerMonth: context.traffic.requestsPerMonth },
      context.costOptions,
    ).totalUsd;
  }

  const notes: string[] = [];
  const measured = reports.length;
  if (measured < asked)
    notes.push(
      `${measured} of ${asked} invocations measured${notRun ? ` (${notRun} not run)` : ''}${missingReports ? ` (${missingReports} without a REPORT in the log tail)` : ''}`,
    );
  if (errors)
    notes.push(
      `${errors} of ${asked} invocations failed (${[...errorTypes].map(([t, n]) => `${t} × ${n}`).join(', ')}): not recommended`,
    );
  if (maxMemoryUsedMB !== null && maxMemoryUsedMB >= memoryMB * 0.9)
    notes.push(`memory used reached ${maxMemoryUsedMB} of ${memoryMB} MB`);
  return {
    memoryMB,
    asked,
    invocations: measured,
    errors,
    errorTypes: [...errorTypes]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count),
    missingReports,
    complete: measured === asked && errors === 0,
    cold,
    warm,
    billedMsMean,
    maxMemoryUsedMB,
    costPer1MUsd,
    monthlyUsd,
    notes,
  };
}

/** The duration a size is judged by for speed: the warm median (what most requests see), else the cold one. */
export function typicalDurationMs(result: SizeResult): number | null {
  return result.warm.p50Ms ?? result.cold.p50Ms;
}
