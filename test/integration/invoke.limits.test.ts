// Invoke on the local endpoint: payload limits, invocation types (Event, DryRun) and qualifiers
// (versions, aliases), as Lambda answers them.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  InvalidRequestContentException,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  RequestTooLargeException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';
import { createFunction, filterEvents, invoke, reportIn, sleep, waitFor } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const MB = 1024 * 1024;
const ECHO_SIZE =
  "exports.handler = async (event) => { console.log('size', JSON.stringify(event).length); return event.big ? 'x'.repeat(event.big) : 'ok'; };\n";

test('a request payload over 6 MB: RequestTooLargeException (413)', async () => {
  await createFunction(t, 'sizes', { 'index.js': ECHO_SIZE });
  const payload = JSON.stringify({ pad: 'x'.repeat(6 * MB) });
  await assert.rejects(
    t.lambda.send(new InvokeCommand({ FunctionName: 'sizes', Payload: Buffer.from(payload) })),
    (error: unknown) =>
      error instanceof RequestTooLargeException && error.$metadata.httpStatusCode === 413,
  );
  // Just under the limit goes through.
  const under = JSON.stringify({ pad: 'x'.repeat(6 * MB - 100) });
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'sizes', Payload: Buffer.from(under) }),
  );
  assert.equal(out.FunctionError, undefined);
  assert.equal(Buffer.from(out.Payload!).toString(), '"ok"');
});

test('a response over 6 MB: FunctionError with Function.ResponseSizeTooLarge', async () => {
  await createFunction(t, 'big-answer', { 'index.js': ECHO_SIZE });
  const out = await invoke(t, 'big-answer', { big: 6 * MB + 10 });
  assert.equal(out.statusCode, 200);
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Function.ResponseSizeTooLarge');
  assert.match(
    body.errorMessage,
    /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291456 bytes\)\.$/,
  );
  assert.equal(reportIn(out.log).errorType, 'Function.ResponseSizeTooLarge');
  // A response just under the limit is returned whole.
  const under = await invoke(t, 'big-answer', { big: 6 * MB - 10 }, { tail: false });
  assert.equal(under.functionError, undefined);
  assert.equal(under.text.length, 6 * MB - 10 + 2);
});

test('a payload that is not JSON: InvalidRequestContentException', async () => {
  await createFunction(t, 'not-json', { 'index.js': ECHO_SIZE });
  await assert.rejects(
    invoke(t, 'not-json', '{not json'),
    (error: unknown) => error instanceof InvalidRequestContentException,
  );
});

test('InvocationType Event: 202 at once, the function still runs (its log appears)', async () => {
  await createFunction(t, 'async', {
    'index.js':
      "exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 500)); console.log('async ran', event.marker); return 'ignored'; };\n",
  });
  const out = await t.lambda.send(
    new InvokeCommand({
      FunctionName: 'async',
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify({ marker: 'm-123' })),
    }),
  );
  assert.equal(out.StatusCode, 202);
  assert.equal(out.Payload?.length ?? 0, 0);
  const events = await waitFor("the async invocation's REPORT", async () => {
    const found = await filterEvents(t, 'async');
    return found.some((e) => e.message?.startsWith('REPORT ')) ? found : undefined;
  });
  assert.ok(
    events.some((e) => /\tINFO\tasync ran m-123$/.test(e.message ?? '')),
    JSON.stringify(events.map((e) => e.message)),
  );
});

test('an Event payload over 1 MB is refused (RequestEntityTooLargeException); a RequestResponse one of that size is not', async () => {
  await createFunction(t, 'async-size', { 'index.js': ECHO_SIZE });
  const payload = Buffer.from(JSON.stringify({ pad: 'x'.repeat(MB + 10) }));
  // AWS's answer, as quoted in faultline/faultline#12 (with the 128 KB limit of then; 1 MB since 2025: aws-facts.md).
  await assert.rejects(
    t.lambda.send(
      new InvokeCommand({ FunctionName: 'async-size', InvocationType: 'Event', Payload: payload }),
    ),
    (error: Error & { $metadata?: { httpStatusCode?: number } }) =>
      error.name === 'RequestEntityTooLargeException' &&
      error.$metadata?.httpStatusCode === 413 &&
      error.message ===
        `${payload.length} byte payload is too large for the Event invocation type (limit ${MB} bytes)`,
  );
  const sync = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'async-size', Payload: payload }),
  );
  assert.equal(sync.StatusCode, 200);
});

