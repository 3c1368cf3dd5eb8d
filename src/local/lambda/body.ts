import { fail } from '../../core/apiProblem';
import type { Exchange } from '../http/exchange';

/** The JSON body of a REST-JSON request; an empty body is an empty object. */
export function jsonBody(exchange: Exchange): Record<string, unknown> {
  if (exchange.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(exchange.body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  fail('SerializationException', 'The request body is not a valid JSON object.');
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('SerializationException', `${key} must be a string.`);
  return value;
}

/** AWS's words for every operation (test_lambda_api.snapshot.json, TestLambdaRevisions::*_revision_exception). */
export function checkRevision(
  given: string | undefined,
  current: string,
  what = 'GetFunction/GetAlias',
): void {
  if (given !== undefined && given !== current) {
    fail(
      'PreconditionFailedException',
      `The Revision Id provided does not match the latest Revision Id. Call the ${what} API to retrieve the latest Revision Id`,
      412,
    );
  }
}
