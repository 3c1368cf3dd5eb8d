// A hello handler called over HTTP through a Function URL of the local endpoint (`serve` as its
// own process, the handler in its warm execution environment), against the floor: a bare
// `node:http` server process that calls the same handler in-process. Both are driven from this
// process by the same clients, with the same concurrency, interleaved round by round so the
// machine's noise falls on both alike: sequential requests for latency (p50, p99), then
// CONCURRENCY at once for requests per second, each round's share being ours over the floor's in
// that round (the median and range of the rounds are printed). A round is 2,000 requests
// (BENCH_CONCURRENT_PER_ROUND): at the floor's 15,000–30,000 requests per second, rounds of 400
// lasted 15–30 ms, in which the start and end of a round and a scheduler blip weigh enough to
// halve the floor's figure and double the range of the shares.
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
// semantics and the endpoint's own machinery cost beyond the process boundary.
// Targets: warm p50 < 2 ms; throughput at least a third of the floor's.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median, percentile } from './report.mjs';
import { minimalClient } from './minimalClient.mjs';
import { startServe } from './serve.mjs';
import { startProcessHopFloor } from './processHopFloor.mjs';
import { startServerlessOffline } from './serverlessOffline.mjs';
import { children, cleanupNow, descendants, stop, withTimeout } from './owned.mjs';

const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n";
const SERVERLESS_OFFLINE_HANDLER =
  "exports.hello = async () => ({ statusCode: 200, body: 'hello' });\n";
const WARM_UP = Number(process.env.BENCH_WARM_UP_REQUESTS ?? 1000);
const ROUNDS = 6;
const SEQUENTIAL_PER_ROUND = 100;
// As many requests in flight as the machine has cores.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? availableParallelism());
const CONCURRENT_PER_ROUND = Number(process.env.BENCH_CONCURRENT_PER_ROUND ?? 2000);
const BUDGET_MS = 60_000;
const TARGET_P50_MS = 2;
const TARGET_THROUGHPUT_SHARE = 1 / 3;

// The floor: the handler called in the server's own process, the result mapped as a URL maps it.
const FLOOR_SERVER = `
const { createServer } = require('node:http');
const handler = async () => ({ statusCode: 200, body: 'hello' });
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const result = await handler({ rawPath: req.url, body: Buffer.concat(chunks).toString() });
  res.writeHead(result.statusCode, { 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })));
process.stdin.on('end', () => process.exit(0)).resume();
`;

async function startFloor() {
  const child = spawn(process.execPath, ['-e', FLOOR_SERVER], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  children.add(child);
  const line = await withTimeout(
    new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
    }),
    10_000,
    'starting the floor server',
  );
  return { url: JSON.parse(line).url, pid: child.pid, close: () => stop(child) };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU time (user + system) of processes, in ms; NaN where /proc is missing. */
function cpuMs(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return NaN;
    }
  }
  return total;
}

function selfCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Requests per second of one concurrent round, and the CPU its server's processes and this client spent, in ms. */
async function measured(send, count, pids) {
  const serverBefore = cpuMs(pids);
  const clientBefore = selfCpuMs();
  const rate = await concurrent(send, count);
  return { rate, serverMs: cpuMs(pids) - serverBefore, clientMs: selfCpuMs() - clientBefore };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        res.statusCode === 200 && body === 'hello'
          ? resolve()
          : reject(new Error(`${url}: ${res.statusCode} ${body}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function sequential(url, count, into) {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await get(url);
    into.push(performance.now() - start);
  }
}

/** Requests per second with CONCURRENCY requests in flight, each sent by `send`. */
async function concurrent(send, count) {
  let left = count;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await send();
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/** A GET through the minimal client that checks the hello answer. */
function minimalGet(client, url) {
  return async () => {
    const { status, body } = await client.get();
    if (status !== 200 || body !== 'hello') throw new Error(`${url}: ${status} ${body}`);
  };
}

/** Paired shares of the rounds: ours over the floor's, round by round. */
const sharesOf = (ours, floor) => ours.map((rate, i) => rate / floor[i]);
const range = (values) => `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;

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
  let sls;
  let clients = [];
  const latency = { url: [], floor: [], sls: [] };
  const offline = { rates: [], cpuMs: 0 };
  // Per client: requests per second of each round, and the CPU of the servers and of the client.
  const node = { url: [], floor: [], cpu: { url: 0, floor: 0, urlClient: 0, floorClient: 0 } };
  const minimal = { url: [], floor: [], cpu: { url: 0, floor: 0, urlClient: 0, floorClient: 0 } };
  const hopFloor = { rates: [], cpuMs: 0 };
  let measuredRequests = 0;
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
    hop = await startProcessHopFloor(CONCURRENCY);
    sls =
      process.env.BENCH_SERVERLESS_OFFLINE === 'off'
        ? { unavailable: 'BENCH_SERVERLESS_OFFLINE=off' }
        : await startServerlessOffline(SERVERLESS_OFFLINE_HANDLER);
    if (sls.unavailable)
      process.stdout.write(`# serverless-offline not measured: ${sls.unavailable}\n`);
    const slsUrl = sls.url;
    clients = [minimalClient(FunctionUrl), minimalClient(floor.url), minimalClient(hop.url)];
    const hopGet = minimalGet(clients[2], hop.url);
    const sends = {
      node: { url: () => get(FunctionUrl), floor: () => get(floor.url) },
      minimal: {
        url: minimalGet(clients[0], FunctionUrl),
        floor: minimalGet(clients[1], floor.url),
      },
    };
    // Warm: the environments the concurrent rounds need exist, and V8 has optimised both servers and both clients.
    for (let i = 0; i < WARM_UP; i++) {
      await get(FunctionUrl);
      await get(floor.url);
      await hopGet();
      if (slsUrl) await get(slsUrl);
    }
    if (slsUrl) await concurrent(() => get(slsUrl), CONCURRENCY * 20);
    await concurrent(hopGet, CONCURRENCY * 20);
    for (const kind of ['node', 'minimal']) {
      await concurrent(sends[kind].url, CONCURRENCY * 20);
      await concurrent(sends[kind].floor, CONCURRENCY * 20);
    }
    const urlProcesses = [serve.pid, ...descendants(serve.pid)]; // serve and its warm environments
    const start = performance.now();
    for (let round = 0; round < ROUNDS && performance.now() - start < BUDGET_MS; round++) {
      await sequential(FunctionUrl, SEQUENTIAL_PER_ROUND, latency.url);
      await sequential(floor.url, SEQUENTIAL_PER_ROUND, latency.floor);
      for (const [kind, into] of [
        ['node', node],
        ['minimal', minimal],
      ]) {
        const url = await measured(sends[kind].url, CONCURRENT_PER_ROUND, urlProcesses);
        const bare = await measured(sends[kind].floor, CONCURRENT_PER_ROUND, [floor.pid]);
        into.url.push(url.rate);
        into.floor.push(bare.rate);
        into.cpu.url += url.serverMs;
        into.cpu.floor += bare.serverMs;
        into.cpu.urlClient += url.clientMs;
        into.cpu.floorClient += bare.clientMs;
      }
      const hopRound = await measured(hopGet, CONCURRENT_PER_ROUND, hop.pids);
      hopFloor.rates.push(hopRound.rate);
      hopFloor.cpuMs += hopRound.serverMs;
      measuredRequests += CONCURRENT_PER_ROUND;
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
    agent.destroy();
    for (const client of clients) client.close();
    await floor?.close();
    await hop?.close();
    await sls?.close?.();
    await serve.close();
  }
  process.stdout.write(
    `# ${latency.url.length} sequential requests and ${node.url.length} rounds of ${CONCURRENT_PER_ROUND} at concurrency ${CONCURRENCY} per client each, after ${WARM_UP} warm-up, interleaved with the floor (a bare node:http server process calling the handler in-process); targets: p50 < ${TARGET_P50_MS} ms, throughput >= ${TARGET_THROUGHPUT_SHARE.toFixed(2)}x the floor's; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
  );
  figure('Function URL warm p50', median(latency.url), 'ms', {
    label: 'target',
    value: TARGET_P50_MS,
  });
  figure('Function URL warm p50 vs floor', median(latency.url), 'ms', {
    label: 'floor p50',
    value: median(latency.floor),
  });
  figure('Function URL warm p99', percentile(latency.url, 99), 'ms', {
    label: 'floor p99',
    value: percentile(latency.floor, 99),
  });
  const perRequest = (ms) => (ms * 1000) / measuredRequests; // µs
  for (const [kind, { url, floor: bare, cpu }, words] of [
    ['node', node, "Node's http client"],
    ['minimal', minimal, 'a minimal client (the floor bound by its server: the fair comparison)'],
  ]) {
    const shares = sharesOf(url, bare);
    figure(`Function URL throughput, ${words}`, median(url), 'req/s', {
      label: 'floor',
      value: median(bare),
    });
    process.stdout.write(
      `# throughput share, ${kind} client: ${median(shares).toFixed(3)} (median of the rounds' shares; rounds ${range(shares)}; target >= ${TARGET_THROUGHPUT_SHARE.toFixed(3)})\n`,
    );
    if (Number.isFinite(cpu.url) && Number.isFinite(cpu.floor)) {
      figure(
        `Function URL CPU per request, ${kind} client (serve and its function processes)`,
        perRequest(cpu.url),
        'µs',
        { label: 'floor process', value: perRequest(cpu.floor), unit: 'µs' },
      );
      figure(
        `client CPU per request, ${kind} client, against the Function URL`,
        perRequest(cpu.urlClient),
        'µs',
        { label: 'against the floor', value: perRequest(cpu.floorClient), unit: 'µs' },
      );
      const share = (cpu.floor + cpu.floorClient) / (cpu.url + cpu.urlClient);
      process.stdout.write(
        `# throughput share by CPU, ${kind} client (the floor's and its client's CPU per request / ours and our client's: the share when CPU is the only limit) ${share.toFixed(3)}; servers alone ${(cpu.floor / cpu.url).toFixed(3)}\n`,
      );
    }
  }
  const hopShares = sharesOf(minimal.url, hopFloor.rates);
  figure(
    'Function URL throughput vs the process-hop floor, a minimal client',
    median(minimal.url),
    'req/s',
    { label: 'process-hop floor', value: median(hopFloor.rates) },
  );
  process.stdout.write(
    `# the process-hop floor against the floor, minimal client: ${median(sharesOf(hopFloor.rates, minimal.floor)).toFixed(3)} (median of the rounds' shares): the share a handler in its own process can reach; ours against the process-hop floor ${median(hopShares).toFixed(3)} (rounds ${range(hopShares)})\n`,
  );
  if (Number.isFinite(hopFloor.cpuMs) && Number.isFinite(minimal.cpu.url)) {
    figure(
      'Function URL CPU per request vs the process-hop floor, a minimal client',
      perRequest(minimal.cpu.url),
      'µs',
      {
        label: 'process-hop floor (its server and workers)',
        value: perRequest(hopFloor.cpuMs),
        unit: 'µs',
      },
    );
  }
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
      median(node.url),
      'req/s',
      { label: 'serverless-offline', value: median(offline.rates) },
    );
    if (Number.isFinite(offline.cpuMs) && Number.isFinite(node.cpu.url)) {
      figure(
        "Function URL CPU per request vs serverless-offline, Node's http client",
        perRequest(node.cpu.url),
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
