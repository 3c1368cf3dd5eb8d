// `lambda-lens start-api` on a one-route SAM project (HttpApi GET /hello, the hello handler),
// as its own process with its own local endpoint, against the floor: a bare `node:http` server
// process that calls the same handler in-process. Both are driven from this process by the same
// clients, with the same concurrency, interleaved round by round: sequential requests for latency
// (p50, p99), then CONCURRENCY at once for requests per second, each round's share being ours over
// the floor's in that round (the median and range of the rounds are printed). Requests per second
// are measured with Node's `http.request` and with a minimal client (httpLoad.mjs says why). start-api
// prints each request's log lines on stderr, read here, as a terminal would show them.
// Then live reload: the handler file is saved with a
// new answer and requests are sent until one is served by the new code; the time from the save
// to that answer, median of RELOADS edits.
// Targets (issue 19): warm p50 < 2 ms; throughput at least a third of the floor's; live reload < 300 ms median.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { figure, median } from './report.mjs';
import {
  CLIENTS,
  CONCURRENCY,
  closeAgent,
  get,
  printLatency,
  printThroughput,
  sendersFor,
  sequential,
  startFloor,
  throughputRecord,
  throughputRound,
  warmConcurrent,
} from './httpLoad.mjs';
import { children, cleanupNow, stop, tempFolder, withTimeout } from './owned.mjs';

const root = resolve(import.meta.dirname, '..');
const handlerSource = (answer) =>
  `exports.handler = async () => ({ statusCode: 200, body: '${answer}' });\n`;
const WARM_UP = Number(process.env.BENCH_WARM_UP_REQUESTS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEQUENTIAL_PER_ROUND = 100;
const CONCURRENT_PER_ROUND = 400;
const RELOADS = Number(process.env.BENCH_RELOADS ?? 9);
const TARGET_P50_MS = 2;
const TARGET_THROUGHPUT_SHARE = 1 / 3;
const TARGET_RELOAD_MS = 300;

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: index.handler
      Runtime: nodejs20.x
      FunctionName: bench-start-api
      Events:
        Hello: { Type: HttpApi, Properties: { Path: /hello, Method: GET } }
`;

async function startProcess(args, what) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4_000);
  });
  const line = await withTimeout(
    new Promise((resolveLine, reject) => {
      createInterface({ input: child.stdout }).once('line', resolveLine);
      child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${stderr}`)));
    }),
    60_000,
    `starting ${what}`,
  );
  return {
    info: JSON.parse(line),
    close: () => {
      child.stdin.end(); // a closed stdin stops it as a parent's exit would
      return stop(child);
    },
  };
}

async function main() {
  const loadBefore = loadavg()[0];
  const work = tempFolder('ll-bench-start-api-');
  const handlerFile = join(work, 'project', 'hello', 'index.js');
  mkdirSync(join(work, 'project', 'hello'), { recursive: true });
  writeFileSync(join(work, 'project', 'template.yaml'), TEMPLATE);
  writeFileSync(handlerFile, handlerSource('hello'));
  const latency = { api: [], floor: [] };
  const throughput = throughputRecord();
  const reloads = [];
  let api;
  let floor;
  let senders;
  try {
    api = await startProcess(
      [
        join(root, 'dist', 'cli.js'),
        'start-api',
        join(work, 'project'),
        '--port',
        '0',
        '--json',
        '--home',
        join(work, 'home'),
        '--stop-on-stdin-close',
      ],
      'start-api',
    );
    floor = await startFloor();
    const apiUrl = `${api.info.url}/hello`;
    const floorUrl = `${floor.url}/hello`;
    senders = sendersFor(apiUrl, floorUrl);
    for (let i = 0; i < WARM_UP; i++) {
      await get(apiUrl);
      await get(floorUrl);
    }
    await warmConcurrent(senders);
    for (let round = 0; round < ROUNDS; round++) {
      await sequential(apiUrl, SEQUENTIAL_PER_ROUND, latency.api);
      await sequential(floorUrl, SEQUENTIAL_PER_ROUND, latency.floor);
      // The CPU per request is counted in functionUrl.bench.mjs, not here: no processes named.
      await throughputRound(senders, CONCURRENT_PER_ROUND, { ours: [], floor: [] }, throughput);
    }
    // Live reload: save, then ask until the new answer comes (a request that arrives while the
    // redeploy is in flight waits for it, so most edits take one request).
    for (let edit = 1; edit <= RELOADS; edit++) {
      await new Promise((r) => setTimeout(r, 300));
      const answer = `hello ${edit}`;
      const saved = performance.now();
      writeFileSync(handlerFile, handlerSource(answer));
      for (;;) {
        if ((await get(apiUrl, null)) === answer) break;
        if (performance.now() - saved > 10_000)
          throw new Error(`edit ${edit} was not live after 10 s`);
      }
      reloads.push(performance.now() - saved);
    }
  } finally {
    closeAgent();
    senders?.close();
    await floor?.close();
    await api?.close();
  }
  process.stdout.write(
    `# ${latency.api.length} sequential requests and ${throughput.node.ours.length} rounds of ${CONCURRENT_PER_ROUND} at concurrency ${CONCURRENCY} per client each, after ${WARM_UP} warm-up, interleaved with the floor (a bare node:http server process calling the handler in-process); ${reloads.length} live reloads; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
  );
  printLatency('start-api', latency.api, latency.floor, TARGET_P50_MS);
  for (const [kind, words] of CLIENTS)
    printThroughput('start-api', throughput, kind, words, TARGET_THROUGHPUT_SHARE);
  figure('start-api live reload (save to first new answer), median', median(reloads), 'ms', {
    label: 'target',
    value: TARGET_RELOAD_MS,
  });
  process.stdout.write(`# live reloads: ${reloads.map((r) => r.toFixed(0)).join(', ')} ms\n`);
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`startApi.bench failed: ${error?.stack ?? error}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
