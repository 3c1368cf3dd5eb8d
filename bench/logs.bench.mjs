// The local endpoint's logs under volume (`lambda-lens serve` as its own process, driven by the
// AWS SDK v3 from this process):
//   idle:    the resident memory (VmRSS) of a fresh `serve` on a home holding ~200 MB of logs
//            (written with PutLogEvents, then serve restarted), beside the same on an empty home,
//            and how long that start took;
//   reports: fetchReportData (the estimate panel's read: FilterLogEvents over the REPORT lines)
//            over 100,000 invocations' START/END/REPORT lines, median of 3, and serve's CPU for it;
//   chatty:  a function printing 50 MB in one invocation, with newlines (100-byte lines) and
//            without (one line): serve's peak RSS during it, its CPU time, the invocation's
//            time, and the latency of GetFunction and ListFunctions sent one after another
//            while it prints (anchor: the same calls on the idle endpoint).
// Linux only (reads /proc/PID/status and /proc/PID/stat); elsewhere it says so and stops.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { zipOf } from '../test/integration/endpoint.ts';
import { fetchReportData } from '../src/cloud/reportData.ts';
import { figure, median, percentile } from './report.mjs';
import { children, cleanupNow, stop, tempFolder, withTimeout } from './owned.mjs';

const root = join(import.meta.dirname, '..');
const MB = 1024 * 1024;
const LOG_VOLUME_BYTES = 200 * MB;
const EVENT_BYTES = 1_000;
const STREAMS = 20;
const CHATTY_BYTES = 50 * MB;
const REPORT_INVOCATIONS = 100_000;
const REPORT_STREAMS = 10;
const REPORT_ROUNDS = 3;
const SAMPLE_MS = 20;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

const CHATTY_HANDLER = `const fs = require('node:fs');
exports.handler = async ({ bytes, newlines }) => {
  const block = newlines ? ('y'.repeat(99) + '\\n').repeat(10_000) : 'x'.repeat(1_000_000);
  for (let sent = 0; sent < bytes; sent += block.length) fs.writeSync(1, block);
  return 'printed';
};
`;

/** `serve` on `home` (kept: the bench restarts on it), owned by the bench. */
async function startServeOn(home) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'serve', '--json', '--home', home, '--stop-on-stdin-close'],
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2_000);
    if (process.env.BENCH_VERBOSE === '1') process.stderr.write(d);
  });
  const line = await withTimeout(
    new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    }),
    120_000,
    'starting serve',
  );
  const info = JSON.parse(line);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const config = {
    endpoint: info.url,
    region: 'us-east-1',
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  };
  const lambda = new LambdaClient(config);
  const logs = new CloudWatchLogsClient(config);
  return {
    pid: child.pid,
    startMs: performance.now() - started,
    lambda,
    logs,
    async close() {
      lambda.destroy();
      logs.destroy();
      agent.destroy();
      await stop(child);
    },
  };
}

function rssMB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** RSS after the server has been left alone for a moment (timers, lazy compilation settled). */
async function idleRss(pid) {
  await sleep(2_000);
  return rssMB(pid);
}

async function writeVolume(logs) {
  const group = '/bench/volume';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (let s = 0; s < STREAMS; s++)
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: group, logStreamName: `stream-${s}` }),
    );
  const perBatch = Math.floor((MB - 1024) / (EVENT_BYTES + 26));
  const batches = Math.ceil(LOG_VOLUME_BYTES / (perBatch * EVENT_BYTES));
  const start = Date.now() - 60 * 60_000;
  let written = 0;
  for (let b = 0; b < batches; b++) {
    const logEvents = Array.from({ length: perBatch }, (_, i) => ({
      timestamp: start + b,
      message: `${b}:${i} ${'x'.repeat(EVENT_BYTES)}`.slice(0, EVENT_BYTES),
    }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: `stream-${b % STREAMS}`,
        logEvents,
      }),
    );
    written += perBatch * EVENT_BYTES;
  }
  return written;
}

async function writeReports(logs) {
  const group = '/aws/lambda/bench-reports';
  const streamName = (s) => `2026/01/01/[$LATEST]${String(s).padStart(32, '0')}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (let s = 0; s < REPORT_STREAMS; s++)
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: group, logStreamName: streamName(s) }),
    );
  const start = Date.now() - 50 * 60_000;
  const perStream = REPORT_INVOCATIONS / REPORT_STREAMS;
  const perBatch = 2_000; // invocations: 6,000 events, under 1 MB
  for (let s = 0; s < REPORT_STREAMS; s++) {
    for (let from = 0; from < perStream; from += perBatch) {
      const logEvents = [];
      for (let i = from; i < from + perBatch; i++) {
        const at = start + i * 20 + s;
        const id = `${String(s).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const init = i === 0 ? 'Init Duration: 180.31 ms\t' : '';
        logEvents.push({ timestamp: at, message: `START RequestId: ${id} Version: $LATEST` });
        logEvents.push({ timestamp: at + 5, message: `END RequestId: ${id}` });
        logEvents.push({
          timestamp: at + 5,
          message: `REPORT RequestId: ${id}\tDuration: ${(1 + (i % 97) / 7).toFixed(2)} ms\tBilled Duration: ${2 + (i % 14)} ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t${init}`,
        });
      }
      await logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: streamName(s), logEvents }),
      );
    }
  }
}

/** Sequential GetFunction and ListFunctions calls until `done` settles; their latencies. */
async function probeLatency(lambda, done) {
  const latencies = [];
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  for (let i = 0; !finished; i++) {
    const start = performance.now();
    await lambda.send(
      i % 2 ? new ListFunctionsCommand({}) : new GetFunctionCommand({ FunctionName: 'chatty' }),
    );
    latencies.push(performance.now() - start);
  }
  return latencies;
}

