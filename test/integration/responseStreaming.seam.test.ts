// The streaming invoke as a Function URL uses it (src/local/runtime/streamingInvocation.ts): the
// real endpoint and real runtimes, the invoker's invokeStreaming() read directly, the HTTP prelude
// split off by withHttpPrelude(); and the 200 MB limit of streamed responses, over our channel and
// over a custom runtime's chunked HTTP with trailers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startLocalEndpoint } from '../../src/local/server';
import { createInvoker } from '../../src/local/runtime/invoker';
import type { Invoker } from '../../src/local/lambda/context';
import type { FunctionStore } from '../../src/local/store/functionStore';
import {
  withHttpPrelude,
  type StreamingInvocation,
} from '../../src/local/runtime/streamingInvocation';
import { STREAMED_RESPONSE_MAX_BYTES } from '../../src/core/limits';
import { clientsFor, type TestEndpoint } from './endpoint';
import { createFunction, reportIn } from './invokeKit';

let t: TestEndpoint;
let invoker: Invoker;
let functions: FunctionStore;

before(async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-stream-'));
  const endpoint = await startLocalEndpoint({
    home,
    port: 0,
    createInvoker: (stores) => {
      functions = stores.functions;
      invoker = createInvoker(stores);
      return invoker;
    },
  });
  const { lambda, logs } = clientsFor(endpoint.url, endpoint.credentials);
  t = {
    endpoint,
    lambda,
    logs,
    home,
    async close() {
      lambda.destroy();
      logs.destroy();
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
});
after(async () => {
  await t.close();
});

function start(name: string, event: unknown = {}): Promise<StreamingInvocation> {
  return invoker.invokeStreaming({
    record: functions.get('us-east-1', name)!,
    qualifier: undefined,
    payload: Buffer.from(JSON.stringify(event)),
  });
}

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk.toString('utf8');
  return all;
}

