// Pending → Active after a create, InProgress → Successful after an update, and what AWS refuses
// meanwhile, so that SDK waiters, the AWS CLI's and deploy tools are exercised. Expected answers:
// LocalStack's AWS-validated snapshots, github:localstack/localstack
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (keys named per test).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  NODE_HELLO,
  startServeProcess,
  startTestEndpoint,
  stopServeProcess,
  zipOf,
  type ServeProcess,
  type TestEndpoint,
} from './endpoint';
import { answersAs, arnOf, createInput } from './fidelityKit';

const CODE_2 = zipOf({ 'index.js': `${NODE_HELLO}// 2\n` });
const CODE_3 = zipOf({ 'index.js': `${NODE_HELLO}// 3\n` });
const inProgress = (name: string) =>
  `The operation cannot be performed at this time. An update is in progress for resource: ${arnOf(name)}`;

let t: TestEndpoint;
let lambda: LambdaClient;
// A phase long enough that the next request surely finds it, even on a loaded machine (100 ms by default).
const savedSettleMs = process.env.LAMBDA_LENS_SETTLE_MS;
before(async () => {
  process.env.LAMBDA_LENS_SETTLE_MS = '2000';
  t = await startTestEndpoint();
  lambda = t.lambda;
});
after(async () => {
  if (savedSettleMs === undefined) delete process.env.LAMBDA_LENS_SETTLE_MS;
  else process.env.LAMBDA_LENS_SETTLE_MS = savedSettleMs;
  await t.close();
});

describe('create: Pending, then Active', () => {
  test('the answer and GetFunction say Pending; the waiter sees Active, with a new RevisionId', async () => {
    // TestLambdaFunction::test_lambda_code_location_zipfile / create-response-zip-file: State Pending, StateReason
    // "The function is being created.", StateReasonCode Creating, no LastUpdateStatus; get-function-response: Active,
    // LastUpdateStatus Successful, another RevisionId.
    const created = await lambda.send(new CreateFunctionCommand(createInput('pending-fn')));
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReason, 'The function is being created.');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.LastUpdateStatus, undefined);
    const during = await lambda.send(new GetFunctionCommand({ FunctionName: 'pending-fn' }));
    assert.equal(during.Configuration?.State, 'Pending');
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'pending-fn' },
    );
    const active = await lambda.send(new GetFunctionCommand({ FunctionName: 'pending-fn' }));
    assert.equal(active.Configuration?.State, 'Active');
    assert.equal(active.Configuration?.LastUpdateStatus, 'Successful');
    assert.equal(active.Configuration?.StateReason, undefined);
    assert.notEqual(active.Configuration?.RevisionId, created.RevisionId);
  });
});

describe('update: InProgress, then Successful', () => {
  before(async () => {
    await lambda.send(new CreateFunctionCommand(createInput('busy-fn')));
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'busy-fn' },
    );
  });

  test('a second update, a configuration update or PublishVersion meanwhile is refused with 409', async () => {
    // TestLambdaFunction::test_function_lifecycle / update_code_response: LastUpdateStatus InProgress,
    // LastUpdateStatusReason "The function is being created.", LastUpdateStatusReasonCode Creating.
    const updated = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'busy-fn', ZipFile: CODE_2 }),
    );
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.LastUpdateStatusReason, 'The function is being created.');
    assert.equal(updated.LastUpdateStatusReasonCode, 'Creating');
    assert.equal(updated.State, 'Active');
    // TestLambdaFunction::test_lambda_concurrent_code_updates|test_lambda_concurrent_config_updates / update-during-in-progress-update-exc
    await answersAs(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy-fn', ZipFile: CODE_3 })),
      { code: 'ResourceConflictException', status: 409, message: inProgress('busy-fn') },
    );
    await answersAs(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy-fn', Timeout: 9 })),
      { code: 'ResourceConflictException', status: 409, message: inProgress('busy-fn') },
    );
    // aws/aws-cli#6718: PublishVersion answers the same while an update is in progress.
    await answersAs(lambda.send(new PublishVersionCommand({ FunctionName: 'busy-fn' })), {
      code: 'ResourceConflictException',
      status: 409,
      message: inProgress('busy-fn'),
    });
    const during = await lambda.send(new GetFunctionCommand({ FunctionName: 'busy-fn' }));
    assert.equal(during.Configuration?.LastUpdateStatus, 'InProgress');

    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'busy-fn' },
    );
    const done = await lambda.send(new GetFunctionCommand({ FunctionName: 'busy-fn' }));
    assert.equal(done.Configuration?.LastUpdateStatus, 'Successful');
    assert.equal(done.Configuration?.LastUpdateStatusReason, undefined);
    assert.equal(done.Configuration?.CodeSha256, updated.CodeSha256);
    // The RevisionId changes when the update completes (test_function_lifecycle: update uuid:3, get after uuid:4).
    assert.notEqual(done.Configuration?.RevisionId, updated.RevisionId);
    await answersAs(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'busy-fn',
          Timeout: 9,
          RevisionId: updated.RevisionId,
        }),
      ),
      {
        code: 'PreconditionFailedException',
        status: 412,
        message:
          'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      },
    );
    const configured = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'busy-fn',
        Timeout: 9,
        RevisionId: done.Configuration?.RevisionId,
      }),
    );
    assert.equal(configured.LastUpdateStatus, 'InProgress');
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'busy-fn' },
    );
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'busy-fn' }));
    assert.equal(published.State, 'Active');
    assert.equal(published.LastUpdateStatus, 'Successful');
    assert.equal(published.Timeout, 9);
  });

  test('a DryRun is not an update', async () => {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy-fn', ZipFile: CODE_3 }));
    const dry = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'busy-fn', ZipFile: CODE_2, DryRun: true }),
    );
    assert.equal(dry.LastUpdateStatus, 'Successful');
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'busy-fn' },
    );
  });
});

