// The tuning run's configuration changes and restore against moto (an AWS implementation written
// by others): each size published behind its alias, $LATEST's memory size put back, the aliases
// deleted before the versions. moto runs no code (no Docker here) and returns no log tail, so no
// size is measured: the run says so, recommends nothing, and still leaves the function as it was.
// Skipped where moto_server is not installed.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { tuneFunction } from '../../src/cloud/tune/tuneFunction';
import { checkTunePlan } from '../../src/core/tune/tunePlan';
import { clientsFor, NODE_HELLO, zipOf } from './endpoint';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from './moto';

let moto: MotoServer | undefined;
let skip: string | false = false;
let lambda: LambdaClient;

before(async () => {
  const started = await startMotoServer();
  if ('skip' in started) {
    skip = started.skip;
    return;
  }
  moto = started;
  lambda = clientsFor(moto.url, MOTO_CREDENTIALS).lambda;
});

after(async () => {
  lambda?.destroy();
  await moto?.close();
});

test('against moto: sizes published behind aliases, then aliases, versions and memory size restored', async (t) => {
  if (skip) return t.skip(skip);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'tuned',
      Role: moto!.role,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      MemorySize: 384,
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
    }),
  );
  const checked = checkTunePlan({ sizes: '128,1024', invocations: 2, strategy: 'cost' });
  assert.ok(checked.ok);
  const outcome = await tuneFunction({
    target: {
      id: 'moto',
      kind: 'endpoint',
      region: 'us-east-1',
      endpoint: moto!.url,
      credentials: MOTO_CREDENTIALS,
    },
    functionName: 'tuned',
    plan: checked.plan,
    payload: new TextEncoder().encode('{}'),
    local: false,
  });
  assert.equal(outcome.stopped, undefined, JSON.stringify(outcome.stopped));
  assert.deepEqual(outcome.restored.aliasesDeleted, [
    'lambda-lens-tune-128',
    'lambda-lens-tune-1024',
  ]);
  assert.equal(outcome.restored.versionsDeleted.length, 2);
  assert.equal(outcome.restored.configuration, 'restored');
  assert.equal(outcome.restored.complete, true);
  // No code ran, so nothing was measured: said so, never filled in, nothing recommended.
  for (const r of outcome.results) {
    assert.equal(r.invocations, 0);
    assert.equal(r.complete, false);
    assert.match(r.notes[0]!, /^0 of 2 invocations measured/);
  }
  assert.equal(outcome.recommendation.memoryMB, null);
  assert.equal(
    (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'tuned' }))).MemorySize,
    384,
  );
  assert.deepEqual(
    (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'tuned' }))).Versions?.map(
      (v) => v.Version,
    ),
    ['$LATEST'],
  );
  assert.deepEqual(
    (await lambda.send(new ListAliasesCommand({ FunctionName: 'tuned' }))).Aliases ?? [],
    [],
  );
});
