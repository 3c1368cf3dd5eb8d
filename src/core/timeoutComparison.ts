// A function's timeout against Lambda's 15-minute limit and beside the maximum execution time of
// Google Cloud Functions and Azure Functions (aws-facts.md, "Other platforms' maximum execution time").
import { TIMEOUT_MAX_S } from './limits';

export interface PlatformLimit {
  readonly platform: string;
  /** Maximum execution time in seconds; Infinity for unbounded. */
  readonly maxSeconds: number;
  readonly defaultSeconds?: number;
  readonly note?: string;
}

export const PLATFORM_LIMITS: readonly PlatformLimit[] = [
  { platform: 'AWS Lambda', maxSeconds: TIMEOUT_MAX_S, defaultSeconds: 3 },
  { platform: 'Google Cloud Functions (1st gen)', maxSeconds: 540 },
  { platform: 'Google Cloud Functions (2nd gen, HTTP)', maxSeconds: 3600 },
  { platform: 'Google Cloud Functions (2nd gen, event-driven)', maxSeconds: 540 },
  { platform: 'Azure Functions (Consumption)', maxSeconds: 600, defaultSeconds: 300 },
  {
    platform: 'Azure Functions (Premium, Flex)',
    maxSeconds: Infinity,
    defaultSeconds: 1800,
    note: 'HTTP responses are capped at 230 s',
  },
];

export interface TimeoutComparison {
  readonly timeoutSeconds: number;
  /** Share of Lambda's 900 s the timeout uses. */
  readonly shareOfLambdaLimit: number;
  readonly platforms: readonly (PlatformLimit & { readonly fits: boolean })[];
}

export function compareTimeout(timeoutSeconds: number): TimeoutComparison {
  if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0))
    throw new RangeError(`timeout must be a number of seconds > 0, not ${timeoutSeconds}`);
  return {
    timeoutSeconds,
    shareOfLambdaLimit: timeoutSeconds / TIMEOUT_MAX_S,
    platforms: PLATFORM_LIMITS.map((p) => ({ ...p, fits: timeoutSeconds <= p.maxSeconds })),
  };
}
