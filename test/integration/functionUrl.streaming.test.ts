// RESPONSE_STREAM Function URLs over real HTTP (curl --no-buffer and Node's fetch reading the body
// stream): bytes arrive as the handler writes them, the HttpResponseStream prelude sets the status,
// headers and cookies, a function that does not stream (Node.js without streamifyResponse, Python)
// sends its raw result, errors give 502 before the first byte and a cut answer after it, CORS as
// for buffered URLs; and the event's requestContext.requestId is the function's awsRequestId.
import { spawn } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { STREAMED_RESPONSE_MAX_BYTES } from '../../src/core/limits';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, filterEvents } from './invokeKit';
import { createUrl, curl } from './functionUrlKit';

let t: TestEndpoint;
let streamUrl: string;
after(async () => {
  await t.close();
});

/** Answers by path: each streaming shape a URL meets. */
const STREAMING_HANDLER = `exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  switch (event.rawPath) {
    case '/prelude': {
      const s = awslambda.HttpResponseStream.from(responseStream, {
        statusCode: 201, headers: { 'content-type': 'text/plain', 'x-custom': 'yes', 'content-length': '3' }, cookies: ['a=1; Path=/', 'b=2'],
      });
      s.write('first ');
      await wait(1000);
      s.end('second');
      return;
    }
    case '/raw':
      responseStream.setContentType('text/plain');
      responseStream.write('no prelude ');
      responseStream.end('here');
      return;
    case '/fail-at-once':
      throw new TypeError('before any byte');
    case '/fail-later':
      responseStream.write('partial ');
      await wait(200);
      throw new TypeError('after some bytes');
    case '/ids':
      responseStream.end(JSON.stringify({ awsRequestId: context.awsRequestId, requestId: event.requestContext.requestId }));
      return;
    case '/cors': {
      const s = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'access-control-allow-origin': 'https://other.example' } });
      s.end('cors');
      return;
    }
  }
  responseStream.end('no route ' + event.rawPath);
});
`;

before(async () => {
  t = await startTestEndpoint();
  await createFunction(t, 'streamer', { 'index.js': STREAMING_HANDLER }, { timeout: 10 });
  streamUrl = await createUrl(t, {
    FunctionName: 'streamer',
    InvokeMode: 'RESPONSE_STREAM',
    Cors: { AllowOrigins: ['https://app.example'], ExposeHeaders: ['x-custom'] },
  });
});

interface Timed {
  readonly response: Response;
  readonly chunks: { text: string; at: number }[];
  readonly began: number;
  readonly endedAt: number;
  readonly error?: unknown;
}

/** fetch, reading the body stream chunk by chunk with the time each arrived. */
async function fetchChunks(url: string, init: RequestInit = {}): Promise<Timed> {
  const began = performance.now();
  const response = await fetch(url, init);
  const chunks: Timed['chunks'] = [];
  const decoder = new TextDecoder();
  let error: unknown;
  try {
    for await (const piece of response.body! as unknown as AsyncIterable<Uint8Array>)
      chunks.push({ text: decoder.decode(piece), at: performance.now() });
  } catch (caught) {
    error = caught;
  }
  return { response, chunks, began, endedAt: performance.now(), ...(error ? { error } : {}) };
}

const textOf = (chunks: Timed['chunks']) => chunks.map((c) => c.text).join('');

