// `lambda-lens start-api` on a one-route SAM project (HttpApi GET /hello, the hello handler),
// as its own process with its own local endpoint, against the floor: a bare `node:http` server
// process that calls the same handler in-process. Both are driven from this process by the same
// clients, with the same concurrency, interleaved round by round: sequential requests for latency
// (p50, p99), then CONCURRENCY at once for requests per second, each round's share being ours over
// the floor's in that round (the median and range of the rounds are printed). Requests per second
// are measured with Node's `http.request` and with a minimal client (minimalClient.mjs): Node's
// costs more CPU per request than the floor's server, so with it the floor is bound by the client;
// the minimal one leaves the floor bound by its server (the fair comparison of the servers). start-api
// prints each request's log lines on stderr, read here, as a terminal would show them.
// Then live reload: the handler file is saved with a
// new answer and requests are sent until one is served by the new code; the time from the save
// to that answer, median of RELOADS edits.
// Targets (issue 19): warm p50 < 2 ms; throughput at least a third of the floor's; live reload < 300 ms median.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { figure, median, percentile } from './report.mjs';
import { minimalClient } from './minimalClient.mjs';
import { children, cleanupNow, stop, tempFolder, withTimeout } from './owned.mjs';

const root = resolve(import.meta.dirname, '..');
const handlerSource = (answer) =>
  `exports.handler = async () => ({ statusCode: 200, body: '${answer}' });\n`;
const WARM_UP = Number(process.env.BENCH_WARM_UP_REQUESTS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEQUENTIAL_PER_ROUND = 100;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? availableParallelism());
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
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
process.stdin.on('end', () => process.exit(0)).resume();
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
      child.stdin.end();
      return stop(child);
    },
  }; // a closed stdin stops both as a parent's exit would
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url, expected = 'hello') {
  return new Promise((resolveGet, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        res.statusCode === 200 && (expected === null || body === expected)
          ? resolveGet(body)
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

const range = (values) => `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;

async function main() {
  const loadBefore = loadavg()[0];
  const work = tempFolder('ll-bench-start-api-');
  const handlerFile = join(work, 'project', 'hello', 'index.js');
  mkdirSync(join(work, 'project', 'hello'), { recursive: true });
  writeFileSync(join(work, 'project', 'template.yaml'), TEMPLATE);
  writeFileSync(handlerFile, handlerSource('hello'));
  const latency = { api: [], floor: [] };
  const throughput = { node: { api: [], floor: [] }, minimal: { api: [], floor: [] } };
  const reloads = [];
  let api;
  let floor;
  let clients = [];
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
    floor = await startProcess(['-e', FLOOR_SERVER], 'the floor server');
    const apiUrl = `${api.info.url}/hello`;
    const floorUrl = `${floor.info.url}/hello`;
    clients = [minimalClient(apiUrl), minimalClient(floorUrl)];
    const sends = {
      node: { api: () => get(apiUrl), floor: () => get(floorUrl) },
      minimal: { api: minimalGet(clients[0], apiUrl), floor: minimalGet(clients[1], floorUrl) },
    };
    for (let i = 0; i < WARM_UP; i++) {
      await get(apiUrl);
      await get(floorUrl);
    }
    for (const kind of ['node', 'minimal']) {
      await concurrent(sends[kind].api, CONCURRENCY * 20);
      await concurrent(sends[kind].floor, CONCURRENCY * 20);
    }
    for (let round = 0; round < ROUNDS; round++) {
      await sequential(apiUrl, SEQUENTIAL_PER_ROUND, latency.api);
      await sequential(floorUrl, SEQUENTIAL_PER_ROUND, latency.floor);
      for (const kind of ['node', 'minimal']) {
        throughput[kind].api.push(await concurrent(sends[kind].api, CONCURRENT_PER_ROUND));
        throughput[kind].floor.push(await concurrent(sends[kind].floor, CONCURRENT_PER_ROUND));
      }
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
    agent.destroy();
    for (const client of clients) client.close();
    await floor?.close();
    await api?.close();
  }
  process.stdout.write(
    `# ${latency.api.length} sequential requests and ${throughput.node.api.length} rounds of ${CONCURRENT_PER_ROUND} at concurrency ${CONCURRENCY} per client each, after ${WARM_UP} warm-up, interleaved with the floor (a bare node:http server process calling the handler in-process); ${reloads.length} live reloads; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
  );
  figure('start-api warm p50', median(latency.api), 'ms', {
    label: 'target',
    value: TARGET_P50_MS,
  });
  figure('start-api warm p50 vs floor', median(latency.api), 'ms', {
    label: 'floor p50',
    value: median(latency.floor),
  });
  figure('start-api warm p99', percentile(latency.api, 99), 'ms', {
    label: 'floor p99',
    value: percentile(latency.floor, 99),
  });
  for (const [kind, words] of [
    ['node', "Node's http client"],
    ['minimal', 'a minimal client (the floor bound by its server: the fair comparison)'],
  ]) {
    const { api: ours, floor: bare } = throughput[kind];
    const shares = ours.map((rate, i) => rate / bare[i]);
    figure(`start-api throughput, ${words}`, median(ours), 'req/s', {
      label: 'floor',
      value: median(bare),
    });
    process.stdout.write(
      `# throughput share, ${kind} client: ${median(shares).toFixed(3)} (median of the rounds' shares; rounds ${range(shares)}; target >= ${TARGET_THROUGHPUT_SHARE.toFixed(3)})\n`,
    );
  }
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
