// Event invoke configuration: its API answers as AWS recorded them, and asynchronous invocations
// honour it (retries, event age, OnSuccess/OnFailure destinations to another local function, with
// AWS's invocation record). Expected answers: LocalStack's AWS-validated snapshots,
// github:localstack/localstack tests/aws/services/lambda_/test_lambda_api.snapshot.json
// (TestLambdaEventInvokeConfig::*) and test_lambda_destinations.snapshot.json (records).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionRecursionConfigCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  GetRuntimeManagementConfigCommand,
  ListEventSourceMappingsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListLayersCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { answersAs, arnOf } from './fidelityKit';
import { createFunction, filterEvents, invoke, waitFor } from './invokeKit';

// One minute of AWS's retry timing is 60 ms here (asyncDelivery.ts, LAMBDA_LENS_ASYNC_TIME_SCALE).
const SCALE = 0.001;
const RECORDER =
  "exports.handler = async (event) => { console.log('RECORD ' + JSON.stringify(event)); return 'ok'; };\n";
const FAILING =
  "exports.handler = async (event) => { console.log('ATTEMPT ' + JSON.stringify(event)); if (event.fail) throw new Error('intentional failure'); return { ok: true }; };\n";

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint({ invoker: { asyncTimeScale: SCALE } });
  lambda = t.lambda;
  await createFunction(t, 'eic-fn', { 'index.js': FAILING });
  await createFunction(t, 'recorder', { 'index.js': RECORDER });
});
after(async () => t.close());

const noConfig = (name: string, qualifier = '$LATEST') =>
  `The function ${arnOf(name, qualifier)} doesn't have an EventInvokeConfig`;

