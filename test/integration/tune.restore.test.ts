// The tuning run through the cloud layer's API (what the editor calls), against the real local
// endpoint: a cancel mid-run and an error mid-run both end with the function as it was, and the
// outcome says what was put back.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { tuneFunction, type TuneProgress } from '../../src/cloud/tune/tuneFunction';
import { checkTunePlan, type TunePlan } from '../../src/core/tune/tunePlan';
import { lambdaClientFor, type ConnectionTarget } from '../../src/cloud/clients';
import { startTestEndpoint, NODE_HELLO, type TestEndpoint } from './endpoint';
import { createFunction } from './invokeKit';

let t: TestEndpoint;
let target: ConnectionTarget;

function plan(sizes: string, invocations: number): TunePlan {
  const checked = checkTunePlan({ sizes, invocations });
  assert.ok(checked.ok);
  return checked.plan;
}

async function assertLeftAsItWas(
  name: string,
  memoryMB: number,
  versions: string[],
  aliases: string[] = [],
): Promise<void> {
  assert.equal(
    (await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize,
    memoryMB,
  );
  assert.deepEqual(
    (await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions?.map(
      (v) => v.Version,
    ),
    versions,
  );
  assert.deepEqual(
    (await t.lambda.send(new ListAliasesCommand({ FunctionName: name }))).Aliases?.map(
      (a) => a.Name,
    ) ?? [],
    aliases,
  );
}

before(async () => {
  t = await startTestEndpoint();
  target = {
    id: 'local-test',
    kind: 'local',
    region: 'us-east-1',
    endpoint: t.endpoint.url,
    credentials: t.endpoint.credentials,
  };
  await createFunction(
    t,
    'waits',
    {
      'index.js':
        'exports.handler = async () => { await new Promise((r) => setTimeout(r, 150)); return {}; };\n',
    },
    { memorySize: 384 },
  );
  await createFunction(t, 'taken', { 'index.js': NODE_HELLO }, { memorySize: 384 });
});

after(async () => {
  await t?.close();
});

test("a cancel mid-run (the editor's Cancel) restores everything and keeps what was measured", async () => {
  const controller = new AbortController();
  const seen: TuneProgress[] = [];
  const outcome = await tuneFunction({
    target,
    functionName: 'waits',
    plan: plan('128,256,512', 6),
    payload: new TextEncoder().encode('{}'),
    local: true,
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p);
      if (p.stage === 'invoking' && p.memoryMB === 256 && p.done >= 8)
        controller.abort(new Error('cancelled by the user'));
    },
  });
  assert.deepEqual(outcome.stopped, { by: 'cancel', message: 'cancelled' });
  assert.deepEqual(
    outcome.results.map((r) => [r.memoryMB, r.asked]),
    [
      [128, 6],
      [256, 6],
    ],
  );
  assert.equal(outcome.results[0]!.invocations, 6);
  assert.ok(outcome.results[1]!.invocations < 6, 'the size under way shows fewer than asked');
  assert.equal(outcome.results[1]!.complete, false);
  assert.equal(outcome.recommendation.memoryMB, 128, outcome.recommendation.reason);
  assert.deepEqual(outcome.restored.aliasesDeleted, [
    'lambda-lens-tune-128',
    'lambda-lens-tune-256',
  ]);
  assert.equal(outcome.restored.versionsDeleted.length, 2);
  assert.equal(outcome.restored.complete, true);
  assert.deepEqual(seen.at(-1)?.stage, 'done');
  assert.ok(seen.some((p) => p.stage === 'restoring'));
  await assertLeftAsItWas('waits', 384, ['$LATEST']);
});