test('fetch: the first chunk arrives before the handler ends; the prelude sets status, headers and each cookie', async () => {
  await fetchChunks(`${streamUrl}prelude`); // warm
  const out = await fetchChunks(`${streamUrl}prelude`);
  assert.equal(out.error, undefined);
  assert.equal(out.response.status, 201);
  assert.equal(out.response.headers.get('content-type'), 'text/plain');
  assert.equal(out.response.headers.get('x-custom'), 'yes');
  assert.deepEqual(out.response.headers.getSetCookie(), ['a=1; Path=/', 'b=2']);
  assert.equal(
    out.response.headers.get('transfer-encoding'),
    'chunked',
    "the function's content-length is not passed on",
  );
  assert.equal(out.response.headers.get('content-length'), null);
  assert.match(out.response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(textOf(out.chunks), 'first second');
  assert.equal(out.chunks[0]!.text, 'first ');
  assert.ok(
    out.chunks[0]!.at - out.began < 500,
    `first chunk after ${(out.chunks[0]!.at - out.began).toFixed(0)} ms`,
  );
  assert.ok(out.endedAt - out.began >= 1000, 'the rest came after the handler waited');
  assert.ok(out.endedAt - out.chunks[0]!.at >= 800, 'the first chunk came a second before the end');
});

test('curl --no-buffer prints the first bytes a second before the rest', async () => {
  const began = performance.now();
  const arrivals: { text: string; at: number }[] = [];
  const child = spawn('curl', ['-s', '--no-buffer', '--max-time', '20', `${streamUrl}prelude`]);
  child.stdout.on('data', (data: Buffer) =>
    arrivals.push({ text: data.toString(), at: performance.now() - began }),
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.equal(arrivals.map((a) => a.text).join(''), 'first second');
  assert.equal(arrivals[0]!.text, 'first ');
  const last = arrivals.at(-1)!;
  assert.ok(
    last.at - arrivals[0]!.at >= 800,
    `chunks at ${arrivals.map((a) => a.at.toFixed(0)).join(', ')} ms`,
  );
});

test('without a prelude the status is 200 and the bytes are the body, with the content type the function set', async () => {
  const answer = await curl([`${streamUrl}raw`]);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.headers['content-type'], ['text/plain']);
  assert.deepEqual(answer.headers['transfer-encoding'], ['chunked']);
  assert.equal(answer.body.toString(), 'no prelude here');
});

test('an error before the first byte is 502; after it, the answer is cut (never a complete response)', async () => {
  const early = await curl([`${streamUrl}fail-at-once`]);
  assert.equal(early.status, 502);
  assert.equal(early.body.toString(), 'Internal Server Error');
  const late = await fetchChunks(`${streamUrl}fail-later`);
  assert.equal(late.response.status, 200);
  assert.equal(textOf(late.chunks), 'partial ');
  assert.ok(late.error, 'reading the body fails: the chunked answer never ended');
  // curl says so too: exit 18, "transfer closed with outstanding read data remaining".
  const child = spawn('curl', ['-s', '--max-time', '20', `${streamUrl}fail-later`]);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 18);
  // The endpoint goes on serving.
  assert.equal((await curl([`${streamUrl}raw`])).status, 200);
});

test("CORS: the configuration wins over the function's headers, as for buffered URLs", async () => {
  const answer = await curl(['-H', 'Origin: https://app.example', `${streamUrl}cors`]);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.headers['access-control-allow-origin'], ['https://app.example']);
  assert.deepEqual(answer.headers['access-control-expose-headers'], ['x-custom']);
  assert.equal(answer.body.toString(), 'cors');
  const preflight = await curl([
    '-X',
    'OPTIONS',
    '-H',
    'Origin: https://app.example',
    '-H',
    'Access-Control-Request-Method: GET',
    `${streamUrl}cors`,
  ]);
  assert.equal(preflight.status, 200);
});

test("requestContext.requestId is the function's awsRequestId, and the answer's x-amzn-RequestId (streamed and buffered)", async () => {
  const streamed = await curl([`${streamUrl}ids`]);
  const ids = JSON.parse(streamed.body.toString()) as { awsRequestId: string; requestId: string };
  assert.equal(ids.requestId, ids.awsRequestId);
  assert.deepEqual(streamed.headers['x-amzn-requestid'], [ids.awsRequestId]);
  await createFunction(t, 'ids-buffered', {
    'index.js':
      'exports.handler = async (event, context) => ({ awsRequestId: context.awsRequestId, requestId: event.requestContext.requestId });\n',
  });
  const buffered = await curl([await createUrl(t, { FunctionName: 'ids-buffered' })]);
  const bufferedIds = JSON.parse(buffered.body.toString()) as {
    awsRequestId: string;
    requestId: string;
  };
  assert.equal(bufferedIds.requestId, bufferedIds.awsRequestId);
  assert.deepEqual(buffered.headers['x-amzn-requestid'], [bufferedIds.awsRequestId]);
  // The log's START line names the same id.
  const starts = await filterEvents(t, 'ids-buffered', '"START RequestId"');
  assert.ok(starts.some((e) => e.message?.includes(bufferedIds.awsRequestId)));
});