describe('RevisionId', () => {
  test('PublishVersion gives $LATEST a new one; CreateAlias does not', async () => {
    // TestLambdaRevisions::test_function_revisions_version_and_alias: get_function_active_rev2 <uuid:2>,
    // publish_version_response_rev_v1 <uuid:3> (the version's own), get_function_latest_rev3 <uuid:4>,
    // create_alias_response_rev_a1 then get_function_latest_rev4 <uuid:4> again.
    await lambda.send(new CreateFunctionCommand(createInput('rev-fn')));
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { FunctionName: 'rev-fn' },
    );
    const rev2 = (await lambda.send(new GetFunctionCommand({ FunctionName: 'rev-fn' })))
      .Configuration!.RevisionId;
    await answersAs(
      lambda.send(new PublishVersionCommand({ FunctionName: 'rev-fn', RevisionId: 'wrong' })),
      {
        code: 'PreconditionFailedException',
        status: 412,
        message:
          'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      },
    );
    const v1 = await lambda.send(
      new PublishVersionCommand({ FunctionName: 'rev-fn', RevisionId: rev2 }),
    );
    assert.equal(
      (await lambda.send(new GetFunctionCommand({ FunctionName: 'rev-fn', Qualifier: '1' })))
        .Configuration!.RevisionId,
      v1.RevisionId,
    );
    const rev3 = (await lambda.send(new GetFunctionCommand({ FunctionName: 'rev-fn' })))
      .Configuration!.RevisionId;
    assert.notEqual(rev3, rev2);
    assert.notEqual(rev3, v1.RevisionId);
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'rev-fn', Name: 'live', FunctionVersion: '1' }),
    );
    assert.equal(
      (await lambda.send(new GetFunctionCommand({ FunctionName: 'rev-fn' }))).Configuration!
        .RevisionId,
      rev3,
    );
  });
});

const noCli =
  spawnSync('sh', ['-c', 'command -v aws']).status === 0
    ? false
    : 'the AWS CLI (aws) is not installed on this machine';

describe('the AWS CLI', { skip: noCli }, () => {
  let home: string;
  let serve: ServeProcess;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'll-fid-cli-'));
    // The longest phase, so that the CLI's second call (seconds later on a loaded machine) still finds it.
    serve = await startServeProcess(home, [], { LAMBDA_LENS_SETTLE_MS: '10000' });
    writeFileSync(join(home, 'a.zip'), zipOf({ 'index.js': NODE_HELLO }));
    writeFileSync(join(home, 'b.zip'), CODE_2);
  });
  after(async () => {
    await stopServeProcess(serve);
    rmSync(home, { recursive: true, force: true });
  });
  const aws = (...args: string[]) =>
    spawnSync(
      'aws',
      ['--endpoint-url', serve.url, '--region', 'us-east-1', '--output', 'json', ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: serve.accessKeyId,
          AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  test('update-function-code during an update fails as on AWS; wait function-updated-v2 waits it out', () => {
    assert.equal(
      aws(
        'lambda',
        'create-function',
        '--function-name',
        'cli-fn',
        '--runtime',
        'nodejs20.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::123456789012:role/x',
        '--zip-file',
        `fileb://${join(home, 'a.zip')}`,
      ).status,
      0,
    );
    assert.equal(
      aws(
        'lambda',
        'update-function-code',
        '--function-name',
        'cli-fn',
        '--zip-file',
        `fileb://${join(home, 'b.zip')}`,
      ).status,
      0,
    );
    const second = aws(
      'lambda',
      'update-function-code',
      '--function-name',
      'cli-fn',
      '--zip-file',
      `fileb://${join(home, 'a.zip')}`,
    );
    assert.notEqual(second.status, 0);
    assert.match(
      second.stderr,
      /An error occurred \(ResourceConflictException\) when calling the UpdateFunctionCode operation: The operation cannot be performed at this time\. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:cli-fn/,
    );
    assert.equal(
      aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-fn').status,
      0,
    );
    const got = aws('lambda', 'get-function-configuration', '--function-name', 'cli-fn');
    assert.equal(
      (JSON.parse(got.stdout) as { LastUpdateStatus: string }).LastUpdateStatus,
      'Successful',
    );
  });
});
