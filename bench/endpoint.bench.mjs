// The local endpoint's control plane against moto_server (an independent Lambda API written by
// others), both as their own processes on 127.0.0.1, both driven by the AWS SDK v3 LambdaClient
// from this process over keep-alive connections, each holding the same 1,000 functions:
//   ListFunctions: full paging over the 1,000 functions, repeated (ours pages by 50 as AWS does;
//                  moto ignores MaxItems and answers all 1,000 in one page);
//   GetFunction:   random names, 8 in flight for throughput, one at a time for latency; and for
//                  throughput again, 64 pre-signed requests replayed, a load far lighter than the
//                  SDK's (see PRESIGNED), so that the figure is the server's.
// Targets (the control-plane issue): at least 5x moto's throughput; GetFunction p50 under 2 ms.
// Every loop stops at a count or a time budget, whichever comes first.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median, percentile } from './report.mjs';
import { startTrivialServer } from './trivialServer.mjs';
import { startServe } from './serve.mjs';
import { children, cleanupNow, removeFolder, stop, tempFolder } from './owned.mjs';
import { freePort } from '../test/harness/code-server.mjs';

const root = join(import.meta.dirname, '..');
const FUNCTIONS = 1_000;
const CREATE_CONCURRENCY = 16;
const GET_CONCURRENCY = 8;
const REGION = 'us-east-1';
const MOTO_ACCOUNT = '123456789012';
const TARGET_RATIO = 5;
const TARGET_GET_P50_MS = 2;
const MOTO_GET_P50_PUBLISHED_MS = 9.3; // SDK GetFunction against moto_server, shared/notes/perf-anchors.md
const ZIP = zipOf({
  'index.js': "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n",
});

// ---- helpers ----
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU time (user + system, all threads) a process has used, in ms; undefined where /proc is missing. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function selfCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `fn(i)` for i = 0..count-1 with at most `concurrency` in flight; stops early past `deadline`. */
async function pool(count, concurrency, deadline, fn) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      await fn(i);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

function onPath(command) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir && existsSync(join(dir, command)));
}

/** A plain HTTP request to 127.0.0.1 (for moto's own API and the signed IAM call). */
function rawRequest(port, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, timeout: 5_000 },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function clientFor(endpoint, credentials) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const client = new LambdaClient({
    endpoint,
    region: REGION,
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  return {
    client,
    close: () => {
      client.destroy();
      agent.destroy();
    },
  };
}

const nameOf = (i) => `bench-fn-${String(i).padStart(4, '0')}`;

// ---- the two servers ----

async function startMoto() {
  const port = await freePort();
  // moto logs every request on stderr: to a file, so that reading it costs this process nothing.
  const folder = tempFolder('ll-bench-moto-');
  const logFile = join(folder, 'moto.log');
  const logFd = openSync(logFile, 'w');
  let child;
  try {
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', logFd, logFd],
      detached: true,
    });
  } finally {
    closeSync(logFd);
  }
  children.add(child);
  const lastLog = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-1_000);
    } catch {
      return '';
    }
  };
  let failed;
  child.once('error', (error) => {
    failed = error;
  });
  child.once('exit', (code) => {
    failed ??= new Error(`moto_server exited with ${code}: ${lastLog()}`);
  });
  const close = async () => {
    await stop(child);
    removeFolder(folder);
  };
  try {
    const deadline = performance.now() + 20_000;
    for (;;) {
      if (failed) throw failed;
      if (performance.now() > deadline)
        throw new Error('moto_server did not answer /moto-api/config within 20 s');
      const ok = await rawRequest(port, { path: '/moto-api/config' }).then(
        (r) => r.status >= 200 && r.status < 300,
        () => false,
      ); // moto 5 answers 201
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const role = await createMotoRole(port, credentials);
    return { url: `http://127.0.0.1:${port}`, credentials, role, pid: child.pid, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** IAM CreateRole (query protocol), signed like the SDK would: moto's CreateFunction needs the role. */
async function createMotoRole(port, credentials) {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: 'lambda-lens-bench',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    }),
  }).toString();
  const signer = new SignatureV4({
    credentials,
    region: REGION,
    service: 'iam',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    }),
  );
  const res = await rawRequest(port, { method: 'POST', path: '/', headers: signed.headers, body });
  if (res.status !== 200)
    throw new Error(`moto IAM CreateRole answered ${res.status}: ${res.body.slice(0, 300)}`);
  return `arn:aws:iam::${MOTO_ACCOUNT}:role/lambda-lens-bench`;
}