test('a Node.js handler not wrapped in streamifyResponse sends its raw result as the body: no payload 2.0 mapping', async () => {
  await createFunction(t, 'plain', {
    'index.js':
      "exports.handler = async () => ({ statusCode: 201, headers: { 'x-mapped': 'no' }, body: 'created' });\n",
  });
  const url = await createUrl(t, { FunctionName: 'plain', InvokeMode: 'RESPONSE_STREAM' });
  const answer = await curl([url]);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['x-mapped'], undefined);
  assert.deepEqual(answer.headers['content-type'], ['application/json']);
  assert.deepEqual(JSON.parse(answer.body.toString()), {
    statusCode: 201,
    headers: { 'x-mapped': 'no' },
    body: 'created',
  });
  await createFunction(t, 'plain-throws', {
    'index.js': "exports.handler = async () => { throw new Error('no'); };\n",
  });
  assert.equal(
    (
      await curl([
        await createUrl(t, { FunctionName: 'plain-throws', InvokeMode: 'RESPONSE_STREAM' }),
      ])
    ).status,
    502,
  );
});

test('Python behind a RESPONSE_STREAM URL: its whole result, raw, when it returns, within 6 MB', async () => {
  await createFunction(
    t,
    'py-url',
    {
      'app.py':
        'import time\ndef handler(event, context):\n    if event["rawPath"] == "/large":\n        return "x" * (7 * 1024 * 1024)\n    time.sleep(0.3)\n    return {"statusCode": 202, "body": event["rawPath"]}\n',
    },
    { runtime: 'python3.12', handler: 'app.handler' },
  );
  const url = await createUrl(t, { FunctionName: 'py-url', InvokeMode: 'RESPONSE_STREAM' });
  const out = await fetchChunks(`${url}path`);
  assert.equal(out.response.status, 200);
  assert.deepEqual(JSON.parse(textOf(out.chunks)), { statusCode: 202, body: '/path' });
  assert.ok(out.chunks[0]!.at - out.began >= 300, 'nothing before the handler returned');
  // Its result is a buffered response: over 6 MB the invocation fails before any byte, so 502.
  assert.equal((await curl([`${url}large`])).status, 502);
});

// A stream larger than every buffer on its way (the runtime's socket, the endpoint's, the HTTP
// socket's), read by a client slower than the handler: each piece carries the time it was written,
// so the test sees how far the handler ran ahead of what the client had read.
const PIECE_BYTES = 1024 * 1024;
const PIECES = 64;
const LARGE_STREAM_HANDLER = `exports.handler = awslambda.streamifyResponse(async (e, s) => {
  for (let i = 0; i < ${PIECES}; i++) {
    const piece = Buffer.alloc(${PIECE_BYTES}, 120);
    piece.write(i + ':' + Date.now() + ';');
    if (!s.write(piece)) await new Promise((r) => s.once('drain', r));
  }
  s.end();
});
`;

/**
 * Reads the whole body with node:http (which stops reading its socket while the reader is busy),
 * pausing `pauseMs` after each MB: when each piece was written, and what had arrived by then. A new
 * connection each time: a reused one keeps the kernel buffers a fast read grew (up to
 * net.ipv4.tcp_rmem's maximum), which would hide how much the endpoint itself holds.
 */
async function readLargeStream(
  url: string,
  pauseMs: number,
): Promise<{
  received: number;
  pieces: { index: number; writtenAt: number }[];
  receivedBy: (at: number) => number;
}> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { agent: false }, resolve).on('error', reject),
  );
  assert.equal(response.statusCode, 200);
  const timeline: { at: number; received: number }[] = [];
  const pieces: { index: number; writtenAt: number }[] = [];
  let received = 0;
  let nextPause = PIECE_BYTES;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    // A piece's header is at a multiple of PIECE_BYTES: read it where a chunk holds one.
    for (
      let at = Math.ceil(received / PIECE_BYTES) * PIECE_BYTES;
      at < received + chunk.length;
      at += PIECE_BYTES
    ) {
      const match = /^(\d+):(\d+);/.exec(
        chunk.subarray(at - received, at - received + 32).toString('latin1'),
      );
      if (match) pieces.push({ index: Number(match[1]), writtenAt: Number(match[2]) });
    }
    received += chunk.length;
    timeline.push({ at: Date.now(), received });
    if (received >= nextPause) {
      nextPause += PIECE_BYTES;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  const receivedBy = (at: number) =>
    timeline.filter((point) => point.at <= at).at(-1)?.received ?? 0;
  return { received, pieces, receivedBy };
}

