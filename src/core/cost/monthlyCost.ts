// What a function costs a month: requests, on-demand duration (GB-s by architecture, tiered,
// after the free tier), the INIT phase of cold starts, ephemeral storage above 512 MB and
// provisioned concurrency. Every line carries its quantity and the basis of its price.
import { EPHEMERAL_STORAGE_MIN_MB } from '../limits';
import { tieredDurationUsd } from './durationTiers';
import {
  priceTableFor,
  type Architecture,
  type PriceOverrides,
  type ResolvedPrices,
} from './priceTable';

/** The convention AWS's pricing examples and calculator use for "a month". */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export interface CostInput {
  readonly requestsPerMonth: number;
  /** Mean billed duration of an invocation's handler (REPORT's Billed Duration without INIT). */
  readonly durationMs: number;
  readonly memoryMB: number;
  readonly architecture: Architecture;
  /** /tmp size; above 512 MB it is billed. */
  readonly ephemeralStorageMB?: number;
  /** Share of on-demand invocations that start cold (0–1). */
  readonly coldStartRate?: number;
  /** Mean Init Duration of a cold start. */
  readonly initDurationMs?: number;
  /**
   * Whether INIT is billed. Default true: since 2025-08-01 a cold invoke's billed duration
   * covers Init Duration + Duration for zip functions on managed runtimes (aws-facts.md);
   * custom runtimes and images were billed for it before.
   */
  readonly initBilled?: boolean;
  readonly provisionedConcurrency?: number;
  /** Hours a month provisioned concurrency is enabled (default all month, 730 h). */
  readonly provisionedHoursPerMonth?: number;
  /**
   * Share of requests provisioned concurrency serves. Default: a steady-load model (see
   * provisionedServedShare); set it when you know better, e.g. 1 when traffic fits inside it.
   */
  readonly provisionedServedFraction?: number;
}

export interface CostOptions {
  readonly region?: string;
  /** Apply the monthly free tier (1M requests, 400,000 GB-s) to this function. Default true. */
  readonly freeTier?: boolean;
  readonly overrides?: PriceOverrides;
  /** On-demand GB-s the account used this month before this function's, for the tiers. */
  readonly accountGbSecondsBefore?: number;
}

export type CostItem =
  | 'requests'
  | 'duration'
  | 'init'
  | 'ephemeralStorage'
  | 'provisionedConcurrency'
  | 'provisionedDuration';

export interface CostLine {
  readonly item: CostItem;
  readonly quantity: number;
  readonly unit: 'requests' | 'GB-s';
  readonly usd: number;
  readonly basis: string;
}

export interface CostEstimate {
  readonly totalUsd: number;
  /** totalUsd per million requests (0 requests: NaN). */
  readonly perMillionRequestsUsd: number;
  readonly lines: readonly CostLine[];
  readonly coldStartsPerMonth: number;
  /** Cold starts that provisioned concurrency removes (its requests never start cold). */
  readonly coldStartsRemoved: number;
  readonly provisionedServedFraction: number;
  readonly prices: { readonly region: string; readonly asOf: string; readonly known: boolean };
  readonly basis: readonly string[];
}

/** Problems with an input, in words; empty when it can be priced. */
export function costInputProblems(input: CostInput): string[] {
  const problems: string[] = [];
  const check = (
    name: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    what: string,
  ) => {
    if (value !== undefined && !(Number.isFinite(value) && ok(value)))
      problems.push(`${name} must be ${what}, not ${value}`);
  };
  check('requestsPerMonth', input.requestsPerMonth, (v) => v >= 0, 'a number ≥ 0');
  check('durationMs', input.durationMs, (v) => v >= 0, 'a number ≥ 0');
  check('memoryMB', input.memoryMB, (v) => v > 0, 'a number > 0');
  check('ephemeralStorageMB', input.ephemeralStorageMB, (v) => v >= 0, 'a number ≥ 0');
  check('coldStartRate', input.coldStartRate, (v) => v >= 0 && v <= 1, 'between 0 and 1');
  check('initDurationMs', input.initDurationMs, (v) => v >= 0, 'a number ≥ 0');
  check('provisionedConcurrency', input.provisionedConcurrency, (v) => v >= 0, 'a number ≥ 0');
  check(
    'provisionedHoursPerMonth',
    input.provisionedHoursPerMonth,
    (v) => v >= 0 && v <= 744,
    'between 0 and 744',
  );
  check(
    'provisionedServedFraction',
    input.provisionedServedFraction,
    (v) => v >= 0 && v <= 1,
    'between 0 and 1',
  );
  if (input.architecture !== 'x86_64' && input.architecture !== 'arm64')
    problems.push(`architecture must be x86_64 or arm64, not ${String(input.architecture)}`);
  return problems;
}