async function chattyRound(serve, withNewlines) {
  const rssBefore = rssMB(serve.pid);
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMB(serve.pid));
  }, SAMPLE_MS);
  try {
    const cpuBefore = cpuMs(serve.pid);
    const started = performance.now();
    const invoked = serve.lambda.send(
      new InvokeCommand({
        FunctionName: 'chatty',
        Payload: JSON.stringify({ bytes: CHATTY_BYTES, newlines: withNewlines }),
      }),
    );
    const latencies = await probeLatency(
      serve.lambda,
      invoked.catch(() => {}),
    );
    let failure;
    try {
      const out = await invoked;
      if (out.FunctionError)
        failure = `function error ${Buffer.from(out.Payload).toString().slice(0, 300)}`;
    } catch (error) {
      failure = `${error.name}: ${error.message}`;
    }
    const elapsed = performance.now() - started;
    peak = Math.max(peak, rssMB(serve.pid));
    return { rssBefore, peak, cpu: cpuMs(serve.pid) - cpuBefore, elapsed, latencies, failure };
  } finally {
    clearInterval(sampler);
  }
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!existsSync('/proc/self/status')) {
    process.stdout.write('# logs.bench reads /proc (Linux only): not on this OS\n');
    return;
  }
  if (!existsSync(join(root, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run package` (or `npm run bench`) first');
  const loadBefore = loadavg()[0];

  // Idle, empty home: the anchor.
  let serve = await startServeOn(tempFolder('ll-bench-logs-empty-'));
  const emptyRss = await idleRss(serve.pid);
  const emptyStartMs = serve.startMs;
  await serve.close();

  // Idle with ~200 MB of logs on disk.
  const home = tempFolder('ll-bench-logs-');
  serve = await startServeOn(home);
  const written = await writeVolume(serve.logs);
  await writeReports(serve.logs);
  const rssAfterWriting = rssMB(serve.pid);
  await serve.close();
  serve = await startServeOn(home);
  const volumeRss = await idleRss(serve.pid);
  const volumeStartMs = serve.startMs;
  try {
    // The estimate panel's read of 100,000 REPORT lines.
    const reads = [];
    const cpu = [];
    for (let round = 0; round < REPORT_ROUNDS; round++) {
      const cpuBefore = cpuMs(serve.pid);
      const start = performance.now();
      const data = await fetchReportData(serve.logs, 'bench-reports', {
        window: { startMs: Date.now() - 2 * 3_600_000, endMs: Date.now() },
        cap: 1_000_000,
      });
      reads.push(performance.now() - start);
      cpu.push(cpuMs(serve.pid) - cpuBefore);
      if (data.events !== REPORT_INVOCATIONS)
        throw new Error(`read ${data.events} REPORT lines, expected ${REPORT_INVOCATIONS}`);
    }

    // A chatty function, beside idle latency.
    await serve.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'chatty',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Timeout: 300,
        Code: { ZipFile: zipOf({ 'index.js': CHATTY_HANDLER }) },
      }),
    );
    await serve.lambda.send(
      new InvokeCommand({ FunctionName: 'chatty', Payload: JSON.stringify({ bytes: 0 }) }),
    );
    const idleLatencies = await probeLatency(serve.lambda, sleep(2_000));
    const lines = await chattyRound(serve, true);
    const oneLine = await chattyRound(serve, false);
    const idleRssAfter = await idleRss(serve.pid);

    process.stdout.write(
      `# ${(written / MB).toFixed(0)} MB of logs in ${STREAMS} streams (${EVENT_BYTES}-byte events) + ${REPORT_INVOCATIONS.toLocaleString('en-US')} invocations' START/END/REPORT lines; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
    );
    figure('serve RSS idle, ~200 MB of logs on disk (after a restart)', volumeRss, 'MB', {
      label: 'empty home',
      value: emptyRss,
    });
    figure('serve RSS right after writing them (before the restart)', rssAfterWriting, 'MB', {
      label: 'empty home',
      value: emptyRss,
    });
    figure('serve start with ~200 MB of logs', volumeStartMs, 'ms', {
      label: 'empty home',
      value: emptyStartMs,
    });
    figure('fetchReportData over 100,000 REPORT lines, median', median(reads), 'ms', {
      label: 'min',
      value: Math.min(...reads),
    });
    figure('serve CPU for that read, median', median(cpu), 'ms', {
      label: 'wall time',
      value: median(reads),
    });
    for (const [label, r] of [
      ['50 MB in 100-byte lines', lines],
      ['50 MB without a newline', oneLine],
    ]) {
      if (r.failure) process.stdout.write(`# ${label}: the invocation FAILED (${r.failure})\n`);
      figure(`${label}: serve peak RSS`, r.peak, 'MB', { label: 'before it', value: r.rssBefore });
      figure(`${label}: serve CPU`, r.cpu, 'ms', {
        label: 'invocation wall time',
        value: r.elapsed,
      });
      figure(
        `${label}: GetFunction/ListFunctions p50 meanwhile (${r.latencies.length} calls)`,
        median(r.latencies),
        'ms',
        { label: 'idle', value: median(idleLatencies) },
      );
      figure(`${label}: GetFunction/ListFunctions max meanwhile`, Math.max(...r.latencies), 'ms', {
        label: 'idle p99',
        value: percentile(idleLatencies, 99),
      });
    }
    figure('serve RSS idle after the chatty invocations', idleRssAfter, 'MB', {
      label: 'empty home',
      value: emptyRss,
    });
  } finally {
    await serve.close();
  }
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`logs.bench failed: ${error?.stack ?? error}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
