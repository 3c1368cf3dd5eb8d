// InvokeWithResponseStream on the local endpoint, through the SDK's own InvokeWithResponseStreamCommand:
// chunks arrive as the handler writes them, InvokeComplete carries errors and the log tail, and
// functions that do not stream (a plain handler, Python) answer in one chunk.
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { InvokeWithResponseStreamCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, reportIn } from './invokeKit';
import { freePort, InspectorClient, inspectorUrl } from './debugKit';
import { debugHeaders } from '../../src/core/invoke/debugInvoke';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

interface Streamed {
  readonly chunks: { text: string; at: number }[];
  readonly complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } | undefined;
  readonly executedVersion: string | undefined;
  readonly endedAt: number;
}

async function streamInvoke(
  name: string,
  payload: unknown = {},
  options: { tail?: boolean } = {},
): Promise<Streamed> {
  const out = await t.lambda.send(
    new InvokeWithResponseStreamCommand({
      FunctionName: name,
      Payload: Buffer.from(JSON.stringify(payload)),
      ...(options.tail ? { LogType: 'Tail' } : {}),
    }),
  );
  const chunks: Streamed['chunks'] = [];
  let complete: Streamed['complete'];
  for await (const event of out.EventStream!) {
    if (event.PayloadChunk?.Payload)
      chunks.push({
        text: Buffer.from(event.PayloadChunk.Payload).toString('utf8'),
        at: performance.now(),
      });
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { chunks, complete, executedVersion: out.ExecutedVersion, endedAt: performance.now() };
}

const WRITE_WAIT_WRITE = `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  responseStream.write('first ');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  responseStream.write('second');
  responseStream.end();
});
`;

test('the first PayloadChunk arrives before the handler ends, the rest after it waited', async () => {
  await createFunction(t, 'stream-wait', { 'index.js': WRITE_WAIT_WRITE });
  await streamInvoke('stream-wait'); // cold start out of the way
  const began = performance.now();
  const out = await streamInvoke('stream-wait', {}, { tail: true });
  assert.equal(out.chunks.map((c) => c.text).join(''), 'first second');
  assert.equal(out.executedVersion, '$LATEST');
  const first = out.chunks[0]!.at - began;
  assert.ok(first < 500, `first chunk after ${first.toFixed(0)} ms`);
  assert.ok(out.endedAt - began >= 1000, 'the stream ends when the handler does');
  assert.equal(out.complete?.ErrorCode, undefined);
  const log = Buffer.from(out.complete!.LogResult!, 'base64').toString('utf8');
  const report = reportIn(log);
  assert.ok(
    report.durationMs >= 1000,
    `REPORT Duration ${report.durationMs} covers the whole stream`,
  );
});

test('HttpResponseStream.from writes the JSON prelude and 8 NUL bytes before the body', async () => {
  await createFunction(t, 'stream-http', {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'x-a': 'b' }, cookies: ['c=d'] });
  responseStream.write('body');
  responseStream.end();
});
`,
  });
  const out = await streamInvoke('stream-http');
  const bytes = out.chunks.map((c) => c.text).join('');
  assert.equal(
    bytes,
    `${JSON.stringify({ statusCode: 201, headers: { 'x-a': 'b' }, cookies: ['c=d'] })}${'\0'.repeat(8)}body`,
  );
});

test("AWS's documented pattern works: stream.pipeline from a Readable into responseStream", async () => {
  await createFunction(t, 'stream-pipeline', {
    'index.mjs': `import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  await pipeline(Readable.from(['a', 'b', 'c'].map((x) => x.repeat(3))), responseStream);
});
`,
  });
  const out = await streamInvoke('stream-pipeline');
  assert.equal(out.chunks.map((c) => c.text).join(''), 'aaabbbccc');
  assert.equal(out.complete?.ErrorCode, undefined);
});

test('an error after the first bytes ends the stream with InvokeComplete ErrorCode and ErrorDetails', async () => {
  await createFunction(t, 'stream-throws', {
    'index.js': `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('partial');
  await new Promise((resolve) => setTimeout(resolve, 50));
  throw new TypeError('broke mid-stream');
});
`,
  });
  const out = await streamInvoke('stream-throws', {}, { tail: true });
  assert.equal(out.chunks.map((c) => c.text).join(''), 'partial');
  assert.equal(out.complete?.ErrorCode, 'TypeError');
  assert.equal(out.complete?.ErrorDetails, 'broke mid-stream');
  const log = Buffer.from(out.complete!.LogResult!, 'base64').toString('utf8');
  assert.match(log, /Invoke Error/);
  assert.match(log, /^END RequestId/m);
});

test("Lambda's runtime-client errors: a non-async handler, a stream never ended", async () => {
  await createFunction(t, 'stream-sync', {
    'index.js':
      'exports.handler = awslambda.streamifyResponse((event, responseStream) => { responseStream.write("x"); });\n',
  });
  const sync = await streamInvoke('stream-sync');
  assert.equal(sync.complete?.ErrorDetails, 'Streaming does not support non-async handlers.');
  await createFunction(t, 'stream-open', {
    'index.js':
      "exports.handler = awslambda.streamifyResponse(async (event, responseStream) => { responseStream.write('x'); });\n",
  });
  const open = await streamInvoke('stream-open');
  assert.equal(open.complete?.ErrorDetails, 'Response stream is not finished.');
  // The environment serves the next invocation as well.
  const again = await streamInvoke('stream-open');
  assert.equal(again.complete?.ErrorDetails, 'Response stream is not finished.');
});

test('a handler that does not stream answers its whole payload as one chunk', async () => {
  await createFunction(t, 'plain', {
    'index.js': 'exports.handler = async (event) => ({ got: event });\n',
  });
  const out = await streamInvoke('plain', { a: 1 });
  assert.equal(out.chunks.length, 1);
  assert.deepEqual(JSON.parse(out.chunks[0]!.text), { got: { a: 1 } });
  assert.equal(out.complete?.ErrorCode, undefined);
  await createFunction(t, 'plain-throws', {
    'index.js': "exports.handler = async () => { throw new RangeError('no'); };\n",
  });
  const failed = await streamInvoke('plain-throws');
  assert.equal(failed.chunks.length, 0);
  assert.equal(failed.complete?.ErrorCode, 'RangeError');
});

test('Python does not stream on Lambda: its response comes whole, in one chunk, when it returns', async () => {
  await createFunction(
    t,
    'py',
    {
      'app.py':
        'import time\ndef handler(event, context):\n    time.sleep(0.3)\n    return {"py": event["n"]}\n',
    },
    { runtime: 'python3.12', handler: 'app.handler' },
  );
  const began = performance.now();
  const out = await streamInvoke('py', { n: 3 });
  assert.equal(out.chunks.length, 1);
  assert.ok(out.chunks[0]!.at - began >= 300, 'the one chunk comes when the handler returned');
  assert.deepEqual(JSON.parse(out.chunks[0]!.text), { py: 3 });
});

test('Invoke (not streaming) of a streamified handler answers the streamed bytes whole', async () => {
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'stream-wait', Payload: Buffer.from('{}') }),
  );
  assert.equal(out.FunctionError, undefined);
  assert.equal(Buffer.from(out.Payload!).toString('utf8'), 'first second');
});

test('a time-out mid-stream ends it with Sandbox.Timedout after the bytes written so far', async () => {
  await createFunction(
    t,
    'stream-slow',
    {
      'index.js': `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('started');
  await new Promise((resolve) => setTimeout(resolve, 5000));
  responseStream.end();
});
`,
    },
    { timeout: 1 },
  );
  const out = await streamInvoke('stream-slow', {}, { tail: true });
  assert.equal(out.chunks.map((c) => c.text).join(''), 'started');
  assert.equal(out.complete?.ErrorCode, 'Sandbox.Timedout');
  assert.equal(
    reportIn(Buffer.from(out.complete!.LogResult!, 'base64').toString('utf8')).status,
    'timeout',
  );
});

test("bad input gets AWS's errors: unknown function, invalid JSON, Event invocation", async () => {
  await assert.rejects(streamInvoke('nope'), { name: 'ResourceNotFoundException' });
  await assert.rejects(
    t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'plain',
        Payload: Buffer.from('{not json'),
      }),
    ),
    { name: 'InvalidRequestContentException' },
  );
  await assert.rejects(
    t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'plain',
        InvocationType: 'Event' as never,
      }),
    ),
    { name: 'InvalidParameterValueException' },
  );
  await assert.rejects(
    t.lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'plain',
        Payload: Buffer.alloc(6 * 1024 * 1024 + 1, 32),
      }),
    ),
    { name: 'RequestTooLargeException' },
  );
  const dry = await t.lambda.send(
    new InvokeWithResponseStreamCommand({ FunctionName: 'plain', InvocationType: 'DryRun' }),
  );
  assert.equal(dry.StatusCode, 204);
});

function withDebugHeaders(
  command: InvokeWithResponseStreamCommand,
  port: number,
): InvokeWithResponseStreamCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      Object.assign(
        (args.request as { headers: Record<string, string> }).headers,
        debugHeaders({ port }),
      );
      return next(args);
    },
    { step: 'build', name: 'debugHeaders' },
  );
  return command;
}

test('a debug port in use is refused before the stream starts, with InvalidParameterValueException', async () => {
  const port = await freePort();
  const squatter = createServer().listen(port, '127.0.0.1');
  await new Promise((resolve) => squatter.once('listening', resolve));
  try {
    await assert.rejects(
      t.lambda.send(
        withDebugHeaders(
          new InvokeWithResponseStreamCommand({
            FunctionName: 'plain',
            Payload: Buffer.from('{}'),
          }),
          port,
        ),
      ),
      {
        name: 'InvalidParameterValueException',
        message: new RegExp(`The debug port ${port} is in use`),
      },
    );
  } finally {
    squatter.close();
  }
});

test('a debug invocation streams too: paused at a breakpoint between two writes, the first chunk is already out', async () => {
  await createFunction(t, 'stream-debug', {
    'index.js': [
      'exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {',
      "  responseStream.write('before ');",
      '  await new Promise((resolve) => setTimeout(resolve, 10));',
      "  responseStream.write('after');", // line 3 (0-based): the breakpoint
      '  responseStream.end();',
      '});',
      '',
    ].join('\n'),
  });
  const port = await freePort();
  const sent = t.lambda.send(
    withDebugHeaders(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'stream-debug',
        Payload: Buffer.from('{}'),
        LogType: 'Tail',
      }),
      port,
    ),
  );
  const client = await InspectorClient.connect(await inspectorUrl(port));
  await client.send('Debugger.enable');
  await client.send('Debugger.setBreakpointByUrl', { urlRegex: 'index\\.js$', lineNumber: 3 });
  await client.send('Runtime.runIfWaitingForDebugger');
  assert.equal((await client.event('Debugger.paused')).reason, 'Break on start');
  await client.send('Debugger.resume');
  await client.event('Debugger.paused'); // at the breakpoint
  const events = (await sent).EventStream![Symbol.asyncIterator]();
  const first = await events.next();
  assert.equal(
    Buffer.from(first.value!.PayloadChunk!.Payload!).toString(),
    'before ',
    'streamed while the function is paused',
  );
  await client.send('Debugger.resume');
  let rest = '';
  let complete: { LogResult?: string } | undefined;
  for (let next = await events.next(); !next.done; next = await events.next()) {
    if (next.value.PayloadChunk?.Payload)
      rest += Buffer.from(next.value.PayloadChunk.Payload).toString();
    if (next.value.InvokeComplete) complete = next.value.InvokeComplete;
  }
  client.close();
  assert.equal(rest, 'after');
  const log = Buffer.from(complete!.LogResult!, 'base64').toString();
  assert.match(log, /^DEBUG RequestId: /m, 'its DEBUG line, as for a buffered debug invocation');
  assert.doesNotMatch(log, /^REPORT /m);
});
