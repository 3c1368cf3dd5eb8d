// Everything the estimate panel and the handler's CodeLens show for one function, in one pure
// call: observed figures where there are any, the models where there are not, each with its basis.
import { compareTimeout, type TimeoutComparison } from '../timeoutComparison';
import { estimateColdStart, type ColdStartInput } from '../coldStart/coldStartEstimate';
import {
  coldStartP50Text,
  mergeColdStart,
  type ColdStartFigure,
} from '../coldStart/mergeColdStart';
import { blendWithPrior, weightAgainst, type BlendedFigure } from '../estimate/priorBlend';
import { discardedReportsBasis } from '../report/discardedReports';
import type { ReportSummary } from '../report/reportStats';
import { armSaving, type ArmSaving } from './armSaving';
import { breakEven, type BreakEven } from './breakEven';
import { recommendMemory, type MemoryRecommendation } from './memoryRecommendation';
import {
  costPerMillion,
  HOURS_PER_MONTH,
  monthlyCost,
  type CostEstimate,
  type CostInput,
  type CostOptions,
} from './monthlyCost';

/** AWS: "cold starts typically occur in under 1 % of invocations" (Lambda execution environment docs). */
export const ASSUMED_COLD_START_RATE = 0.01;
/**
 * How many invocations the assumed rate counts for against observed ones (a Beta prior): a new
 * function's first invocation is always cold, so 1 in 4 says little, while 250 in 1,000 outweighs
 * the assumption. From 100 times as many, the observed rate alone (the prior's share under 1 %).
 */
export const COLD_START_RATE_PRIOR_INVOCATIONS = 100;
export const ASSUMED_REQUESTS_PER_MONTH = 1_000_000;
export const ASSUMED_DURATION_MS = 100;

export interface FunctionFacts extends ColdStartInput {
  readonly timeoutSeconds?: number;
  readonly ephemeralStorageMB?: number;
}

export interface EstimateRequest {
  readonly facts: FunctionFacts;
  /** Statistics of the function's REPORT lines, and the window they cover (to scale to a month). */
  readonly observed?: ReportSummary;
  readonly windowMs?: number;
  /** What-if values; each replaces the observed or assumed one. */
  readonly requestsPerMonth?: number;
  readonly durationMs?: number;
  readonly memoryMB?: number;
  readonly architecture?: CostInput['architecture'];
  readonly provisionedConcurrency?: number;
  readonly cpuBoundFraction?: number;
  readonly serverMonthlyUsd?: number;
  readonly costOptions?: CostOptions;
}

export interface FunctionEstimate {
  readonly coldStart: ColdStartFigure;
  /** The cold-start rate the cost uses, and what it rests on. */
  readonly coldStartRate: BlendedFigure & { readonly basis: string };
  readonly costInput: CostInput;
  readonly cost: CostEstimate;
  /** Marginal cost of 1M requests (no free tier): the CodeLens figure. */
  readonly perMillionUsd: number;
  readonly memory: MemoryRecommendation;
  readonly arm64: ArmSaving;
  readonly breakEven?: BreakEven;
  readonly timeout?: TimeoutComparison;
  /** Where each input came from: observed, what-if or assumed. */
  readonly basis: readonly string[];
  /** "≈ $0.27 per 1M · cold p50 140 ms (estimated)" */
  readonly headline: string;
}