test('InvocationType DryRun: 204 and nothing runs', async () => {
  await createFunction(t, 'dry', {
    'index.js': "exports.handler = async () => { console.log('should not run'); };\n",
  });
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'dry', InvocationType: 'DryRun' }),
  );
  assert.equal(out.StatusCode, 204);
  assert.deepEqual(await filterEvents(t, 'dry'), []);
});

test('qualifiers: version 1 and an alias run version 1 (ExecutedVersion, START Version: 1, the ARN invoked)', async () => {
  const code =
    "exports.handler = async (event, context) => ({ code: 'one', version: context.functionVersion, arn: context.invokedFunctionArn, stream: context.logStreamName });\n";
  await createFunction(t, 'versions', { 'index.js': code }, { publish: true });
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: 'versions', Name: 'live', FunctionVersion: '1' }),
  );
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: 'versions',
      ZipFile: zipOf({ 'index.js': code.replace("'one'", "'two'") }),
    }),
  );
  // As deploy tools do: the next change once this update is done (a second one meanwhile is a 409, as on AWS).
  await waitUntilFunctionUpdatedV2(
    { client: t.lambda, maxWaitTime: 30, minDelay: 1 },
    { FunctionName: 'versions' },
  );

  const v1 = await invoke(t, 'versions', {}, { qualifier: '1' });
  assert.equal(v1.executedVersion, '1');
  const v1Body = v1.body as { code: string; version: string; arn: string; stream: string };
  assert.deepEqual({ code: v1Body.code, version: v1Body.version }, { code: 'one', version: '1' });
  assert.equal(v1Body.arn, 'arn:aws:lambda:us-east-1:123456789012:function:versions:1');
  assert.match(v1Body.stream, /^\d{4}\/\d{2}\/\d{2}\/\[1\][0-9a-f]{32}$/);
  const report = reportIn(v1.log);
  assert.ok(v1.log.split('\n').includes(`START RequestId: ${report.requestId} Version: 1`), v1.log);

  const alias = await invoke(t, 'versions', {}, { qualifier: 'live' });
  assert.equal(alias.executedVersion, '1');
  const aliasBody = alias.body as { code: string; arn: string; stream: string };
  assert.equal(aliasBody.code, 'one');
  assert.equal(aliasBody.arn, 'arn:aws:lambda:us-east-1:123456789012:function:versions:live');
  assert.equal(aliasBody.stream, v1Body.stream, "the alias reuses version 1's warm environment");
  assert.ok(alias.log.includes(' Version: 1\n'));

  const latest = await invoke(t, 'versions');
  assert.equal(latest.executedVersion, '$LATEST');
  assert.equal((latest.body as { code: string }).code, 'two');
  assert.ok(latest.log.includes(' Version: $LATEST\n'));

  // Changing $LATEST leaves version 1's environment warm, as on Lambda.
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: 'versions',
      ZipFile: zipOf({ 'index.js': code.replace("'one'", "'three'") }),
    }),
  );
  const v1Again = await invoke(t, 'versions', {}, { qualifier: '1' });
  assert.equal((v1Again.body as { code: string }).code, 'one');
  assert.equal(reportIn(v1Again.log).initDurationMs, undefined);
});

test('an unknown version or alias: ResourceNotFoundException', async () => {
  await createFunction(t, 'no-such-version', { 'index.js': ECHO_SIZE });
  await assert.rejects(
    invoke(t, 'no-such-version', {}, { qualifier: '9' }),
    (error: unknown) => error instanceof ResourceNotFoundException,
  );
  await assert.rejects(
    invoke(t, 'no-such-version', {}, { qualifier: 'nope' }),
    (error: unknown) => error instanceof ResourceNotFoundException,
  );
});

test('an Event invocation that finds no room waits for it instead of being refused', async () => {
  await createFunction(t, 'async-queued', {
    'index.js':
      "exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 600)); console.log('ran', event.n); };\n",
  });
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({
      FunctionName: 'async-queued',
      ReservedConcurrentExecutions: 1,
    }),
  );
  const sync = invoke(t, 'async-queued', { n: 'sync' });
  await sleep(150);
  const queued = await t.lambda.send(
    new InvokeCommand({
      FunctionName: 'async-queued',
      InvocationType: 'Event',
      Payload: Buffer.from('{"n":"event"}'),
    }),
  );
  assert.equal(queued.StatusCode, 202);
  assert.equal((await sync).functionError, undefined);
  await waitFor('the queued event to run', async () => {
    const events = await filterEvents(t, 'async-queued');
    return events.some((e) => e.message?.endsWith('\tINFO\tran event')) ? true : undefined;
  });
});
