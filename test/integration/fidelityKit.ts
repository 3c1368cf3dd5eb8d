// Shared by the fidelity.*.test.ts files: the answers real AWS recorded, asserted through the SDK.
// Expected values come from LocalStack's AWS-validated snapshot tests (recorded against real AWS):
// github:localstack/localstack, tests/aws/services/lambda_/*.snapshot.json; each test cites its key.
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { NODE_HELLO, zipOf } from './endpoint';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-lens-test`;
export const CODE = zipOf({ 'index.js': NODE_HELLO });

export const arnOf = (
  name: string,
  qualifier?: string,
  region = REGION,
  account = ACCOUNT,
): string =>
  `arn:aws:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

export function createInput(
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: CODE },
    ...extra,
  };
}

export async function createFn(
  lambda: LambdaClient,
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await lambda.send(new CreateFunctionCommand(createInput(name, extra)));
}

export interface Recorded {
  /** The error code AWS answered (the SDK's exception name). */
  readonly code: string;
  readonly status: number;
  /** AWS's message, exactly; a RegExp where AWS's message holds a value of the run (a UUID, an ARN). */
  readonly message?: string | RegExp;
}

/** The call fails as AWS answered: its error code, HTTP status and message. */
export async function answersAs(call: Promise<unknown>, expected: Recorded): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, expected.code, `expected ${expected.code}, got ${e.name}: ${e.message}`);
    assert.equal(
      e.$metadata?.httpStatusCode,
      expected.status,
      `status for ${e.name}: ${e.message}`,
    );
    if (typeof expected.message === 'string') assert.equal(e.message, expected.message);
    else if (expected.message) assert.match(e.message, expected.message);
    return true;
  });
}
