// When an always-on server at a fixed monthly price becomes cheaper than the function: the
// monthly Lambda cost rises with requests (never falls: free tier, tiers and all), so the
// break-even is found by bisection on the real cost function rather than a linear formula.
// It assumes one such server could carry that load, which the user must judge.
import { HOURS_PER_MONTH, monthlyCost, type CostInput, type CostOptions } from './monthlyCost';

/** Beyond ~3.8 million requests a second steady, the question is no longer this one. */
const MAX_REQUESTS_PER_MONTH = 1e13;

export interface BreakEven {
  readonly serverMonthlyUsd: number;
  readonly lambdaMonthlyUsd: number;
  /** True when, at the input's traffic, the server costs less. */
  readonly serverCheaper: boolean;
  /** Requests a month above which the server is cheaper; undefined when Lambda stays cheaper. */
  readonly breakEvenRequestsPerMonth?: number;
  readonly breakEvenRequestsPerSecond?: number;
  readonly message: string;
}

export function breakEven(
  input: CostInput,
  serverMonthlyUsd: number,
  options: CostOptions = {},
): BreakEven {
  if (!(Number.isFinite(serverMonthlyUsd) && serverMonthlyUsd >= 0))
    throw new RangeError(`server price must be a number ≥ 0, not ${serverMonthlyUsd}`);
  const costAt = (requestsPerMonth: number) =>
    monthlyCost({ ...input, requestsPerMonth }, options).totalUsd;
  const lambdaMonthlyUsd = costAt(input.requestsPerMonth);
  const serverCheaper = serverMonthlyUsd < lambdaMonthlyUsd;
  const server = `a $${money(serverMonthlyUsd)}/month server`;
  const now = `At ${count(input.requestsPerMonth)} requests/month Lambda costs $${money(lambdaMonthlyUsd)}`;
  let threshold: number | undefined;
  if (costAt(0) > serverMonthlyUsd) threshold = 0;
  else if (costAt(MAX_REQUESTS_PER_MONTH) > serverMonthlyUsd) {
    let low = 0;
    let high = MAX_REQUESTS_PER_MONTH;
    while (high - low > Math.max(1, low * 1e-9)) {
      const mid = (low + high) / 2;
      if (costAt(mid) > serverMonthlyUsd) high = mid;
      else low = mid;
    }
    threshold = Math.ceil(high);
  }
  if (threshold === undefined) {
    return {
      serverMonthlyUsd,
      lambdaMonthlyUsd,
      serverCheaper,
      message: `${now}; it stays cheaper than ${server} at any traffic.`,
    };
  }
  const perSecond = threshold / (HOURS_PER_MONTH * 3600);
  const where =
    threshold === 0
      ? `${server} is cheaper even with no traffic (fixed costs such as provisioned concurrency)`
      : `above ${count(threshold)} requests/month (≈ ${perSecond.toFixed(perSecond < 1 ? 2 : perSecond < 100 ? 1 : 0)} requests/s steady) ${server} is cheaper, if one server can carry that load`;
  return {
    serverMonthlyUsd,
    lambdaMonthlyUsd,
    serverCheaper,
    breakEvenRequestsPerMonth: threshold,
    breakEvenRequestsPerSecond: perSecond,
    message: `${now}; ${where}.${serverCheaper ? ' At your traffic the server is cheaper now.' : ''}`,
  };
}

function money(usd: number): string {
  return usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
