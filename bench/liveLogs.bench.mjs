// Live logs on the local endpoint, end to end: `lambda-lens serve` and `lambda-lens logs FUNCTION
// --follow` as their own processes (Live Tail through the SDK), functions invoked by the SDK from
// this process.
//   latency:    from a function's console.log (the time it prints, in its line) to the line in the
//               follow's output, p50 and p99 over warm invocations (target p50 <= 100 ms; anchors:
//               `sam logs --tail` polls every 1,000 ms, and AWS Live Tail sends an update every
//               second, as its API reference says);
//   throughput: a function printing 100,000 lines, from the Invoke to the last line in the
//               follow's output (target >= 50,000 lines/s), with the peak RSS (VmHWM) of serve and
//               of the follow (memory bounded).
// Linux only for the peak RSS (/proc/PID/status); elsewhere it is left out.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median, percentile } from './report.mjs';
import { children, stop, tempFolder, withTimeout } from './owned.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(import.meta.dirname, '..');
const CLI = join(root, 'dist', 'cli.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const LATENCY_SAMPLES = 200;
const LINES = 100_000;
const ROLE = 'arn:aws:iam::123456789012:role/bench';

const STAMPER = `exports.handler = async () => { console.log('stamp', (performance.timeOrigin + performance.now()).toFixed(3)); return 1; };\n`;
const CHATTY = `const fs = require('node:fs');
exports.handler = async ({ lines }) => {
  const block = [];
  for (let i = 0; i < lines; i++) {
    block.push('line ' + i + ' of the chatty function');
    if (block.length === 1000) { fs.writeSync(1, block.join('\\n') + '\\n'); block.length = 0; }
  }
  if (block.length) fs.writeSync(1, block.join('\\n') + '\\n');
  return lines;
};
`;

async function startServe(home) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF_SERVE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF_SERVE]
        : []),
      CLI,
      'serve',
      '--json',
      '--home',
      home,
      '--stop-on-stdin-close',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: ENV },
  );
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  const line = await withTimeout(
    new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    }),
    60_000,
    'starting serve',
  );
  const info = JSON.parse(line);
  const lambda = new LambdaClient({
    endpoint: info.url,
    region: 'us-east-1',
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
  });
  return { child, lambda };
}

/**
 * `logs NAME --follow` as its own process; `onLine` gets each stdout line with the time it was
 * read, or `onChunk` each chunk (a cheaper reader, as a terminal or a file would be).
 */
async function startFollow(home, name, onLine, onChunk) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : []),
      CLI,
      'logs',
      name,
      '--follow',
      '--home',
      home,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: ENV },
  );
  children.add(child);
  if (onChunk)
    child.stdout.on('data', (chunk) => onChunk(chunk, performance.timeOrigin + performance.now()));
  else
    createInterface({ input: child.stdout }).on('line', (line) =>
      onLine(line, performance.timeOrigin + performance.now()),
    );
  let stderr = '';
  await withTimeout(
    new Promise((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('with Live Tail')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`logs --follow exited with ${code}: ${stderr}`)),
      );
    }),
    60_000,
    'starting the follow',
  );
  return child;
}

/** VmHWM (peak) or VmRSS (now) of a process, in MB; undefined off Linux. */
function rssMB(pid, field = 'VmHWM') {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(status, 'utf8'));
  return match ? Number(match[1]) / 1024 : undefined;
}

/** User + system CPU of a process so far, in ms; undefined off Linux. */
function cpuMs(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return undefined;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
}

