// Response streaming: time to first byte through InvokeWithResponseStream (the AWS SDK v3's
// InvokeWithResponseStreamCommand against `serve` as its own process, event stream decoded) for a
// handler that writes at once and ends a second later. Beside it, in the same run and interleaved
// round by round, the anchor: a buffered Invoke of a handler that does the same work (answers a
// second later), whose first byte is its whole answer.
// Target: time to first byte < 50 ms (warm), against ≈ 1 s buffered.
import { CreateFunctionCommand, InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
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
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Role: 'arn:aws:iam::123456789012:role/bench', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) },
  }));
}

/** Milliseconds to the first PayloadChunk, and to the end of the stream. */
async function streamed(lambda) {
  const began = performance.now();
  const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streaming', Payload: Buffer.from('{}') }));
  let firstMs;
  let text = '';
  for await (const event of out.EventStream) {
    if (event.PayloadChunk?.Payload) {
      firstMs ??= performance.now() - began;
      text += Buffer.from(event.PayloadChunk.Payload).toString();
    }
    if (event.InvokeComplete?.ErrorCode) throw new Error(`streamed invoke failed: ${event.InvokeComplete.ErrorDetails}`);
  }
  if (text !== 'first bytes and the rest') throw new Error(`unexpected streamed body: ${text}`);
  return { firstMs, endMs: performance.now() - began };
}

/** Milliseconds to the buffered answer (its first byte is all of it). */
async function buffered(lambda) {
  const began = performance.now();
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'buffered', Payload: Buffer.from('{}') }));
  if (out.FunctionError) throw new Error(`buffered invoke failed: ${Buffer.from(out.Payload).toString()}`);
  return performance.now() - began;
}

async function main() {
  const serve = await startServe('ll-bench-streaming-');
  const lambda = new LambdaClient({ endpoint: serve.url, region: 'us-east-1', credentials: serve.credentials, maxAttempts: 1 });
  try {
    await create(lambda, 'streaming', STREAMING);
    await create(lambda, 'buffered', BUFFERED);
    await streamed(lambda); // cold starts out of the way: warm figures, as a user calling twice sees
    await buffered(lambda);
    const first = [];
    const ends = [];
    const whole = [];
    for (let round = 0; round < ROUNDS; round++) {
      const s = await streamed(lambda);
      first.push(s.firstMs);
      ends.push(s.endMs);
      whole.push(await buffered(lambda));
    }
    process.stdout.write(`# ${ROUNDS} rounds, load average ${loadavg()[0].toFixed(2)}\n`);
    const ttfb = median(first);
    figure('streaming: time to first byte (InvokeWithResponseStream, warm, p50)', ttfb, 'ms', { label: 'buffered Invoke of the same handler', value: median(whole), unit: 'ms' });
    figure('streaming: time to first byte, worst of the rounds', Math.max(...first), 'ms', { label: 'target', value: TARGET_TTFB_MS, unit: 'ms' });
    figure('streaming: time to the end of the stream (p50)', median(ends), 'ms', { label: 'buffered Invoke', value: median(whole), unit: 'ms' });
    if (ttfb >= TARGET_TTFB_MS) process.stdout.write(`# over target: ${ttfb.toFixed(1)} ms >= ${TARGET_TTFB_MS} ms\n`);
  } finally {
    lambda.destroy();
    await serve.close();
  }
}

main().then(() => { cleanupNow(); }, (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  cleanupNow();
  process.exit(1);
});