describe('the API (TestLambdaEventInvokeConfig::test_lambda_eventinvokeconfig_exceptions, _lifecycle)', () => {
  test('errors', async () => {
    // put_functionname_nootherargs (checked before the function is looked up)
    await answersAs(
      lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' })),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'You must specify at least one of error handling or destination setting.',
      },
    );
    // put_functionname_name_notfound, put_functionname_arn_notfound, put_alias_doesnotexist, list_function_doesnotexist, update_eventinvokeconfig_function_doesnotexist
    for (const call of [
      () =>
        lambda.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'doesnotexist',
            MaximumRetryAttempts: 1,
          }),
        ),
      () =>
        lambda.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: arnOf('doesnotexist'),
            MaximumRetryAttempts: 1,
          }),
        ),
      () =>
        lambda.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'eic-fn',
            Qualifier: 'nosuchalias',
            MaximumRetryAttempts: 1,
          }),
        ),
      () =>
        lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'doesnotexist' })),
      () =>
        lambda.send(
          new UpdateFunctionEventInvokeConfigCommand({
            FunctionName: 'doesnotexist',
            MaximumRetryAttempts: 1,
          }),
        ),
    ])
      await answersAs(call(), {
        code: 'ResourceNotFoundException',
        status: 404,
        message: "The function doesn't exist.",
      });
    // put_destination_lambda_doesntexist, put_destination_recursive, put_destination_invalid_service_arn
    await answersAs(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          DestinationConfig: { OnSuccess: { Destination: arnOf('doesnotexist') } },
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: `The destination ARN ${arnOf('doesnotexist')} is invalid.`,
      },
    );
    await answersAs(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          DestinationConfig: { OnSuccess: { Destination: arnOf('eic-fn') } },
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: "You can't specify the function as a destination for itself.",
      },
    );
    const iam = 'arn:aws:iam:us-east-1:123456789012:function:eic-fn';
    await answersAs(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          DestinationConfig: { OnSuccess: { Destination: iam } },
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iam}), onFailure=null) is invalid.`,
      },
    );
    // put_destination_invalid_arn_pattern
    const bad = 'arn:aws:_-/!lambda:us-east-1:123456789012:function:eic-fn';
    await answersAs(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          DestinationConfig: { OnFailure: { Destination: bad } },
        }),
      ),
      {
        code: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${bad}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: $|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)`,
      },
    );
    // put_shorthand_qualifier_mismatch_2
    await answersAs(
      lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn:$LATEST',
          Qualifier: '1',
          MaximumRetryAttempts: 1,
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          'The derived qualifier from the function name does not match the specified qualifier.',
      },
    );
    // get_function_doesnotexist, delete_function_doesnotexist, delete_function_not_found, get_qualifier_doesnotexist, update_eventinvokeconfig_config_doesnotexist_without_qualifier
    await answersAs(
      lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' })),
      { code: 'ResourceNotFoundException', status: 404, message: noConfig('doesnotexist') },
    );
    await answersAs(
      lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' })),
      { code: 'ResourceNotFoundException', status: 404, message: noConfig('doesnotexist') },
    );
    await answersAs(
      lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn' })),
      { code: 'ResourceNotFoundException', status: 404, message: noConfig('eic-fn') },
    );
    await answersAs(
      lambda.send(
        new GetFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          Qualifier: 'doesnotexist',
        }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: noConfig('eic-fn', 'doesnotexist'),
      },
    );
    await answersAs(
      lambda.send(
        new UpdateFunctionEventInvokeConfigCommand({
          FunctionName: 'eic-fn',
          MaximumRetryAttempts: 1,
        }),
      ),
      { code: 'ResourceNotFoundException', status: 404, message: noConfig('eic-fn') },
    );
  });

  test('put replaces, update merges, get and list show it, per qualifier; delete removes it', async () => {
    // put_invokeconfig_retries_0: DestinationConfig is always there, empty sides as {}
    const put = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn', MaximumRetryAttempts: 0 }),
    );
    assert.equal(put.FunctionArn, arnOf('eic-fn', '$LATEST'));
    assert.equal(put.MaximumRetryAttempts, 0);
    assert.deepEqual(put.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
    assert.ok(put.LastModified instanceof Date);
    // put_invokeconfig_eventage_60 (a put replaces), update_invokeconfig_retries (an update merges)
    const replaced = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'eic-fn',
        MaximumEventAgeInSeconds: 60,
      }),
    );
    assert.equal(replaced.MaximumRetryAttempts, undefined);
    const merged = await lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({
        FunctionName: 'eic-fn',
        MaximumRetryAttempts: 1,
      }),
    );
    assert.deepEqual([merged.MaximumEventAgeInSeconds, merged.MaximumRetryAttempts], [60, 1]);
    const got = await lambda.send(
      new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn', Qualifier: '$LATEST' }),
    );
    assert.deepEqual([got.MaximumEventAgeInSeconds, got.MaximumRetryAttempts], [60, 1]);
    const listed = await lambda.send(
      new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic-fn' }),
    );
    assert.deepEqual(
      listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn),
      [arnOf('eic-fn', '$LATEST')],
    );
    // get_invokeconfig_postpublish: a published version has none of its own
    await lambda.send(new PublishVersionCommand({ FunctionName: 'eic-fn' }));
    await answersAs(
      lambda.send(
        new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn', Qualifier: '1' }),
      ),
      { code: 'ResourceNotFoundException', status: 404, message: noConfig('eic-fn', '1') },
    );
    // put_version_shorthand
    const version = await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'eic-fn:1',
        MaximumRetryAttempts: 1,
      }),
    );
    assert.equal(version.FunctionArn, arnOf('eic-fn', '1'));
    await lambda.send(
      new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn', Qualifier: '1' }),
    );
    await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic-fn' }));
    assert.deepEqual(
      (await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic-fn' })))
        .FunctionEventInvokeConfigs,
      [],
    );
  });
});

interface InvocationRecord {
  version: string;
  timestamp: string;
  requestPayload: unknown;
  responsePayload: Record<string, unknown>;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: string;
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
}

async function nextRecord(seen: number): Promise<InvocationRecord> {
  const events = await waitFor('a record at the destination', async () => {
    const found = (await filterEvents(t, 'recorder')).filter((e) => e.message?.includes('RECORD '));
    return found.length > seen ? found : undefined;
  });
  return JSON.parse(
    events[seen]!.message!.slice(events[seen]!.message!.indexOf('RECORD ') + 7),
  ) as InvocationRecord;
}