test("an error mid-run (an alias of that name that is the user's) stops, restores, and names the cause", async () => {
  const version = (await t.lambda.send(new PublishVersionCommand({ FunctionName: 'taken' })))
    .Version!;
  await t.lambda.send(
    new CreateAliasCommand({
      FunctionName: 'taken',
      Name: 'lambda-lens-tune-512',
      FunctionVersion: version,
    }),
  );
  const outcome = await tuneFunction({
    target,
    functionName: 'taken',
    plan: plan('128,512,1024', 2),
    payload: new TextEncoder().encode('{}'),
    local: true,
  });
  assert.equal(outcome.stopped?.by, 'error');
  assert.match(
    outcome.stopped!.message,
    /taken has an alias named lambda-lens-tune-512 that this tool did not make/,
  );
  assert.deepEqual(
    outcome.results.map((r) => r.memoryMB),
    [128],
  );
  assert.deepEqual(outcome.restored.aliasesDeleted, ['lambda-lens-tune-128']);
  assert.equal(
    outcome.restored.versionsDeleted.length,
    2,
    'the 128 MB version and the 512 MB one published before the alias was refused',
  );
  assert.equal(outcome.restored.complete, true);
  // The user's version and alias stay; $LATEST has its own size back.
  await assertLeftAsItWas('taken', 384, ['$LATEST', version], ['lambda-lens-tune-512']);
});

for (const command of [
  'UpdateFunctionConfigurationCommand',
  'PublishVersionCommand',
  'CreateAliasCommand',
]) {
  test(`a cancel that abandons ${command.replace('Command', '')}'s answer after the endpoint carried it out leaves nothing behind`, async () => {
    // As the SDK does on an abort mid-flight: the endpoint has done the call, the caller gets the abort.
    const controller = new AbortController();
    const client = lambdaClientFor(target);
    const name = `abandon-${command}`;
    let armed = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (armed && context.commandName === command) {
          armed = false;
          controller.abort(new Error('cancelled'));
          throw controller.signal.reason;
        }
        return result;
      },
      { step: 'deserialize', name, override: true },
    );
    try {
      const outcome = await tuneFunction({
        target,
        functionName: 'waits',
        plan: plan('128,256', 1),
        payload: new TextEncoder().encode('{}'),
        local: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'publishing' && p.memoryMB === 256) armed = true;
        },
      });
      assert.equal(controller.signal.aborted, true, 'the cancel happened');
      assert.equal(outcome.stopped?.by, 'cancel');
      assert.equal(outcome.restored.complete, true, JSON.stringify(outcome.restored));
      await assertLeftAsItWas('waits', 384, ['$LATEST']);
    } finally {
      client.middlewareStack.remove(name);
    }
  });
}

test('aliases and versions an earlier run left (killed before its restore) are deleted by the next run', async () => {
  const { TUNE_DESCRIPTION } = await import('../../src/core/tune/tunePlan');
  await createFunction(t, 'orphaned', { 'index.js': NODE_HELLO }, { memorySize: 384 });
  // What a run killed with SIGKILL after publishing 2048 MB leaves: a version and its alias, both marked.
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: 'orphaned', MemorySize: 2048 }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: t.lambda, maxWaitTime: 30, minDelay: 1 },
    { FunctionName: 'orphaned' },
  );
  const left = (
    await t.lambda.send(
      new PublishVersionCommand({ FunctionName: 'orphaned', Description: TUNE_DESCRIPTION }),
    )
  ).Version!;
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: 'orphaned', MemorySize: 384 }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: t.lambda, maxWaitTime: 30, minDelay: 1 },
    { FunctionName: 'orphaned' },
  );
  await t.lambda.send(
    new CreateAliasCommand({
      FunctionName: 'orphaned',
      Name: 'lambda-lens-tune-2048',
      FunctionVersion: left,
      Description: TUNE_DESCRIPTION,
    }),
  );
  const outcome = await tuneFunction({
    target,
    functionName: 'orphaned',
    plan: plan('128', 1),
    payload: new TextEncoder().encode('{}'),
    local: true,
  });
  assert.deepEqual([...outcome.restored.aliasesDeleted].sort(), [
    'lambda-lens-tune-128',
    'lambda-lens-tune-2048',
  ]);
  assert.ok(outcome.restored.versionsDeleted.includes(left));
  assert.ok(
    outcome.notes.some((n) =>
      /1 temporary alias of an earlier run that did not finish was found and deleted/.test(n),
    ),
  );
  await assertLeftAsItWas('orphaned', 384, ['$LATEST']);
});