async function main() {
  const home = tempFolder('ll-bench-live-');
  const serve = await startServe(home);
  const zip = (code) => zipOf({ 'index.js': code });
  await serve.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'stamper',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zip(STAMPER) },
    }),
  );
  await serve.lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'chatty',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zip(CHATTY) },
      MemorySize: 512,
      Timeout: 120,
    }),
  );
  const invoke = (name, payload = {}) =>
    serve.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }),
    );
  await invoke('stamper'); // the group exists, the environment is warm
  await invoke('chatty', { lines: 1 });

  // Latency: one stamped line per invocation, read back from the follow's output.
  const latencies = [];
  let waiting;
  const follow = await startFollow(home, 'stamper', (line, at) => {
    const stamp = /\tstamp (\d+\.\d+)$/.exec(line);
    if (!stamp) return;
    latencies.push(at - Number(stamp[1]));
    waiting?.();
  });
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const arrived = new Promise((resolve) => {
      waiting = resolve;
    });
    await invoke('stamper');
    await withTimeout(arrived, 10_000, 'a stamped line');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stop(follow);

  // The same invocation with nobody following: what the function and serve's storing cost alone.
  const aloneStart = performance.now();
  await invoke('chatty', { lines: LINES });
  const aloneMs = performance.now() - aloneStart;

  // Throughput: 100,000 lines from one invocation to the follow's output.
  let counted = 0;
  let lastAt = 0;
  let done;
  const allSeen = new Promise((resolve) => {
    done = resolve;
  });
  const marker = ' of the chatty function\n';
  let carry = '';
  const chattyFollow = await startFollow(home, 'chatty', undefined, (chunk, at) => {
    const text = carry + chunk.toString('latin1');
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length))
      counted++;
    carry = text.slice(-marker.length + 1);
    lastAt = at;
    if (counted >= LINES) done();
  });
  const serveBefore = rssMB(serve.child.pid, 'VmRSS');
  const cpuBefore = { serve: cpuMs(serve.child.pid), follow: cpuMs(chattyFollow.pid) };
  const followBefore = rssMB(chattyFollow.pid, 'VmRSS');
  const sentAt = performance.timeOrigin + performance.now();
  const invoked = invoke('chatty', { lines: LINES }).then(
    () => performance.timeOrigin + performance.now(),
  );
  await withTimeout(allSeen, 120_000, `${LINES} lines (${counted} seen)`);
  const invokeDoneAt = await invoked;
  const cpuAfter = { serve: cpuMs(serve.child.pid), follow: cpuMs(chattyFollow.pid) };
  const followRss = rssMB(chattyFollow.pid);
  const serveRss = rssMB(serve.child.pid);
  await stop(chattyFollow);
  serve.lambda.destroy();
  // Started with --stop-on-stdin-close: closing its stdin is what stops it (its stdin listener keeps
  // it running past SIGTERM, so BENCH_PROF_SERVE's profile was never written).
  serve.child.stdin.end();
  await stop(serve.child, 30_000);

  const seconds = (lastAt - sentAt) / 1000;
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  figure('console.log to the line in logs --follow, p50', median(latencies), 'ms', {
    label: 'sam logs --tail poll interval',
    value: 1000,
  });
  figure('console.log to the line in logs --follow, p99', percentile(latencies, 99), 'ms', {
    label: 'AWS Live Tail update interval (API reference: every second)',
    value: 1000,
  });
  figure(
    `${LINES.toLocaleString('en-US')} lines, Invoke to the last line in logs --follow`,
    LINES / seconds,
    'lines/s',
    { label: 'target', value: 50_000 },
  );
  figure('that Invoke, while followed', invokeDoneAt - sentAt, 'ms', {
    label: 'the same Invoke with nobody following',
    value: aloneMs,
  });
  figure('the last line followed, after the Invoke', lastAt - invokeDoneAt, 'ms', {
    label: 'the Invoke',
    value: invokeDoneAt - sentAt,
  });
  if (cpuAfter.follow !== undefined) {
    figure('logs --follow CPU for them', cpuAfter.follow - cpuBefore.follow, 'ms', {
      label: "serve's CPU for the Invoke and the session together",
      value: cpuAfter.serve - cpuBefore.serve,
    });
    figure(
      'lines per CPU second of logs --follow (what an idle core would reach)',
      LINES / ((cpuAfter.follow - cpuBefore.follow) / 1000),
      'lines/s',
      { label: 'target', value: 50_000 },
    );
  }
  if (serveRss !== undefined)
    figure('serve peak RSS (VmHWM) through it', serveRss, 'MB', {
      label: 'its RSS just before',
      value: serveBefore,
    });
  if (followRss !== undefined)
    figure('logs --follow peak RSS (VmHWM) through it', followRss, 'MB', {
      label: 'its RSS just before',
      value: followBefore,
    });
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