// ---- the measurements: every target in turn, round after round, so that load falls on all alike ----
const ROUNDS = 4;
const LIST_BLOCK_MS = 1_250;
const GET_BLOCK_MS = 1_000;
const CREATE_BUDGET_MS = 35_000;

async function createFunctions(client, role) {
  const created = await pool(
    FUNCTIONS,
    CREATE_CONCURRENCY,
    performance.now() + CREATE_BUDGET_MS,
    (i) =>
      client.send(
        new CreateFunctionCommand({
          FunctionName: nameOf(i),
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: { ZipFile: ZIP },
          ...(role ? { Role: role } : {}),
        }),
      ),
  );
  if (created < FUNCTIONS)
    throw new Error(
      `created only ${created} of ${FUNCTIONS} functions within ${CREATE_BUDGET_MS / 1000} s`,
    );
}

/** Every page of ListFunctions, each call timed into `calls`; returns how many functions it listed. */
async function listAll(client, calls) {
  let marker;
  let seen = 0;
  for (let page = 0; page < 100; page++) {
    const start = performance.now();
    const out = await client.send(
      new ListFunctionsCommand({ MaxItems: 50, ...(marker ? { Marker: marker } : {}) }),
    );
    calls.push(performance.now() - start);
    seen += out.Functions?.length ?? 0;
    marker = out.NextMarker;
    if (!marker) break;
  }
  return seen;
}

const randomGet = (client) =>
  client.send(
    new GetFunctionCommand({ FunctionName: nameOf(Math.floor(Math.random() * FUNCTIONS)) }),
  );

function newStats() {
  const tally = () => ({ count: 0, ms: 0, serverCpuMs: 0, clientCpuMs: 0 });
  return {
    listCalls: [],
    listings: [],
    listMs: 0,
    sdkGets: tally(),
    rawGets: tally(),
    getLatencies: [],
  };
}

/** One block of full ListFunctions pagings (at most 10, within LIST_BLOCK_MS). */
async function listBlock(target) {
  const began = performance.now();
  for (let n = 0; n < 10 && performance.now() - began < LIST_BLOCK_MS; n++) {
    const start = performance.now();
    await listAll(target.client, target.stats.listCalls);
    target.stats.listings.push(performance.now() - start);
  }
  target.stats.listMs += performance.now() - began;
}

/** One block of `send(i)`, GET_CONCURRENCY in flight, counted with the time and CPU it took into `tally`. */
async function throughputBlock(target, tally, send) {
  const serverCpu = processCpuMs(target.server.pid);
  const clientCpu = selfCpuMs();
  const began = performance.now();
  tally.count += await pool(20_000, GET_CONCURRENCY, began + GET_BLOCK_MS, send);
  tally.ms += performance.now() - began;
  tally.clientCpuMs += selfCpuMs() - clientCpu;
  tally.serverCpuMs += (processCpuMs(target.server.pid) ?? NaN) - (serverCpu ?? NaN);
}

/** Random GetFunctions through the SDK. */
const sdkGetThroughputBlock = (target) =>
  throughputBlock(target, target.stats.sdkGets, () => randomGet(target.client));

// The SDK client in this process spends 3-4x the local server's CPU per GetFunction, so with it
// the figure is the client's more than the server's. A lighter load: GetFunction requests signed
// once and replayed over keep-alive connections (valid for the signature's 15 minutes, as on AWS),
// the same for both servers.
const PRESIGNED = 64;