export function estimateFunction(request: EstimateRequest): FunctionEstimate {
  const { facts, observed } = request;
  const has = observed !== undefined && observed.invocations > 0;
  const basis: string[] = [];
  const pick = <T>(
    name: string,
    whatIf: T | undefined,
    seen: T | undefined,
    seenWhy: string,
    assumed: T,
    assumedWhy: string,
  ): T => {
    if (whatIf !== undefined) {
      basis.push(`${name}: what-if`);
      return whatIf;
    }
    if (seen !== undefined) {
      basis.push(`${name}: ${seenWhy}`);
      return seen;
    }
    basis.push(`${name}: ${assumedWhy}`);
    return assumed;
  };
  const windowMs = request.windowMs ?? 0;
  const observedPerMonth =
    has && windowMs > 0
      ? (observed.invocations / windowMs) * HOURS_PER_MONTH * 3600_000
      : undefined;
  const requestsPerMonth = pick(
    'requests/month',
    request.requestsPerMonth,
    observedPerMonth,
    `observed ${observed?.invocations} in the window, scaled to a month`,
    ASSUMED_REQUESTS_PER_MONTH,
    'assumed 1M',
  );
  const warmBilled =
    has && Number.isFinite(observed.billed.warmMeanMs) ? observed.billed.warmMeanMs : undefined;
  const coldHandlerOnly =
    has && observed.coldDuration ? Math.ceil(observed.coldDuration.mean) : undefined;
  const durationMs = pick(
    'duration',
    request.durationMs,
    warmBilled ?? coldHandlerOnly,
    warmBilled !== undefined
      ? 'mean billed duration of warm invocations'
      : 'mean duration of cold invocations (no warm one seen)',
    ASSUMED_DURATION_MS,
    `assumed ${ASSUMED_DURATION_MS} ms`,
  );
  const memoryMB = request.memoryMB ?? facts.memoryMB;
  const architecture = request.architecture ?? facts.architecture;
  const estimate = estimateColdStart({ ...facts, memoryMB, architecture });
  const coldStart = mergeColdStart(
    estimate,
    request.memoryMB !== undefined || request.architecture !== undefined
      ? undefined
      : (observed?.initDuration ?? observed?.restoreDuration),
  );
  const rate = coldStartRateFigure(has ? observed : undefined);
  const coldStartRate = { ...rate, basis: coldStartRateBasis(rate, has ? observed : undefined) };
  basis.push(`cold-start rate: ${coldStartRate.basis}`);
  const costInput: CostInput = {
    requestsPerMonth,
    durationMs,
    memoryMB,
    architecture,
    coldStartRate: coldStartRate.value,
    initDurationMs: coldStart.meanMs,
    ...(facts.ephemeralStorageMB !== undefined
      ? { ephemeralStorageMB: facts.ephemeralStorageMB }
      : {}),
    ...(request.provisionedConcurrency
      ? { provisionedConcurrency: request.provisionedConcurrency }
      : {}),
  };
  const options = request.costOptions ?? {};
  const cost = monthlyCost(costInput, options);
  const perMillionUsd = costPerMillion(costInput, options);
  const memory = recommendMemory(
    {
      ...costInput,
      ...(request.cpuBoundFraction !== undefined
        ? { cpuBoundFraction: request.cpuBoundFraction }
        : {}),
      ...(has ? { maxMemoryUsedMB: observed.memory.maxUsedMB } : {}),
    },
    options,
  );
  const arm64 = armSaving(costInput, options);
  // What the observed figures left out, and why (a REPORT the function printed itself, a copy).
  if (observed) basis.push(...discardedReportsBasis(observed));
  const cold = `cold p50 ${coldStartP50Text(coldStart)} (${coldStart.source === 'estimate' ? 'estimated' : coldStart.rests})`;
  return {
    coldStart,
    coldStartRate,
    costInput,
    cost,
    perMillionUsd,
    memory,
    arm64,
    ...(request.serverMonthlyUsd !== undefined
      ? { breakEven: breakEven(costInput, request.serverMonthlyUsd, options) }
      : {}),
    ...(facts.timeoutSeconds !== undefined && facts.timeoutSeconds > 0
      ? { timeout: compareTimeout(facts.timeoutSeconds) }
      : {}),
    basis,
    headline: `≈ $${perMillionUsd.toFixed(perMillionUsd < 10 ? 2 : 0)} per 1M · ${cold}`,
  };
}

function coldStartRateFigure(observed: ReportSummary | undefined): BlendedFigure {
  return blendWithPrior({
    observed: observed?.coldStartRate ?? Number.NaN,
    samples: observed?.invocations ?? 0,
    prior: ASSUMED_COLD_START_RATE,
    weight: weightAgainst(COLD_START_RATE_PRIOR_INVOCATIONS),
    aloneFrom: 100 * COLD_START_RATE_PRIOR_INVOCATIONS,
    priorName: 'prior',
  });
}

function coldStartRateBasis(rate: BlendedFigure, observed: ReportSummary | undefined): string {
  const assumed = `the assumed ${ASSUMED_COLD_START_RATE * 100} % (AWS: typically under 1 % of invocations)`;
  if (rate.source === 'prior' || !observed) return assumed;
  const seen = `${observed.coldStarts.toLocaleString('en-US')} cold start${observed.coldStarts === 1 ? '' : 's'} in ${observed.invocations.toLocaleString('en-US')} invocations (${(observed.coldStartRate * 100).toFixed(1)} %)`;
  return rate.source === 'observed'
    ? `observed: ${seen}`
    : `${seen} weighted ${observed.invocations.toLocaleString('en-US')} : ${COLD_START_RATE_PRIOR_INVOCATIONS} with ${assumed}`;
}
