// The HTTP load the Function URL and start-api benches put on a server and on its floor (a bare
// `node:http` server process calling the hello handler in-process), so that both measure alike:
// sequential GETs for latency, CONCURRENCY GETs in flight for requests per second, each through
// two clients. Node's `http.request` (keep-alive Agent) is what an app's client costs, and takes
// more CPU per request than the floor's server, so with it the floor is bound by the client; the
// minimal client (minimalClient.mjs) leaves the floor bound by its server: the fair comparison.
// Each concurrent round also counts the CPU the servers' processes and this client spent.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { figure, median, percentile } from './report.mjs';
import { minimalClient } from './minimalClient.mjs';
import { children, stop, withTimeout } from './owned.mjs';
import { cpuMs, selfCpuMs } from './processCpu.mjs';

// As many requests in flight as the machine has cores.
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? availableParallelism());

/** The two clients requests per second are measured with, and the words figures name them by. */
export const CLIENTS = [
  ['node', "Node's http client"],
  ['minimal', 'a minimal client (the floor bound by its server: the fair comparison)'],
];

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
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
process.stdin.on('end', () => process.exit(0)).resume();
`;

/** The floor server as its own process: its base URL (no trailing slash), its pid, and how to stop it. */
export async function startFloor() {
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
  return {
    url: JSON.parse(line).url,
    pid: child.pid,
    close: () => {
      child.stdin.end(); // as a parent's exit would
      return stop(child);
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Closes the keep-alive connections of Node's client. */
export function closeAgent() {
  agent.destroy();
}

/** A GET through Node's client: the body, which must be `expected` (any body when null) with a 200. */
export function get(url, expected = 'hello') {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        res.statusCode === 200 && (expected === null || body === expected)
          ? resolve(body)
          : reject(new Error(`${url}: ${res.statusCode} ${body}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** `count` GETs one after another, each one's latency in ms pushed onto `into`. */
export async function sequential(url, count, into) {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await get(url);
    into.push(performance.now() - start);
  }
}

/** Requests per second with CONCURRENCY requests in flight, each sent by `send`. */
export async function concurrent(send, count) {
  let left = count;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await send();
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/** Requests per second of one concurrent round, and the CPU its server's processes and this client spent, in ms. */
export async function measured(send, count, pids) {
  const serverBefore = cpuMs(pids);
  const clientBefore = selfCpuMs();
  const rate = await concurrent(send, count);
  return { rate, serverMs: cpuMs(pids) - serverBefore, clientMs: selfCpuMs() - clientBefore };
}

/** A GET through the minimal client that checks the hello answer. */
export function minimalGet(client, url) {
  return async () => {
    const { status, body } = await client.get();
    if (status !== 200 || body !== 'hello') throw new Error(`${url}: ${status} ${body}`);
  };
}

/** Senders of a hello GET to ours and to the floor, through each of the two clients. */
export function sendersFor(oursUrl, floorUrl) {
  const minimal = [minimalClient(oursUrl), minimalClient(floorUrl)];
  return {
    node: { ours: () => get(oursUrl), floor: () => get(floorUrl) },
    minimal: { ours: minimalGet(minimal[0], oursUrl), floor: minimalGet(minimal[1], floorUrl) },
    close() {
      for (const client of minimal) client.close();
    },
  };
}

/** Per client: each round's requests per second, ours and the floor's, and the CPU (ms) spent in all rounds. */
export function throughputRecord() {
  const perClient = () => ({
    ours: [],
    floor: [],
    cpu: { ours: 0, floor: 0, oursClient: 0, floorClient: 0 },
  });
  return { node: perClient(), minimal: perClient(), requests: 0 };
}

/** Warms both clients against both servers, so that V8 has optimised all four before the rounds. */
export async function warmConcurrent(senders) {
  for (const [kind] of CLIENTS) {
    await concurrent(senders[kind].ours, CONCURRENCY * 20);
    await concurrent(senders[kind].floor, CONCURRENCY * 20);
  }
}

/**
 * One round of `count` concurrent requests per client, ours then the floor's, recorded into
 * `record`; `pids.ours` and `pids.floor` are the servers' processes whose CPU is counted.
 */
export async function throughputRound(senders, count, pids, record) {
  for (const [kind] of CLIENTS) {
    const ours = await measured(senders[kind].ours, count, pids.ours);
    const floor = await measured(senders[kind].floor, count, pids.floor);
    const into = record[kind];
    into.ours.push(ours.rate);
    into.floor.push(floor.rate);
    into.cpu.ours += ours.serverMs;
    into.cpu.floor += floor.serverMs;
    into.cpu.oursClient += ours.clientMs;
    into.cpu.floorClient += floor.clientMs;
  }
  record.requests += count;
}

/** Warm p50 against its target and the floor's, and p99 against the floor's. */
export function printLatency(name, ours, floor, targetP50Ms) {
  figure(`${name} warm p50`, median(ours), 'ms', { label: 'target', value: targetP50Ms });
  figure(`${name} warm p50 vs floor`, median(ours), 'ms', {
    label: 'floor p50',
    value: median(floor),
  });
  figure(`${name} warm p99`, percentile(ours, 99), 'ms', {
    label: 'floor p99',
    value: percentile(floor, 99),
  });
}

/** Each round's rate over the other's in the same round (paired, round by round). */
export const sharesOf = (ours, theirs) => ours.map((rate, i) => rate / theirs[i]);

export const range = (values) =>
  `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;

/** One client's requests per second against the floor's, and the median and range of the rounds' shares. */
export function printThroughput(name, record, kind, words, targetShare) {
  const { ours, floor } = record[kind];
  const shares = sharesOf(ours, floor);
  figure(`${name} throughput, ${words}`, median(ours), 'req/s', {
    label: 'floor',
    value: median(floor),
  });
  process.stdout.write(
    `# throughput share, ${kind} client: ${median(shares).toFixed(3)} (median of the rounds' shares; rounds ${range(shares)}; target >= ${targetShare.toFixed(3)})\n`,
  );
}
