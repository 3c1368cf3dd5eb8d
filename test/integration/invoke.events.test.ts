// Generated sample events invoked on the local endpoint through the cloud layer, as the editor
// does: the handler reads the event's real shape, the tail carries the log and the REPORT line, and
// a handler that fails on an event comes back as a function error with its type and stack.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateEvent } from '../../src/core/events/catalog';
import { checkPayload } from '../../src/core/invoke/payload';
import { summarizeInvoke } from '../../src/core/invoke/invokeResult';
import { invokeFunction } from '../../src/cloud/invoke';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
  await createFunction(t, 'on-s3', {
    'index.js': `exports.handler = async (event) => {
  const record = event.Records[0];
  console.log('object', record.s3.bucket.name, decodeURIComponent(record.s3.object.key));
  return { bucket: record.s3.bucket.name, key: record.s3.object.key, size: record.s3.object.size };
};
`,
  });
  await createFunction(t, 'on-sqs', {
    'index.js': `exports.handler = async (event) => {
  const failures = event.Records.filter((r) => JSON.parse(r.body).fail).map((r) => ({ itemIdentifier: r.messageId }));
  if (event.Records.some((r) => JSON.parse(r.body).crash)) throw new TypeError('cannot handle ' + event.Records[0].eventSource);
  return { batchItemFailures: failures };
};
`,
  });
});
after(async () => {
  await t?.close();
});

async function send(name: string, event: unknown) {
  const checked = checkPayload(JSON.stringify(event), 'RequestResponse');
  assert.ok(checked.ok);
  return summarizeInvoke(
    await invokeFunction(t.lambda, { functionName: name, payload: checked.bytes }),
  );
}

test("an S3 put event generated with a bucket and key reaches the handler in S3's shape; the tail has its log and REPORT", async () => {
  const summary = await send(
    'on-s3',
    generateEvent('s3', 'put', { bucket: 'orders-bucket', key: 'in/report 1.csv' }),
  );
  assert.equal(summary.failure, undefined, summary.responseText);
  const response = JSON.parse(summary.responseText);
  assert.equal(response.bucket, 'orders-bucket');
  assert.equal(decodeURIComponent(response.key.replace(/\+/g, ' ')), 'in/report 1.csv');
  assert.equal(typeof response.size, 'number');
  assert.match(summary.log, /object\torders-bucket|object orders-bucket/);
  assert.ok(summary.report, 'the REPORT line is in the tail');
  assert.match(summary.headline!, /cold start, init/);
});

test('an SQS batch: partial failures come back, and a crash is a function error with type and stack', async () => {
  const ok = await send(
    'on-sqs',
    generateEvent('sqs', 'receive-message', { body: '{"fail":true}' }),
  );
  assert.equal(ok.failure, undefined, ok.responseText);
  assert.equal(JSON.parse(ok.responseText).batchItemFailures.length, 1);
  const crashed = await send(
    'on-sqs',
    generateEvent('sqs', 'receive-message', { body: '{"crash":true}' }),
  );
  assert.equal(crashed.failure?.errorType, 'TypeError');
  assert.equal(crashed.failure?.errorMessage, 'cannot handle aws:sqs');
  assert.ok(crashed.failure!.stack.some((line) => /index\.js/.test(line)));
  assert.match(crashed.log, /ERROR\tInvoke Error|Invoke Error/);
});
