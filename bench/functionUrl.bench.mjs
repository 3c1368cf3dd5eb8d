// A hello handler called over HTTP through a Function URL of the local endpoint (`serve` as its
// own process, the handler in its warm execution environment), against the floor: a bare
// `node:http` server process that calls the same handler in-process. Both are driven from this
// process by the same clients, with the same concurrency, interleaved round by round so the
// machine's noise falls on both alike: sequential requests for latency (p50, p99), then
// CONCURRENCY at once for requests per second, each round's share being ours over the floor's in
// that round (the median and range of the rounds are printed).
// Fairness: requests per second are measured with two clients. Node's `http.request` (keep-alive
// Agent), what an app's client costs, takes more CPU per request (60–120 µs here) than the floor's
// server itself (25–45 µs), so with it the floor is bound by the client and its figure understates
// the floor; a minimal client (minimalClient.mjs, about 20 µs a request) leaves the floor bound by
// its server. Both shares are printed; the second is the fair comparison of the servers.
// On a machine shared with other work, requests per second measure the scheduler as much as the
// code (a URL request wakes three processes, the floor's two), so the CPU each request costs (serve
// and its function processes, against the floor's process; and the client's, apart; from /proc,
// Linux only) is printed beside them: the throughput share the code allows when the machine's CPU
// is the only limit.
// Beside them, the same hello handler through serverless-offline (an HTTP API route, payload 2.0;
// serverlessOffline.mjs installs it from npm into ~/.cache/lambda-lens-bench the first time, about
// 40 s), in the same rounds with Node's client: what users run locally instead.
// BENCH_SERVERLESS_OFFLINE=off leaves it out; when it cannot be installed or started, the bench
// says why and goes on.
// With the minimal client, a second floor in the same rounds: the process-hop floor
// (processHopFloor.mjs), a bare server that hands each request to a child process over a socket
// pair, the least a handler in its own process can cost; ours against it is what the Lambda
// semantics and the endpoint's own machinery cost beyond the process boundary. A third floor, the
// process-hop floor with Lambda's least bookkeeping (a request id, a time-out, the payload 2.0
// event, the START/END/REPORT lines in one write, the answer's mapping), is what any emulation
// that runs the handler in its own process with Lambda's semantics can reach at best.
// Targets: warm p50 < 2 ms; throughput at least a third of the floor's.
import { availableParallelism, loadavg } from 'node:os';
import {
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median, percentile } from './report.mjs';
import {
  CLIENTS,
  CONCURRENCY,
  closeAgent,
  concurrent,
  get,
  measured,
  minimalGet,
  range,
  sharesOf,
  printLatency,
  printThroughput,
  sendersFor,
  sequential,
  startFloor,
  throughputRecord,
  throughputRound,
  warmConcurrent,
} from './httpLoad.mjs';
import { minimalClient } from './minimalClient.mjs';
import { startServe } from './serve.mjs';
import { startProcessHopFloor } from './processHopFloor.mjs';
import { startServerlessOffline } from './serverlessOffline.mjs';
import { cleanupNow, descendants } from './owned.mjs';

const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n";
const SERVERLESS_OFFLINE_HANDLER =
  "exports.hello = async () => ({ statusCode: 200, body: 'hello' });\n";
