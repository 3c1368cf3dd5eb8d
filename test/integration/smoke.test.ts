import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { NODE_HELLO, ROLE, startTestEndpoint, zipOf } from './endpoint';

test('create then invoke a Node.js function through the SDK', async () => {
  const t = await startTestEndpoint();
  try {
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'hello',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
      }),
    );
    const out = await t.lambda.send(
      new InvokeCommand({
        FunctionName: 'hello',
        Payload: Buffer.from('{"x":1}'),
        LogType: 'Tail',
      }),
    );
    assert.equal(out.StatusCode, 200);
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), {
      hello: 'hello',
      event: { x: 1 },
    });
    const tail = Buffer.from(out.LogResult!, 'base64').toString();
    assert.match(
      tail,
      /REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t/,
    );
  } finally {
    await t.close();
  }
});