test('the prelude gives status, headers and cookies before the body, which streams as written', async () => {
  await createFunction(t, 'url-stream', {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 418, headers: { 'content-type': 'text/event-stream' }, cookies: ['a=1'] });
  responseStream.write('data: one\\n\\n');
  await new Promise((resolve) => setTimeout(resolve, 700));
  responseStream.end('data: two\\n\\n');
});
`,
  });
  const began = performance.now();
  const invocation = await start('url-stream');
  assert.equal(invocation.executedVersion, '$LATEST');
  const { prelude, body } = await withHttpPrelude(await invocation.response);
  assert.deepEqual(prelude, {
    statusCode: 418,
    headers: { 'content-type': 'text/event-stream' },
    cookies: ['a=1'],
  });
  const preludeAt = performance.now() - began;
  const pieces: { text: string; at: number }[] = [];
  for await (const chunk of body)
    pieces.push({ text: chunk.toString(), at: performance.now() - began });
  assert.equal(pieces.map((p) => p.text).join(''), 'data: one\n\ndata: two\n\n');
  assert.equal(pieces[0]!.text, 'data: one\n\n', 'the body starts right after the delimiter');
  assert.ok(pieces.at(-1)!.at - preludeAt >= 600, 'the last bytes come after the handler waited');
  const { error, logTail } = await invocation.done;
  assert.equal(error, undefined);
  assert.ok(reportIn(Buffer.from(logTail, 'base64').toString()).durationMs >= 700);
});

test('without HttpResponseStream there is no prelude: the bytes are the body', async () => {
  await createFunction(t, 'raw-stream', {
    'index.js':
      'exports.handler = awslambda.streamifyResponse(async (e, s) => { s.write(\'{"x":1}\'); s.end(); });\n',
  });
  const invocation = await start('raw-stream');
  const response = await invocation.response;
  assert.equal(response.contentType, 'application/octet-stream');
  const { prelude, body } = await withHttpPrelude(response);
  assert.equal(prelude, undefined);
  assert.equal(await text(body), '{"x":1}');
});

test('a caller that stops reading does not stop the function, and the environment serves the next', async () => {
  await createFunction(t, 'long-stream', {
    'index.js': `exports.handler = awslambda.streamifyResponse(async (e, s) => {
  for (let i = 0; i < 40; i++) { s.write(Buffer.alloc(256 * 1024, 97)); await new Promise((r) => setImmediate(r)); }
  s.end('done');
});
`,
  });
  const invocation = await start('long-stream');
  for await (const _ of (await invocation.response).chunks) break; // gone after the first chunk
  assert.equal((await invocation.done).error, undefined);
  const again = await start('long-stream');
  assert.equal((await text((await again.response).chunks)).length, 40 * 256 * 1024 + 4);
});

const OVER_LIMIT_NODE = `exports.handler = awslambda.streamifyResponse(async (e, s) => {
  const piece = Buffer.alloc(4 * 1024 * 1024, 120);
  for (let sent = 0; sent <= ${STREAMED_RESPONSE_MAX_BYTES}; sent += piece.length) {
    if (!s.write(piece)) await new Promise((r) => s.once('drain', r));
  }
  s.end();
});
`;

async function assertCutAtLimit(invocation: StreamingInvocation): Promise<void> {
  let received = 0;
  for await (const chunk of (await invocation.response).chunks) received += chunk.length;
  assert.ok(received <= STREAMED_RESPONSE_MAX_BYTES, `${received} bytes passed on`);
  const { error } = await invocation.done;
  assert.equal(error?.errorType, 'Function.ResponseSizeTooLarge');
  assert.match(
    error!.errorMessage,
    new RegExp(`exceeded maximum allowed payload size \\(${STREAMED_RESPONSE_MAX_BYTES} bytes\\)`),
  );
}

test('bytes past 200 MB end the stream with Function.ResponseSizeTooLarge (our Node.js runtime)', async () => {
  await createFunction(
    t,
    'too-much',
    { 'index.js': OVER_LIMIT_NODE },
    { memorySize: 1024, timeout: 60 },
  );
  await assertCutAtLimit(await start('too-much'));
});

// A custom runtime streaming over AWS_LAMBDA_RUNTIME_API: chunked HTTP, the error in trailers.
const CUSTOM_BOOTSTRAP = `#!/usr/bin/env node
const http = require('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function next() {
  http.get({ host, port, agent, path: '/2018-06-01/runtime/invocation/next' }, (res) => {
    const id = res.headers['lambda-runtime-aws-request-id'];
    let event = '';
    res.on('data', (c) => { event += c; });
    res.on('end', () => respond(id, JSON.parse(event)));
  });
}
function respond(id, event) {
  const req = http.request({ host, port, agent, method: 'POST', path: '/2018-06-01/runtime/invocation/' + id + '/response',
    headers: { 'Lambda-Runtime-Function-Response-Mode': 'streaming', 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked',
      Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body' } }, (res) => { res.resume(); res.on('end', next); });
  const write = async () => {
    if (event.mode === 'huge') {
      const piece = Buffer.alloc(4 * 1024 * 1024, 120);
      for (let sent = 0; sent <= ${STREAMED_RESPONSE_MAX_BYTES}; sent += piece.length) if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
      return req.end();
    }
    req.write('custom ');
    await new Promise((r) => setTimeout(r, 300));
    req.write('runtime');
    if (event.mode === 'fail') {
      const error = { errorType: 'Custom.Failure', errorMessage: 'custom runtime failed mid-stream' };
      req.addTrailers({ 'Lambda-Runtime-Function-Error-Type': error.errorType, 'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(error)).toString('base64') });
    }
    req.end();
  };
  write();
}
next();
`;

test('a custom runtime streams over HTTP: chunks as sent, an error in the trailers, the 200 MB limit', async () => {
  await createFunction(
    t,
    'custom',
    { bootstrap: { content: CUSTOM_BOOTSTRAP, mode: 0o755 } },
    { runtime: 'provided.al2023', handler: 'x', memorySize: 1024, timeout: 60 },
  );
  const ok = await start('custom', { mode: 'ok' });
  const response = await ok.response;
  assert.equal(response.contentType, 'text/plain');
  const chunks = response.chunks[Symbol.asyncIterator]();
  const began = performance.now();
  assert.equal((await chunks.next()).value!.toString(), 'custom ');
  let rest = '';
  for (let next = await chunks.next(); !next.done; next = await chunks.next())
    rest += next.value.toString();
  assert.equal(rest, 'runtime');
  assert.ok(performance.now() - began >= 250, 'the second chunk came later');
  assert.equal((await ok.done).error, undefined);

  const failed = await start('custom', { mode: 'fail' });
  assert.equal(await text((await failed.response).chunks), 'custom runtime');
  const { error } = await failed.done;
  assert.equal(error?.errorType, 'Custom.Failure');
  assert.equal(error?.errorMessage, 'custom runtime failed mid-stream');

  await assertCutAtLimit(await start('custom', { mode: 'huge' }));
});

test('our Node.js bootstrap without its channel (run by hand as a custom runtime) streams over chunked HTTP', async () => {
  const bootstrapFile = resolve(
    import.meta.dirname,
    '..',
    '..',
    'dist',
    'runtimes',
    'node-bootstrap.js',
  );
  await createFunction(
    t,
    'by-hand',
    {
      bootstrap: {
        content: `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bootstrapFile)}\n`,
        mode: 0o755,
      },
      'index.js': `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/csv');
  responseStream.write('a,b\\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (event.fail) throw new RangeError('by hand');
  responseStream.end('1,2\\n');
});
`,
    },
    { runtime: 'provided.al2023', handler: 'index.handler' },
  );
  const ok = await start('by-hand', {});
  const response = await ok.response;
  assert.equal(response.contentType, 'text/csv');
  assert.equal(await text(response.chunks), 'a,b\n1,2\n');
  assert.equal((await ok.done).error, undefined);
  const failed = await start('by-hand', { fail: true });
  assert.equal(await text((await failed.response).chunks), 'a,b\n');
  assert.deepEqual(
    { ...(await failed.done).error, document: undefined },
    { errorType: 'RangeError', errorMessage: 'by hand', document: undefined },
  );
});