describe('asynchronous invocations honour it (test_lambda_destinations.snapshot.json)', () => {
  test('a failing event is retried MaximumRetryAttempts times, then its record goes to OnFailure', async () => {
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'eic-fn',
        MaximumRetryAttempts: 1,
        DestinationConfig: {
          OnFailure: { Destination: arnOf('recorder') },
          OnSuccess: { Destination: arnOf('recorder') },
        },
      }),
    );
    await invoke(t, 'eic-fn', { fail: 1, n: 1 }, { type: 'Event' });
    // TestLambdaDestinationSqs::test_assess_lambda_destination_invocation[payload1] / receive_message_result
    const record = await nextRecord(0);
    assert.equal(record.version, '1.0');
    assert.match(record.timestamp, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(
      { ...record.requestContext, requestId: '' },
      {
        requestId: '',
        functionArn: arnOf('eic-fn', '$LATEST'),
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
    );
    assert.deepEqual(record.requestPayload, { fail: 1, n: 1 });
    assert.deepEqual(record.responseContext, {
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    assert.equal(record.responsePayload.errorMessage, 'intentional failure');
    assert.equal(record.responsePayload.errorType, 'Error');
    // Both attempts ran, with the same request id.
    const attempts = (await filterEvents(t, 'eic-fn')).filter(
      (e) =>
        e.message?.startsWith('START RequestId: ') &&
        e.message.includes(record.requestContext.requestId),
    );
    assert.equal(attempts.length, 2);

    // [Success-payload0]: a success goes to OnSuccess, after one attempt.
    await invoke(t, 'eic-fn', { n: 2 }, { type: 'Event' });
    const success = await nextRecord(1);
    assert.deepEqual(
      [success.requestContext.condition, success.requestContext.approximateInvokeCount],
      ['Success', 1],
    );
    assert.deepEqual(success.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(success.responsePayload, { ok: true });
  });

  test('an event older than MaximumEventAgeInSeconds is not retried (TestLambdaDestinationSqs::test_maxeventage)', async () => {
    // 60 s of age against AWS's first retry after a minute: EventAgeExceeded after one attempt.
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'eic-fn',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: arnOf('recorder') } },
      }),
    );
    await invoke(t, 'eic-fn', { fail: 1, n: 3 }, { type: 'Event' });
    const record = await nextRecord(2);
    assert.deepEqual(
      [record.requestContext.condition, record.requestContext.approximateInvokeCount],
      ['EventAgeExceeded', 1],
    );
  });
});

describe('features the endpoint does not have answer as for a function without them', () => {
  test('code signing, policy, recursion, runtime management, provisioned concurrency, mappings, layers', async () => {
    // TestCodeSigningConfig::* / get_function_csc_fnwithoutcsc: 200, empty
    const csc = await lambda.send(
      new GetFunctionCodeSigningConfigCommand({ FunctionName: 'eic-fn' }),
    );
    assert.equal(csc.CodeSigningConfigArn, undefined);
    // TestCodeSigningConfig::test_code_signing_not_found_excs / get_function_csc_nonexistingfn
    await answersAs(
      lambda.send(
        new GetFunctionCodeSigningConfigCommand({ FunctionName: 'csc-test-doesnotexist' }),
      ),
      {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${arnOf('csc-test-doesnotexist')}`,
      },
    );
    // TestLambdaPermissions::test_remove_multi_permissions / get_policy_exception_removed_all
    await answersAs(lambda.send(new GetPolicyCommand({ FunctionName: 'eic-fn' })), {
      code: 'ResourceNotFoundException',
      status: 404,
      message: 'The resource you requested does not exist.',
    });
    // TestLambdaRecursion / get_recursion_default_terminate_response
    assert.equal(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'eic-fn' })))
        .RecursiveLoop,
      'Terminate',
    );
    assert.equal(
      (await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'eic-fn' })))
        .UpdateRuntimeOn,
      'Auto',
    );
    // TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions / get_provisioned_latest, get_provisioned_config_doesnotexist
    await answersAs(
      lambda.send(
        new GetProvisionedConcurrencyConfigCommand({
          FunctionName: 'eic-fn',
          Qualifier: '$LATEST',
        }),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'The function resource provided must be an alias or a published version.',
      },
    );
    await answersAs(
      lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'eic-fn', Qualifier: '1' }),
      ),
      {
        code: 'ProvisionedConcurrencyConfigNotFoundException',
        status: 404,
        message: 'No Provisioned Concurrency Config found for this function',
      },
    );
    assert.deepEqual(
      (await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'eic-fn' })))
        .ProvisionedConcurrencyConfigs,
      [],
    );
    assert.deepEqual(
      (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings,
      [],
    );
    assert.deepEqual((await lambda.send(new ListLayersCommand({}))).Layers, []);
  });
});
