// Layers, CodeSigningConfigArn and SnapStart in CreateFunction and UpdateFunctionConfiguration,
// through the SDK over HTTP: never silently dropped. A value AWS itself refuses gets AWS's answer;
// a layer or code signing config (which cannot exist here) is refused saying so and what to do;
// SnapStart is stored and read back (OptimizationStatus Off: nothing is snapshotted locally).
// Expected answers: LocalStack's AWS-validated snapshot, github:localstack/localstack
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (test and key named at each).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { ACCOUNT, answersAs, createFn, createInput, REGION } from './fidelityKit';

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
  await createFn(lambda, 'features-fn');
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
    { FunctionName: 'features-fn' },
  );
});
after(async () => {
  await t.close();
});

const ownLayer = (name: string, version: number, region = REGION) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}:${version}`;
/** A layer another account publishes (as AWS's and vendors' public layers are). */
const publicLayer = (name: string, version: number) =>
  `arn:aws:lambda:${REGION}:580247275435:layer:${name}:${version}`;
const LAYER_PATTERN = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const notRunHere = (what: string) =>
  new RegExp(`The local endpoint does not run ${what}.*: nothing was created or changed\\. \\S`);

async function notCreated(name: string): Promise<void> {
  await assert.rejects(
    lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
    { name: 'ResourceNotFoundException' },
    `${name} was not created`,
  );
}

test("Layers: AWS's answers for values AWS refuses (TestLambdaLayer::test_layer_function_exceptions, test_layer_function_quota_exception)", async () => {
  // add_layer_arn_without_version_exc
  const unversioned = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:mylayer`;
  await answersAs(
    lambda.send(new CreateFunctionCommand(createInput('layers-1', { Layers: [unversioned] }))),
    {
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '[${unversioned}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYER_PATTERN}, Member must not be null]`,
    },
  );
  // create_function_with_six_layers
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('layers-2', { Layers: [1, 2, 3, 4, 5, 6].map((v) => publicLayer(`l${v}`, 1)) }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'Cannot reference more than 5 layers.',
    },
  );
  // create_function_with_layer_in_different_region
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('layers-3', { Layers: [ownLayer('mylayer', 1, 'eu-west-1')] }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: `Layers are not in the same region as the function. Layers are expected to be in region ${REGION}.`,
    },
  );
  // two_layer_versions_single_function_exc, two_identical_layer_versions_single_function_exc
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('layers-4', {
          Layers: [publicLayer('shared', 1), publicLayer('other', 3), publicLayer('shared', 2)],
        }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: `Two different versions of the same layer are not allowed to be referenced in the same function. ${publicLayer('shared', 1)} and ${publicLayer('shared', 2)} are versions of the same layer.`,
    },
  );
  for (const name of ['layers-1', 'layers-2', 'layers-3', 'layers-4']) await notCreated(name);
});

test('Layers: a layer of this account does not exist here (add_nonexistent_layer_exc), one of another account is refused; both say what to do', async () => {
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(createInput('layers-5', { Layers: [ownLayer('doesnotexist', 1)] })),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: new RegExp(
        `^Layer version ${escape(ownLayer('doesnotexist', 1))} does not exist\\. ${notRunHere('layers').source}.*function's package`,
      ),
    },
  );
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('layers-6', { Layers: [publicLayer('LambdaInsightsExtension', 21)] }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: new RegExp(`^${notRunHere('layers.*LambdaInsightsExtension:21').source}`),
    },
  );
  await notCreated('layers-5');
  await notCreated('layers-6');
  // No layers is honest: nothing to run.
  const created = await lambda.send(
    new CreateFunctionCommand(createInput('layers-none', { Layers: [] })),
  );
  assert.equal(created.Layers, undefined);
});

test('UpdateFunctionConfiguration refuses Layers the same way and changes nothing', async () => {
  const before = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'features-fn' }),
  );
  await answersAs(
    lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'features-fn',
        Layers: [ownLayer('missing', 2)],
        MemorySize: 256,
      }),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: new RegExp(`^Layer version ${escape(ownLayer('missing', 2))} does not exist\\. `),
    },
  );
  const after = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'features-fn' }),
  );
  assert.equal(after.RevisionId, before.RevisionId);
  assert.equal(after.MemorySize, before.MemorySize);
});

test("CodeSigningConfigArn: AWS's CodeSigningConfigNotFoundException (put_function_csc_invalid_csc_arn), saying code signing does not run here", async () => {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`;
  await answersAs(
    lambda.send(new CreateFunctionCommand(createInput('signed', { CodeSigningConfigArn: arn }))),
    {
      code: 'CodeSigningConfigNotFoundException',
      status: 404,
      message: new RegExp(
        `^The code signing configuration cannot be found\\. Check that the provided configuration is not deleted: ${escape(arn)}\\. The local endpoint does not run code signing`,
      ),
    },
  );
  await notCreated('signed');
});

test("SnapStart: AWS's answers for a bad ApplyOn (create_function_invalid_snapstart_apply) and a runtime without SnapStart", async () => {
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('snap-1', {
          Runtime: 'java21',
          Handler: 'example.Handler::handleRequest',
          SnapStart: { ApplyOn: 'invalidOption' as 'None' },
        }),
      ),
    ),
    {
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value 'invalidOption' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]",
    },
  );
  await answersAs(
    lambda.send(
      new CreateFunctionCommand(
        createInput('snap-2', { SnapStart: { ApplyOn: 'PublishedVersions' } }),
      ),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'nodejs20.x is not supported for SnapStart enabled functions.',
    },
  );
  await notCreated('snap-1');
  await notCreated('snap-2');
  // ApplyOn None is no SnapStart: any runtime takes it.
  const none = await lambda.send(
    new CreateFunctionCommand(createInput('snap-none', { SnapStart: { ApplyOn: 'None' } })),
  );
  assert.deepEqual(none.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
});

test('SnapStart PublishedVersions is stored and read back, Off here (test_snapstart_update_function_configuration / update_function_response)', async () => {
  const created = await lambda.send(
    new CreateFunctionCommand(
      createInput('snap-py', {
        Runtime: 'python3.12',
        Handler: 'index.handler',
        SnapStart: { ApplyOn: 'PublishedVersions' },
      }),
    ),
  );
  assert.deepEqual(created.SnapStart, { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
    { FunctionName: 'snap-py' },
  );
  const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'snap-py' }));
  assert.deepEqual(published.SnapStart, {
    ApplyOn: 'PublishedVersions',
    OptimizationStatus: 'Off',
  });
  const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'snap-py' }));
  assert.deepEqual(got.Configuration?.SnapStart, {
    ApplyOn: 'PublishedVersions',
    OptimizationStatus: 'Off',
  });

  // A runtime without SnapStart cannot be chosen while it is on.
  await answersAs(
    lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'snap-py',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
      }),
    ),
    {
      code: 'InvalidParameterValueException',
      status: 400,
      message: 'nodejs20.x is not supported for SnapStart enabled functions.',
    },
  );
  const off = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'snap-py',
      SnapStart: { ApplyOn: 'None' },
    }),
  );
  assert.deepEqual(off.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
    { FunctionName: 'snap-py' },
  );
  const on = await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'snap-py',
      SnapStart: { ApplyOn: 'PublishedVersions' },
    }),
  );
  assert.deepEqual(on.SnapStart, { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' });
});