async function presignGets(target) {
  const url = new URL(target.server.url);
  const signer = new SignatureV4({
    credentials: target.server.credentials,
    region: REGION,
    service: 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  target.presigned = await Promise.all(
    Array.from({ length: PRESIGNED }, async (_, i) => {
      const path = `/2015-03-31/functions/${nameOf((i * 997) % FUNCTIONS)}`;
      const signed = await signer.sign(
        new HttpRequest({
          method: 'GET',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path,
          headers: { host: url.host },
        }),
      );
      return { path, headers: signed.headers };
    }),
  );
  target.port = Number(url.port);
  target.rawAgent = new Agent({ keepAlive: true, maxSockets: 32 });
}

function replay(target, { path, headers }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: target.port, path, headers, agent: target.rawAgent },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(
                new Error(`${target.name} answered ${res.statusCode} to a pre-signed GetFunction`),
              ),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Pre-signed GetFunctions replayed. */
const rawGetThroughputBlock = (target) =>
  throughputBlock(target, target.stats.rawGets, (i) =>
    replay(target, target.presigned[i % PRESIGNED]),
  );

/** One block of random GetFunctions, one at a time, each timed. */
async function getLatencyBlock(target) {
  await pool(1_000, 1, performance.now() + GET_BLOCK_MS, async () => {
    const start = performance.now();
    await randomGet(target.client);
    target.stats.getLatencies.push(performance.now() - start);
  });
}

const verbose = process.env.BENCH_VERBOSE === '1';
const phase = (what, since) => {
  if (verbose) process.stderr.write(`  [${what}: ${Math.round(performance.now() - since)} ms]\n`);
};

function attach(name, server) {
  const { client, close } = clientFor(server.url, server.credentials);
  return {
    name,
    server,
    client,
    stats: newStats(),
    async close() {
      close();
      this.rawAgent?.destroy();
      await server.close();
    },
  };
}

async function main() {
  // The SDK warns on stderr that its 2027 releases need Node 22; not a figure of ours.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadBefore = loadavg()[0];
  if (!existsSync(join(root, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run package` (or `npm run bench`) first');
  const targets = [];
  let local;
  let moto;
  let floor;
  let motoNote;
  try {
    local = attach('local', {
      ...(await startServe('ll-bench-endpoint-')),
      role: undefined /* the local endpoint needs none */,
    });
    targets.push(local);
    let t = performance.now();
    await createFunctions(local.client);
    phase(`create ${FUNCTIONS} (local)`, t);

    if (!onPath('moto_server')) {
      motoNote = '# moto_server not found: local figures against the targets only';
    } else {
      try {
        t = performance.now();
        moto = attach('moto_server', await startMoto());
        targets.push(moto);
        await createFunctions(moto.client, moto.server.role);
        phase(`start moto_server and create ${FUNCTIONS}`, t);
      } catch (error) {
        motoNote = `# moto_server failed (${String(error.message).split('\n')[0]}): local figures against the targets only`;
        if (moto) {
          targets.splice(targets.indexOf(moto), 1);
          await moto.close();
          moto = undefined;
        }
      }
    }
    floor = attach('trivial server', await startTrivialServer('{}'));
    targets.push(floor);

    // Warm-up, and a check that each lists everything.
    for (const target of [local, moto].filter(Boolean)) {
      const listed = await listAll(target.client, []);
      if (listed !== FUNCTIONS)
        throw new Error(`${target.name} listed ${listed} functions, not ${FUNCTIONS}`);
    }
    for (const target of targets)
      await pool(50, 1, performance.now() + 5_000, () => randomGet(target.client));

    t = performance.now();
    for (let round = 0; round < ROUNDS; round++)
      for (const target of [local, moto].filter(Boolean)) await listBlock(target);
    phase('ListFunctions', t);
    t = performance.now();
    for (let round = 0; round < ROUNDS; round++)
      for (const target of [local, moto].filter(Boolean)) await sdkGetThroughputBlock(target);
    phase('GetFunction throughput', t);
    t = performance.now();
    for (const target of [local, moto].filter(Boolean)) {
      await presignGets(target);
      await pool(100, GET_CONCURRENCY, performance.now() + 5_000, (i) =>
        replay(target, target.presigned[i % PRESIGNED]),
      );
    }
    for (let round = 0; round < ROUNDS; round++)
      for (const target of [local, moto].filter(Boolean)) await rawGetThroughputBlock(target);
    phase('GetFunction throughput, pre-signed', t);
    t = performance.now();
    for (let round = 0; round < ROUNDS; round++)
      for (const target of targets) await getLatencyBlock(target);
    phase('GetFunction latency', t);
  } finally {
    for (const target of targets) await target.close();
  }

  const perSecond = (tally) => tally.count / (tally.ms / 1000);
  const summary = (target) =>
    target && {
      listPerSecond: target.stats.listCalls.length / (target.stats.listMs / 1000),
      listP50: median(target.stats.listCalls),
      pages: target.stats.listCalls.length / target.stats.listings.length,
      listingMs: median(target.stats.listings),
      getPerSecond: perSecond(target.stats.sdkGets),
      getP50: median(target.stats.getLatencies),
      getP99: percentile(target.stats.getLatencies, 99),
      serverCpuPerGet: target.stats.sdkGets.serverCpuMs / target.stats.sdkGets.count,
      clientCpuPerGet: target.stats.sdkGets.clientCpuMs / target.stats.sdkGets.count,
      rawGetPerSecond: perSecond(target.stats.rawGets),
      rawServerCpuPerGet: target.stats.rawGets.serverCpuMs / target.stats.rawGets.count,
      rawClientCpuPerGet: target.stats.rawGets.clientCpuMs / target.stats.rawGets.count,
    };
  const ours = summary(local);
  const theirs = summary(moto);
  const load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores`;
  process.stdout.write(
    theirs
      ? `# ${FUNCTIONS.toLocaleString('en-US')} functions each; ours pages by 50 as AWS does, moto_server ignores MaxItems and answers all ${FUNCTIONS.toLocaleString('en-US')} in one page, so its ListFunctions figures are per whole call; measured in ${ROUNDS} alternating rounds; targets: ${TARGET_RATIO}x moto_server's throughput, GetFunction p50 < ${TARGET_GET_P50_MS} ms; ${load}\n`
      : `${motoNote}; ${load}\n`,
  );
  const versus = (label, value, unit) =>
    theirs
      ? { label: `moto_server ${label}`, value, unit }
      : { label: 'moto_server (not measured)', value: 'n/a' };
  figure(
    'ListFunctions throughput (local, 50 per page)',
    ours.listPerSecond,
    'req/s',
    versus('(1 page of 1,000)', theirs?.listPerSecond, 'req/s'),
  );
  figure(
    'ListFunctions p50 (local, 50 per page)',
    ours.listP50,
    'ms',
    versus('(1 page of 1,000)', theirs?.listP50, 'ms'),
  );
  figure(
    `ListFunctions full listing of ${FUNCTIONS.toLocaleString('en-US')} (local, ${Math.round(ours.pages)} pages)`,
    ours.listingMs,
    'ms',
    versus('(1 call)', theirs?.listingMs, 'ms'),
  );
  figure(
    `GetFunction throughput (local, ${GET_CONCURRENCY} in flight)`,
    ours.getPerSecond,
    'req/s',
    versus(`${GET_CONCURRENCY} in flight`, theirs?.getPerSecond, 'req/s'),
  );
  figure(
    `GetFunction throughput, pre-signed requests replayed (local, ${GET_CONCURRENCY} in flight)`,
    ours.rawGetPerSecond,
    'req/s',
    versus(`${GET_CONCURRENCY} in flight, the same load`, theirs?.rawGetPerSecond, 'req/s'),
  );
  figure(
    'GetFunction server CPU per pre-signed request (local)',
    ours.rawServerCpuPerGet,
    'ms',
    Number.isFinite(theirs?.rawServerCpuPerGet)
      ? { label: 'moto_server', value: theirs.rawServerCpuPerGet, unit: 'ms' }
      : undefined,
  );
  figure(
    'GetFunction load generator CPU per pre-signed request (bench process)',
    ours.rawClientCpuPerGet,
    'ms',
    { label: 'local server', value: ours.rawServerCpuPerGet, unit: 'ms' },
  );
  figure('GetFunction p50', ours.getP50, 'ms', {
    label: 'target',
    value: TARGET_GET_P50_MS,
    unit: 'ms',
  });
  figure(
    'GetFunction p50 vs moto_server',
    ours.getP50,
    'ms',
    theirs
      ? { label: 'moto_server', value: theirs.getP50, unit: 'ms' }
      : {
          label: 'moto_server (shared/notes/perf-anchors.md, not measured)',
          value: MOTO_GET_P50_PUBLISHED_MS,
          unit: 'ms',
        },
  );
  figure('GetFunction p50 vs SDK floor', ours.getP50, 'ms', {
    label: 'SDK GetFunction against a trivial server process',
    value: summary(floor).getP50,
    unit: 'ms',
  });
  figure(
    'GetFunction p99',
    ours.getP99,
    'ms',
    theirs ? { label: 'moto_server', value: theirs.getP99, unit: 'ms' } : undefined,
  );
  // Where the throughput runs out: the server's CPU per request against the SDK's in this process.
  if (Number.isFinite(ours.serverCpuPerGet)) {
    figure(
      'GetFunction server CPU per request (local)',
      ours.serverCpuPerGet,
      'ms',
      Number.isFinite(theirs?.serverCpuPerGet)
        ? { label: 'moto_server', value: theirs.serverCpuPerGet, unit: 'ms' }
        : undefined,
    );
    figure('GetFunction SDK client CPU per request (bench process)', ours.clientCpuPerGet, 'ms', {
      label: 'local server',
      value: ours.serverCpuPerGet,
      unit: 'ms',
    });
  }
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`endpoint.bench failed: ${error?.stack ?? error}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
