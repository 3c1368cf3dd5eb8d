// A function's answer is untrusted input to the HTTP front ends: a header value no HTTP answer can
// carry (a control character, a character past Latin-1) or a status no HTTP answer has is a
// malformed response, Lambda's 502, never an unexpected error of the endpoint's own.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction } from './invokeKit';
import { createUrl } from './functionUrlKit';

const BUFFERED_HANDLER = `
exports.handler = async (event) => {
  switch (event.rawPath) {
    case '/euro': return { statusCode: 200, headers: { 'x-price': '10 \\u20ac' }, body: 'x' };
    case '/control': return { statusCode: 200, headers: { 'x-a': 'a\\u0001b' }, body: 'x' };
    case '/delete': return { statusCode: 200, cookies: ['a=\\u007f'], body: 'x' };
    case '/latin1': return { statusCode: 200, headers: { 'x-city': 'Z\\u00fcrich' }, body: 'x' };
  }
  return 'ok';
};
`;

const STREAMING_HANDLER = `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const heads = {
    '/control': { statusCode: 200, headers: { 'x-a': 'a\\u0001b' } },
    '/euro': { statusCode: 200, cookies: ['price=\\u20ac'] },
  };
  const s = awslambda.HttpResponseStream.from(responseStream, heads[event.rawPath] ?? { statusCode: 200 });
  // A first write sends the prelude (end('…') alone does not, as with Lambda's runtime client).
  s.write('body');
  s.end();
});
`;

let t: TestEndpoint;
const logged: string[] = [];
let bufferedUrl: string;
let streamUrl: string;

before(async () => {
  t = await startTestEndpoint({ log: (line) => logged.push(line) });
  await createFunction(t, 'hostile-buffered', { 'index.js': BUFFERED_HANDLER });
  bufferedUrl = await createUrl(t, { FunctionName: 'hostile-buffered' });
  await createFunction(t, 'hostile-streamed', { 'index.js': STREAMING_HANDLER });
  streamUrl = await createUrl(t, {
    FunctionName: 'hostile-streamed',
    InvokeMode: 'RESPONSE_STREAM',
  });
});

after(() => t.close());

test('a buffered URL answers 502 for header values no HTTP answer can carry', async () => {
  for (const path of ['euro', 'control', 'delete']) {
    const answer = await fetch(`${bufferedUrl}${path}`);
    assert.equal(answer.status, 502, path);
    assert.equal(await answer.text(), 'Internal Server Error', path);
  }
  // Latin-1 goes out as it is.
  const latin1 = await fetch(`${bufferedUrl}latin1`);
  assert.equal(latin1.status, 200);
  assert.equal(await latin1.text(), 'x');
  assert.deepEqual(
    logged.filter((line) => line.startsWith('Unexpected error')),
    [],
    'no unexpected error',
  );
});

test('a streaming URL answers 502 for a prelude no HTTP answer can carry', async () => {
  for (const path of ['control', 'euro']) {
    const answer = await fetch(`${streamUrl}${path}`);
    assert.equal(answer.status, 502, path);
    assert.equal(await answer.text(), 'Internal Server Error', path);
  }
  assert.equal((await fetch(`${streamUrl}fine`)).status, 200);
  assert.deepEqual(
    logged.filter((line) => line.startsWith('Unexpected error')),
    [],
    'no unexpected error',
  );
});