const WARM_UP = Number(process.env.BENCH_WARM_UP_REQUESTS ?? 1000);
const ROUNDS = 6;
const SEQUENTIAL_PER_ROUND = 100;
// Rounds long enough that the floor's rate is not cut by their start and end (at 400 requests a
// round lasted 15–30 ms against the floor and halved its measured rate).
const CONCURRENT_PER_ROUND = Number(process.env.BENCH_CONCURRENT_PER_ROUND ?? 2000);
const BUDGET_MS = 60_000;
const TARGET_P50_MS = 2;
const TARGET_THROUGHPUT_SHARE = 1 / 3;

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadBefore = loadavg()[0];
  const serve = await startServe('ll-bench-furl-home-');
  const lambda = new LambdaClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: serve.credentials,
    maxAttempts: 1,
  });
  let floor;
  let hop;
  let hopClient;
  let kept;
  let keptClient;
  let sls;
  let senders;
  const latency = { url: [], floor: [], sls: [] };
  const offline = { rates: [], cpuMs: 0 };
  const throughput = throughputRecord();
  const hopFloor = { rates: [], cpuMs: 0 };
  const keptFloor = { rates: [], cpuMs: 0 };
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench-url',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      }),
    );
    const { FunctionUrl } = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench-url', AuthType: 'NONE' }),
    );
    floor = await startFloor();
    const floorUrl = `${floor.url}/`;
    hop = await startProcessHopFloor(CONCURRENCY);
    hopClient = minimalClient(hop.url);
    const hopGet = minimalGet(hopClient, hop.url);
    kept = await startProcessHopFloor(CONCURRENCY, { bookkeeping: true });
    keptClient = minimalClient(kept.url);
    const keptGet = minimalGet(keptClient, kept.url);
    sls =
      process.env.BENCH_SERVERLESS_OFFLINE === 'off'
        ? { unavailable: 'BENCH_SERVERLESS_OFFLINE=off' }
        : await startServerlessOffline(SERVERLESS_OFFLINE_HANDLER);
    if (sls.unavailable)
      process.stdout.write(`# serverless-offline not measured: ${sls.unavailable}\n`);
    const slsUrl = sls.url;
    senders = sendersFor(FunctionUrl, floorUrl);
    // Warm: the environments the concurrent rounds need exist, and V8 has optimised both servers and both clients.
    for (let i = 0; i < WARM_UP; i++) {
      await get(FunctionUrl);
      await get(floorUrl);
      await hopGet();
      await keptGet();
      if (slsUrl) await get(slsUrl);
    }
    await concurrent(hopGet, CONCURRENCY * 20);
    await concurrent(keptGet, CONCURRENCY * 20);
    if (slsUrl) await concurrent(() => get(slsUrl), CONCURRENCY * 20);
    await warmConcurrent(senders);
    const pids = {
      ours: [serve.pid, ...descendants(serve.pid)], // serve and its warm environments
      floor: [floor.pid],
    };
    const start = performance.now();
    for (let round = 0; round < ROUNDS && performance.now() - start < BUDGET_MS; round++) {
      await sequential(FunctionUrl, SEQUENTIAL_PER_ROUND, latency.url);
      await sequential(floorUrl, SEQUENTIAL_PER_ROUND, latency.floor);
      await throughputRound(senders, CONCURRENT_PER_ROUND, pids, throughput);
      const hopRound = await measured(hopGet, CONCURRENT_PER_ROUND, hop.pids);
      hopFloor.rates.push(hopRound.rate);
      hopFloor.cpuMs += hopRound.serverMs;
      const keptRound = await measured(keptGet, CONCURRENT_PER_ROUND, kept.pids);
      keptFloor.rates.push(keptRound.rate);
      keptFloor.cpuMs += keptRound.serverMs;
      if (slsUrl) {
        await sequential(slsUrl, SEQUENTIAL_PER_ROUND, latency.sls);
        const round = await measured(() => get(slsUrl), CONCURRENT_PER_ROUND, [
          sls.pid,
          ...descendants(sls.pid),
        ]);
        offline.rates.push(round.rate);
        offline.cpuMs += round.serverMs;
      }
    }
  } finally {
    lambda.destroy();
    closeAgent();
    senders?.close();
    hopClient?.close();
    keptClient?.close();
    await floor?.close();
    await hop?.close();
    await kept?.close();
    await sls?.close?.();
    await serve.close();
  }
  process.stdout.write(
    `# ${latency.url.length} sequential requests and ${throughput.node.ours.length} rounds of ${CONCURRENT_PER_ROUND} at concurrency ${CONCURRENCY} per client each, after ${WARM_UP} warm-up, interleaved with the floor (a bare node:http server process calling the handler in-process); targets: p50 < ${TARGET_P50_MS} ms, throughput >= ${TARGET_THROUGHPUT_SHARE.toFixed(2)}x the floor's; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
  );
  printLatency('Function URL', latency.url, latency.floor, TARGET_P50_MS);
  const perRequest = (ms) => (ms * 1000) / throughput.requests; // µs
  for (const [kind, words] of CLIENTS) {
    printThroughput('Function URL', throughput, kind, words, TARGET_THROUGHPUT_SHARE);
    const { cpu } = throughput[kind];
    if (Number.isFinite(cpu.ours) && Number.isFinite(cpu.floor)) {
      figure(
        `Function URL CPU per request, ${kind} client (serve and its function processes)`,
        perRequest(cpu.ours),
        'µs',
        { label: 'floor process', value: perRequest(cpu.floor), unit: 'µs' },
      );
      figure(
        `client CPU per request, ${kind} client, against the Function URL`,
        perRequest(cpu.oursClient),
        'µs',
        { label: 'against the floor', value: perRequest(cpu.floorClient), unit: 'µs' },
      );
      const share = (cpu.floor + cpu.floorClient) / (cpu.ours + cpu.oursClient);
      process.stdout.write(
        `# throughput share by CPU, ${kind} client (the floor's and its client's CPU per request / ours and our client's: the share when CPU is the only limit) ${share.toFixed(3)}; servers alone ${(cpu.floor / cpu.ours).toFixed(3)}\n`,
      );
    }
  }
  const minimal = throughput.minimal;
  const hopShares = sharesOf(minimal.ours, hopFloor.rates);
  figure(
    'Function URL throughput vs the process-hop floor, a minimal client',
    median(minimal.ours),
    'req/s',
    { label: 'process-hop floor', value: median(hopFloor.rates) },
  );
  process.stdout.write(
    `# the process-hop floor against the floor, minimal client: ${median(sharesOf(hopFloor.rates, minimal.floor)).toFixed(3)} (median of the rounds' shares): the share a handler in its own process can reach; ours against the process-hop floor ${median(hopShares).toFixed(3)} (rounds ${range(hopShares)})\n`,
  );
  if (Number.isFinite(hopFloor.cpuMs) && Number.isFinite(minimal.cpu.ours)) {
    figure(
      'Function URL CPU per request vs the process-hop floor, a minimal client',
      perRequest(minimal.cpu.ours),
      'µs',
      {
        label: 'process-hop floor (its server and workers)',
        value: perRequest(hopFloor.cpuMs),
        unit: 'µs',
      },
    );
  }
  const keptShares = sharesOf(keptFloor.rates, minimal.floor);
  figure(
    "the process-hop floor with Lambda's least bookkeeping, a minimal client",
    median(keptFloor.rates),
    'req/s',
    { label: 'floor', value: median(minimal.floor) },
  );
  process.stdout.write(
    `# the process-hop floor with Lambda's least bookkeeping against the floor, minimal client: ${median(keptShares).toFixed(3)} (rounds ${range(keptShares)}), ${perRequest(keptFloor.cpuMs).toFixed(1)} µs of CPU a request (its server and workers): the best a handler in its own process with Lambda's semantics can reach here; ours against it ${median(sharesOf(minimal.ours, keptFloor.rates)).toFixed(3)}\n`,
  );
  if (latency.sls.length) {
    process.stdout.write(
      `# serverless-offline (${sls.version}), the same handler on an HTTP API route, in the same rounds, Node's http client\n`,
    );
    figure('Function URL warm p50 vs serverless-offline', median(latency.url), 'ms', {
      label: 'serverless-offline p50',
      value: median(latency.sls),
    });
    figure('Function URL warm p99 vs serverless-offline', percentile(latency.url, 99), 'ms', {
      label: 'serverless-offline p99',
      value: percentile(latency.sls, 99),
    });
    figure(
      "Function URL throughput vs serverless-offline, Node's http client",
      median(throughput.node.ours),
      'req/s',
      { label: 'serverless-offline', value: median(offline.rates) },
    );
    if (Number.isFinite(offline.cpuMs) && Number.isFinite(throughput.node.cpu.ours)) {
      figure(
        "Function URL CPU per request vs serverless-offline, Node's http client",
        perRequest(throughput.node.cpu.ours),
        'µs',
        { label: 'serverless-offline', value: perRequest(offline.cpuMs), unit: 'µs' },
      );
    }
  }
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`functionUrl.bench failed: ${error?.stack ?? error}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
