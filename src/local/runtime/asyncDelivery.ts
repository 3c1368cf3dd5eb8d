// Asynchronous (Event) invocations as Lambda delivers them: up to MaximumRetryAttempts retries
// (default 2) of a function error, AWS's delays between them (about 1, then 2 minutes: DG
// "Error handling and automatic retries in Lambda"), events older than MaximumEventAgeInSeconds
// (default 6 hours) dropped, and an invocation record sent to the OnSuccess or OnFailure
// destination. The record's shape is AWS's (LocalStack's AWS-validated snapshot
// tests/aws/services/lambda_/test_lambda_destinations.snapshot.json, receive_message_result).
// `timeScale` shrinks every delay and age alike (LAMBDA_LENS_ASYNC_TIME_SCALE, e.g. 0.001 makes a
// minute 60 ms): only when a setting asks for it.
import { randomUUID } from 'node:crypto';
import type { EventInvokeConfigRecord } from '../store/functionRecord';
import { pause } from '../../core/abortablePause';

export const RETRY_DELAYS_MS = [60_000, 120_000];
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_AGE_S = 21_600;

/** LAMBDA_LENS_ASYNC_TIME_SCALE when it is a number in (0, 1], else 1 (AWS's own timing). */
export function asyncTimeScale(given?: number): number {
  const value = given ?? Number(process.env.LAMBDA_LENS_ASYNC_TIME_SCALE);
  return Number.isFinite(value) && value > 0 && value <= 1 ? value : 1;
}

export interface AttemptResult {
  readonly payload: Buffer;
  readonly functionError: boolean;
}

export interface Delivery {
  readonly config: EventInvokeConfigRecord | undefined;
  readonly timeScale: number;
  /** The invoked function's ARN with its qualifier (`:$LATEST` when none), as the record names it. */
  readonly functionArn: string;
  readonly executedVersion: string;
  readonly requestPayload: Buffer;
  /** Runs the function once; the same request id on every attempt, as Lambda keeps it. */
  attempt(requestId: string): Promise<AttemptResult>;
  /** Sends the invocation record to a destination ARN. */
  send(destination: string, record: Record<string, unknown>): void;
  /** Aborted when the endpoint stops: no more retries. */
  readonly signal: AbortSignal;
}

type Condition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

function parsed(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function deliver(delivery: Delivery): Promise<void> {
  const { config, timeScale, signal } = delivery;
  const retries = config?.maximumRetryAttempts ?? DEFAULT_RETRIES;
  const maxAgeMs = (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000 * timeScale;
  const requestId = randomUUID();
  const start = Date.now();
  let invokeCount = 0;
  let result: AttemptResult;
  let condition: Condition;
  for (;;) {
    invokeCount += 1;
    result = await delivery.attempt(requestId);
    if (!result.functionError) {
      condition = 'Success';
      break;
    }
    if (invokeCount > retries) {
      condition = 'RetriesExhausted';
      break;
    }
    await pause(RETRY_DELAYS_MS[invokeCount - 1]! * timeScale, signal);
    if (signal.aborted) return;
    if (Date.now() - start > maxAgeMs) {
      condition = 'EventAgeExceeded';
      break;
    }
  }
  const destination = condition === 'Success' ? config?.onSuccess : config?.onFailure;
  if (!destination) return;
  delivery.send(destination, {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId,
      functionArn: delivery.functionArn,
      condition,
      approximateInvokeCount: invokeCount,
    },
    requestPayload: parsed(delivery.requestPayload),
    responseContext: {
      statusCode: 200,
      executedVersion: delivery.executedVersion,
      ...(result.functionError ? { functionError: 'Unhandled' } : {}),
    },
    responsePayload: parsed(result.payload),
  });
}