test('64 MB through the URL arrive whole, and a slow reader holds the handler back instead of the endpoint holding the bytes', async () => {
  await createFunction(
    t,
    'large-stream',
    { 'index.js': LARGE_STREAM_HANDLER },
    { memorySize: 512, timeout: 30 },
  );
  const url = await createUrl(t, { FunctionName: 'large-stream', InvokeMode: 'RESPONSE_STREAM' });
  const fast = await readLargeStream(url, 0);
  assert.equal(fast.received, PIECES * PIECE_BYTES);
  assert.deepEqual(
    fast.pieces.map((p) => p.index),
    [...Array(PIECES).keys()],
    'every piece, in order',
  );

  const slow = await readLargeStream(url, 40);
  assert.equal(slow.received, PIECES * PIECE_BYTES);
  assert.deepEqual(
    slow.pieces.map((p) => p.index),
    [...Array(PIECES).keys()],
  );
  // What the handler wrote beyond what the client had read sits in buffers on the way (sockets'
  // and the endpoint's): bounded, well under the stream's size, whatever the client's pace. The
  // kernel alone may hold up to its loopback buffers' maximum (tcp_rmem's 32 MB on the reader's
  // side when it grows them for a slow reader, plus the sender's), so the bound leaves that room;
  // without the endpoint's backpressure the handler runs the whole stream (63 MB) ahead.
  const ahead = Math.max(
    ...slow.pieces.map((p) => p.index * PIECE_BYTES - slow.receivedBy(p.writtenAt)),
  );
  assert.ok(
    ahead <= 44 * PIECE_BYTES,
    `the handler ran ${(ahead / PIECE_BYTES).toFixed(1)} MB ahead of the client`,
  );
});

test('past 200 MB the streamed answer is cut after the bytes up to the limit', async () => {
  await createFunction(
    t,
    'too-much',
    {
      'index.js': `exports.handler = awslambda.streamifyResponse(async (e, s) => {
  const piece = Buffer.alloc(4 * 1024 * 1024, 120);
  for (let sent = 0; sent <= ${STREAMED_RESPONSE_MAX_BYTES}; sent += piece.length) {
    if (!s.write(piece)) await new Promise((r) => s.once('drain', r));
  }
  s.end();
});
`,
    },
    { memorySize: 1024, timeout: 60 },
  );
  const url = await createUrl(t, { FunctionName: 'too-much', InvokeMode: 'RESPONSE_STREAM' });
  const response = await fetch(url);
  assert.equal(response.status, 200);
  let received = 0;
  let failed = false;
  try {
    for await (const piece of response.body! as unknown as AsyncIterable<Uint8Array>)
      received += piece.length;
  } catch {
    failed = true;
  }
  assert.ok(failed, 'the answer is cut, not ended');
  assert.ok(
    received <= STREAMED_RESPONSE_MAX_BYTES && received > STREAMED_RESPONSE_MAX_BYTES / 2,
    `${received} bytes`,
  );
});

test('a client that goes away mid-stream does not stop the function, nor the URL', async () => {
  const reportsBefore = (await filterEvents(t, 'streamer', '"REPORT RequestId"')).length;
  const aborter = new AbortController();
  const response = await fetch(`${streamUrl}prelude`, { signal: aborter.signal });
  const reader = response.body!.getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), 'first ');
  aborter.abort();
  await reader.read().catch(() => {});
  // The function ran to its end: its REPORT is written, and the URL serves the next request.
  const again = await fetchChunks(`${streamUrl}prelude`);
  assert.equal(textOf(again.chunks), 'first second');
  const reports = await filterEvents(t, 'streamer', '"REPORT RequestId"');
  assert.equal(
    reports.length,
    reportsBefore + 2,
    'the abandoned invocation and the next one both ended and reported',
  );
});

test('a BUFFERED result with a 1xx statusCode is 502, not a status no client gets past', async () => {
  await createFunction(t, 'informational', {
    'index.js': "exports.handler = async () => ({ statusCode: 101, body: 'switching' });\n",
  });
  const answer = await curl([await createUrl(t, { FunctionName: 'informational' })]);
  assert.equal(answer.status, 502);
  assert.equal(answer.body.toString(), 'Internal Server Error');
});