/**
 * Share of requests provisioned concurrency serves under steady, uniform load: during the hours
 * it is on, it serves min(1, provisioned / mean concurrency) of them, mean concurrency being
 * requests per second × duration (Little's law). Bursty traffic spills over more than this.
 */
export function provisionedServedShare(input: CostInput): number {
  const provisioned = input.provisionedConcurrency ?? 0;
  if (provisioned <= 0 || input.requestsPerMonth <= 0) return 0;
  const hours = Math.min(HOURS_PER_MONTH, input.provisionedHoursPerMonth ?? HOURS_PER_MONTH);
  const meanConcurrency = (input.requestsPerMonth / SECONDS_PER_MONTH) * (input.durationMs / 1000);
  const covered = meanConcurrency > 0 ? Math.min(1, provisioned / meanConcurrency) : 1;
  return (hours / HOURS_PER_MONTH) * covered;
}

export function monthlyCost(input: CostInput, options: CostOptions = {}): CostEstimate {
  const problems = costInputProblems(input);
  if (problems.length) throw new RangeError(problems.join('; '));
  const resolved: ResolvedPrices = priceTableFor(options.region, options.overrides);
  const { table } = resolved;
  const arch = input.architecture;
  const freeTier = options.freeTier ?? true;
  const memoryGb = input.memoryMB / 1024;
  const requests = input.requestsPerMonth;
  const basis = [...resolved.basis];

  const served = input.provisionedServedFraction ?? provisionedServedShare(input);
  const provisionedRequests = requests * served;
  const onDemandRequests = requests - provisionedRequests;
  const coldRate = input.coldStartRate ?? 0;
  const coldStarts = onDemandRequests * coldRate;
  const initBilled = input.initBilled ?? true;
  const initMs = input.initDurationMs ?? 0;

  const lines: CostLine[] = [];
  const freeRequests = freeTier ? Math.min(requests, table.freeTier.requests) : 0;
  lines.push({
    item: 'requests',
    quantity: requests,
    unit: 'requests',
    usd: ((requests - freeRequests) / 1e6) * table.requestUsdPerMillion,
    basis: `$${table.requestUsdPerMillion} per 1M${freeRequests ? `, first ${fmt(freeRequests)} free` : ''}`,
  });

  // On-demand duration: the handler and, when billed, INIT of cold starts; the free tier first,
  // then the tiers; the cost is split between the two lines in proportion to their GB-s.
  const handlerGbS = onDemandRequests * (input.durationMs / 1000) * memoryGb;
  const initGbS = initBilled ? coldStarts * (initMs / 1000) * memoryGb : 0;
  const onDemandGbS = handlerGbS + initGbS;
  const freeGbS = freeTier ? Math.min(onDemandGbS, table.freeTier.gbSeconds) : 0;
  const durationUsd = tieredDurationUsd(
    onDemandGbS - freeGbS,
    table.duration[arch],
    options.accountGbSecondsBefore ?? 0,
  );
  const firstRate = table.duration[arch][0]!.usdPerGbSecond;
  const durationBasis = `${arch} $${firstRate} per GB-s, tiered${freeGbS ? `, ${fmt(freeGbS)} GB-s free` : ''}`;
  lines.push({
    item: 'duration',
    quantity: handlerGbS,
    unit: 'GB-s',
    usd: onDemandGbS ? (durationUsd * handlerGbS) / onDemandGbS : 0,
    basis: durationBasis,
  });
  if (coldStarts > 0 && initMs > 0) {
    lines.push({
      item: 'init',
      quantity: initGbS,
      unit: 'GB-s',
      usd: onDemandGbS ? (durationUsd * initGbS) / onDemandGbS : 0,
      basis: initBilled
        ? `${fmt(coldStarts)} cold starts × ${fmt(initMs)} ms INIT, billed since 2025-08-01`
        : 'INIT not billed (as chosen)',
    });
  }

  const provisioned = input.provisionedConcurrency ?? 0;
  const provisionedDurationGbS = provisionedRequests * (input.durationMs / 1000) * memoryGb;
  const extraStorageGb =
    Math.max(0, (input.ephemeralStorageMB ?? EPHEMERAL_STORAGE_MIN_MB) - EPHEMERAL_STORAGE_MIN_MB) /
    1024;
  if (extraStorageGb > 0) {
    // Storage is billed for the same time as duration: handler, billed INIT and provisioned runs.
    const seconds = onDemandGbS / memoryGb + provisionedDurationGbS / memoryGb;
    const storageGbS = seconds * extraStorageGb;
    lines.push({
      item: 'ephemeralStorage',
      quantity: storageGbS,
      unit: 'GB-s',
      usd: storageGbS * table.ephemeralUsdPerGbSecond,
      basis: `${fmt(extraStorageGb * 1024)} MB above the free 512 MB at $${table.ephemeralUsdPerGbSecond} per GB-s`,
    });
  }
  if (provisioned > 0) {
    const prices = table.provisioned[arch];
    const hours = Math.min(HOURS_PER_MONTH, input.provisionedHoursPerMonth ?? HOURS_PER_MONTH);
    const keptGbS = provisioned * memoryGb * hours * 3600;
    const unverified = table.unverified.some((u) => u.startsWith(`${arch} provisioned`))
      ? ' (unverified price)'
      : '';
    lines.push({
      item: 'provisionedConcurrency',
      quantity: keptGbS,
      unit: 'GB-s',
      usd: keptGbS * prices.concurrencyUsdPerGbSecond,
      basis: `${fmt(provisioned)} × ${fmt(input.memoryMB)} MB for ${fmt(hours)} h at $${prices.concurrencyUsdPerGbSecond} per GB-s${unverified}`,
    });
    lines.push({
      item: 'provisionedDuration',
      quantity: provisionedDurationGbS,
      unit: 'GB-s',
      usd: provisionedDurationGbS * prices.durationUsdPerGbSecond,
      basis: `${fmt(served * 100)} % of requests served warm at $${prices.durationUsdPerGbSecond} per GB-s${input.provisionedServedFraction === undefined ? ' (steady-load model)' : ''}${unverified}`,
    });
  }
  if (freeTier)
    basis.push('free tier applied to this function alone (it is shared by the account)');

  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  return {
    totalUsd,
    perMillionRequestsUsd: requests > 0 ? (totalUsd / requests) * 1e6 : NaN,
    lines,
    coldStartsPerMonth: coldStarts,
    coldStartsRemoved: provisionedRequests * coldRate,
    provisionedServedFraction: served,
    prices: { region: table.region, asOf: table.asOf, known: resolved.known },
    basis,
  };
}

/**
 * The marginal cost of one million requests (no free tier, no provisioned concurrency, first
 * tier): the figure for "≈ $X per 1M" above a handler.
 */
export function costPerMillion(
  input: Omit<CostInput, 'requestsPerMonth'>,
  options: Omit<CostOptions, 'freeTier'> = {},
): number {
  const {
    provisionedConcurrency: _p,
    provisionedHoursPerMonth: _h,
    provisionedServedFraction: _s,
    ...onDemand
  } = input;
  return monthlyCost(
    { ...onDemand, requestsPerMonth: 1e6 },
    { ...options, freeTier: false, accountGbSecondsBefore: 0 },
  ).totalUsd;
}

/** Rounds to whole cents, as a bill shows it. */
export function toCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function fmt(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
