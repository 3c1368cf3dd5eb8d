// Response streaming: time to first byte through InvokeWithResponseStream (the AWS SDK v3's
// InvokeWithResponseStreamCommand against `serve` as its own process, event stream decoded) and
// through a RESPONSE_STREAM Function URL (node:http, the first body byte), for a handler that
// writes at once and ends a second later. Beside them, in the same run and interleaved round by
// round, the anchors: a buffered Invoke, and a BUFFERED Function URL, of a handler that does the
// same work (answers a second later), whose first byte is its whole answer.
// Target: time to first byte < 50 ms (warm), against ≈ 1 s buffered.
import {
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median } from './report.mjs';
import { startServe } from './serve.mjs';
import { cleanupNow } from './owned.mjs';

const ROUNDS = Number(process.env.BENCH_STREAMING_ROUNDS ?? 7);
const TARGET_TTFB_MS = 50;
const STREAMING = `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('first bytes');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  responseStream.end(' and the rest');
});
`;
const BUFFERED = `exports.handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return 'first bytes and the rest';
};
`;

async function create(lambda, name, code) {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: 'arn:aws:iam::123456789012:role/bench',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': code }) },
    }),
  );
}

/** Milliseconds to the first PayloadChunk, and to the end of the stream. */
async function streamed(lambda) {
  const began = performance.now();
  const out = await lambda.send(
    new InvokeWithResponseStreamCommand({ FunctionName: 'streaming', Payload: Buffer.from('{}') }),
  );
  let firstMs;
  let text = '';
  for await (const event of out.EventStream) {
    if (event.PayloadChunk?.Payload) {
      firstMs ??= performance.now() - began;
      text += Buffer.from(event.PayloadChunk.Payload).toString();
    }
    if (event.InvokeComplete?.ErrorCode)
      throw new Error(`streamed invoke failed: ${event.InvokeComplete.ErrorDetails}`);
  }
  if (text !== 'first bytes and the rest') throw new Error(`unexpected streamed body: ${text}`);
  return { firstMs, endMs: performance.now() - began };
}

/** Milliseconds to the buffered answer (its first byte is all of it). */
async function buffered(lambda) {
  const began = performance.now();
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: 'buffered', Payload: Buffer.from('{}') }),
  );
  if (out.FunctionError)
    throw new Error(`buffered invoke failed: ${Buffer.from(out.Payload).toString()}`);
  return performance.now() - began;
}

/** Milliseconds to the first body byte of a GET to a Function URL, and to its end. */
function urlGet(url) {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let firstMs;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        firstMs ??= performance.now() - began;
        text += d;
      });
      res.on('end', () =>
        res.statusCode === 200 && text.includes('and the rest')
          ? resolve({ firstMs, endMs: performance.now() - began })
          : reject(new Error(`${url}: ${res.statusCode} ${text}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const serve = await startServe('ll-bench-streaming-');
  const lambda = new LambdaClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: serve.credentials,
    maxAttempts: 1,
  });
  try {
    await create(lambda, 'streaming', STREAMING);
    await create(lambda, 'buffered', BUFFERED);
    const streamUrl = (
      await lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'streaming',
          AuthType: 'NONE',
          InvokeMode: 'RESPONSE_STREAM',
        }),
      )
    ).FunctionUrl;
    const bufferedUrl = (
      await lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'buffered', AuthType: 'NONE' }),
      )
    ).FunctionUrl;
    await streamed(lambda); // cold starts out of the way: warm figures, as a user calling twice sees
    await buffered(lambda);
    await urlGet(streamUrl);
    await urlGet(bufferedUrl);
    const first = [];
    const ends = [];
    const whole = [];
    const urlFirst = [];
    const urlWhole = [];
    for (let round = 0; round < ROUNDS; round++) {
      const s = await streamed(lambda);
      first.push(s.firstMs);
      ends.push(s.endMs);
      whole.push(await buffered(lambda));
      urlFirst.push((await urlGet(streamUrl)).firstMs);
      urlWhole.push((await urlGet(bufferedUrl)).firstMs);
    }
    process.stdout.write(`# ${ROUNDS} rounds, load average ${loadavg()[0].toFixed(2)}\n`);
    const ttfb = median(first);
    figure('streaming: time to first byte (InvokeWithResponseStream, warm, p50)', ttfb, 'ms', {
      label: 'buffered Invoke of the same handler',
      value: median(whole),
      unit: 'ms',
    });
    figure('streaming: time to first byte, worst of the rounds', Math.max(...first), 'ms', {
      label: 'target',
      value: TARGET_TTFB_MS,
      unit: 'ms',
    });
    figure('streaming: time to the end of the stream (p50)', median(ends), 'ms', {
      label: 'buffered Invoke',
      value: median(whole),
      unit: 'ms',
    });
    const urlTtfb = median(urlFirst);
    figure(
      'streaming: time to first byte (RESPONSE_STREAM Function URL, warm, p50)',
      urlTtfb,
      'ms',
      { label: 'BUFFERED Function URL of the same handler', value: median(urlWhole), unit: 'ms' },
    );
    figure(
      'streaming: time to first byte through the URL, worst of the rounds',
      Math.max(...urlFirst),
      'ms',
      { label: 'target', value: TARGET_TTFB_MS, unit: 'ms' },
    );
    for (const [what, value] of [
      ['InvokeWithResponseStream', ttfb],
      ['RESPONSE_STREAM URL', urlTtfb],
    ]) {
      if (value >= TARGET_TTFB_MS)
        process.stdout.write(
          `# over target (${what}): ${value.toFixed(1)} ms >= ${TARGET_TTFB_MS} ms\n`,
        );
    }
  } finally {
    lambda.destroy();
    await serve.close();
  }
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    cleanupNow();
    process.exit(1);
  },
);
