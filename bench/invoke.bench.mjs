// Cold and warm invokes of one hello-world Node.js handler on the local endpoint (`serve` as its
// own process, driven by the AWS SDK v3 from this process), against what the same handler costs
// elsewhere on this machine, measured in the same run and interleaved round by round so that the
// machine's noise falls on all of them alike:
//   the floor:    a bare `node -e "require('<dir>/index.js')"` process, wall time;
//   lambda-local: the npm package running the handler through its cli.js with node, wall time;
//   cold invoke:  Invoke's SDK round trip right after UpdateFunctionConfiguration (a changed
//                 environment variable retires the warm environment), plus its REPORT line's
//                 Init Duration;
//   warm invoke:  sequential Invokes of the warm environment, p50 and p99.
// Targets: cold <= 1.5x the bare node process and faster than lambda-local; warm p50 <= 3 ms.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { zipOf } from '../test/integration/endpoint.ts';
import { figure, median, percentile } from './report.mjs';
import { startTrivialServer } from './trivialServer.mjs';
import { startServe } from './serve.mjs';
import {
  children,
  cleanupNow,
  descendants,
  killTree,
  removeFolder,
  tempFolder,
  withTimeout,
} from './owned.mjs';

const root = join(import.meta.dirname, '..');
const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n";
const EXPECTED = { statusCode: 200, body: 'hello' };
const SAMPLES = 7;
// Steady state, as a long-running endpoint serves: both servers get the same warm-up, so V8 has
// optimised their request paths (20 invokes leave most of it interpreted). The first warm invokes
// after the cold start are printed too, as their own figure.
const WARM_UP_INVOKES = Number(process.env.BENCH_WARM_UP_INVOKES ?? 1000);
const FIRST_WARM_INVOKES = 20;
const WARM_INVOKES = 300;
const WARM_ROUNDS = 6; // warm invokes alternate with the SDK floor in blocks of WARM_INVOKES / WARM_ROUNDS
const WARM_BUDGET_MS = 30_000;
const ROUNDS_BUDGET_MS = 45_000;
const PROCESS_TIMEOUT_MS = 15_000;
const SETTLE_MS = 150; // after a retirement, let the killed environment's exit finish before timing
const LAMBDA_LOCAL_PUBLISHED_MS = 275; // shared/notes/perf-anchors.md, when it cannot be measured here
const TARGET_COLD_VS_NODE = 1.5;
// The endpoint starts a function's process with Lambda's environment variables only, so the
// anchors run without the variables that change every Node start: NODE_EXTRA_CA_CERTS (set on
// these machines) parses a CA bundle at each start, NODE_OPTIONS could load anything.
const ANCHOR_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS'),
);
const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const TARGET_WARM_P50_MS = 3;

/** Wall time of a process from spawn to exit; it must exit 0 within PROCESS_TIMEOUT_MS. */
async function timeProcess(command, args, options = {}) {
  const start = performance.now();
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    ...options,
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-1_000);
  });
  try {
    const code = await withTimeout(
      new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (c, signal) => resolve(signal ?? c));
      }),
      PROCESS_TIMEOUT_MS,
      `${args.join(' ')}`,
    );
    const elapsed = performance.now() - start;
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
    return elapsed;
  } finally {
    killTree(child, 'SIGKILL');
    children.delete(child);
  }
}

function lambdaLocalCli() {
  const manifest = join(root, 'node_modules', 'lambda-local', 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const relative = typeof bin === 'string' ? bin : bin?.['lambda-local'];
  const cli = relative && join(root, 'node_modules', 'lambda-local', relative);
  return cli && existsSync(cli) ? cli : undefined;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU time (user + system, all threads) of processes, in ms; NaN where /proc is missing. */
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

const decoder = new TextDecoder();

function checkResult(out) {
  if (out.StatusCode !== 200 || out.FunctionError)
    throw new Error(`Invoke failed: ${out.FunctionError} ${decoder.decode(out.Payload)}`);
  const payload = JSON.parse(decoder.decode(out.Payload));
  if (payload.statusCode !== EXPECTED.statusCode || payload.body !== EXPECTED.body)
    throw new Error(`unexpected payload ${JSON.stringify(payload)}`);
}

function initDurationOf(out) {
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
  if (process.env.BENCH_VERBOSE === '1')
    process.stderr.write(`  [${log.trim().split('\n').at(-1)}]\n`);
  const match = /Init Duration: ([\d.]+) ms/.exec(log);
  if (!match) throw new Error(`no Init Duration in the cold invoke's REPORT line:\n${log}`);
  return Number(match[1]);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // a stderr notice about 2027 SDKs
  const loadBefore = loadavg()[0];
  if (!existsSync(join(root, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run package` (or `npm run bench`) first');
  const codeDir = tempFolder('ll-bench-invoke-code-');
  writeFileSync(join(codeDir, 'index.js'), HANDLER);
  writeFileSync(join(codeDir, 'event.json'), '{}\n');
  const lambdaLocal = lambdaLocalCli();

  const serve = await startServe('ll-bench-invoke-home-');
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const lambda = new LambdaClient({
    endpoint: serve.url,
    region: 'us-east-1',
    credentials: serve.credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  let trivial;
  let floorClient;
  const floor = [];
  const cpu = { serve: 0, function: 0, client: 0, invokes: 0 };
  const bare = [];
  const bareWithCa = [];
  const viaLambdaLocal = [];
  const cold = [];
  const init = [];
  const warm = [];
  const firstWarm = [];
  const firstFloor = [];
  try {
    const FunctionName = 'bench-hello';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      }),
    );

    const coldInvoke = async (round) => {
      await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName,
          Environment: { Variables: { BENCH_ROUND: String(round) } },
        }),
      );
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const start = performance.now();
      const out = await lambda.send(
        new InvokeCommand({ FunctionName, Payload: '{}', LogType: 'Tail' }),
      );
      const elapsed = performance.now() - start;
      checkResult(out);
      return { elapsed, initMs: initDurationOf(out) };
    };

    // Round 0 warms disk caches and unzips the code once (as after any deploy); it is not counted.
    const roundsStart = performance.now();
    for (
      let round = 0;
      round <= SAMPLES && performance.now() - roundsStart < ROUNDS_BUDGET_MS;
      round++
    ) {
      const requireHandler = ['-e', `require(${JSON.stringify(join(codeDir, 'index.js'))})`];
      const b = await timeProcess(process.execPath, requireHandler, {
        cwd: codeDir,
        env: ANCHOR_ENV,
      });
      const ca = EXTRA_CA_CERTS
        ? await timeProcess(process.execPath, requireHandler, { cwd: codeDir })
        : undefined;
      const l = lambdaLocal
        ? await timeProcess(
            process.execPath,
            [lambdaLocal, '-l', 'index.js', '-h', 'handler', '-e', 'event.json', '-t', '3'],
            { cwd: codeDir, env: ANCHOR_ENV },
          )
        : undefined;
      const c = await coldInvoke(round);
      if (round === 0) continue;
      bare.push(b);
      if (ca !== undefined) bareWithCa.push(ca);
      if (l !== undefined) viaLambdaLocal.push(l);
      cold.push(c.elapsed);
      init.push(c.initMs);
    }
    if (cold.length < 3)
      throw new Error(`only ${cold.length} cold samples within ${ROUNDS_BUDGET_MS} ms`);

    trivial = await startTrivialServer('{"statusCode":200,"body":"hello"}', ANCHOR_ENV);
    floorClient = new LambdaClient({
      endpoint: trivial.url,
      region: 'us-east-1',
      credentials: trivial.credentials,
      maxAttempts: 1,
      requestHandler: { httpAgent: agent },
    });
    const invokeOnce = async (client, into) => {
      const start = performance.now();
      const out = await client.send(new InvokeCommand({ FunctionName, Payload: '{}' }));
      into.push(performance.now() - start);
      checkResult(out);
    };
    for (let i = 0; i < WARM_UP_INVOKES; i++) {
      await invokeOnce(lambda, i < FIRST_WARM_INVOKES ? firstWarm : []);
      await invokeOnce(floorClient, i < FIRST_WARM_INVOKES ? firstFloor : []);
    }
    const environments = descendants(serve.pid); // the warm environment's process (tree)
    const warmStart = performance.now();
    const block = Math.ceil(WARM_INVOKES / WARM_ROUNDS);
    for (
      let round = 0;
      round < WARM_ROUNDS && performance.now() - warmStart < WARM_BUDGET_MS;
      round++
    ) {
      const before = {
        serve: cpuMs([serve.pid]),
        function: cpuMs(environments),
        client: selfCpuMs(),
        count: warm.length,
      };
      for (let i = 0; i < block && performance.now() - warmStart < WARM_BUDGET_MS; i++)
        await invokeOnce(lambda, warm);
      cpu.serve += cpuMs([serve.pid]) - before.serve;
      cpu.function += cpuMs(environments) - before.function;
      cpu.client += selfCpuMs() - before.client;
      cpu.invokes += warm.length - before.count;
      for (let i = 0; i < block && performance.now() - warmStart < WARM_BUDGET_MS; i++)
        await invokeOnce(floorClient, floor);
    }
  } finally {
    lambda.destroy();
    floorClient?.destroy();
    agent.destroy();
    await trivial?.close();
    await serve.close();
    removeFolder(codeDir);
  }
  const floorMs = median(floor);

  const bareMs = median(bare);
  const coldMs = median(cold);
  process.stdout.write(
    `# medians of ${cold.length} interleaved rounds (anchors without NODE_EXTRA_CA_CERTS/NODE_OPTIONS, as the endpoint's environments); warm: ${warm.length} sequential invokes after ${WARM_UP_INVOKES} warm-up, alternating with the SDK floor; targets: cold <= ${TARGET_COLD_VS_NODE}x bare node, cold < lambda-local, warm p50 <= ${TARGET_WARM_P50_MS} ms; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores\n`,
  );
  if (!lambdaLocal)
    process.stdout.write(
      `# lambda-local is not installed (npm install --save-dev lambda-local@2): its anchor is the ${LAMBDA_LOCAL_PUBLISHED_MS} ms of shared/notes/perf-anchors.md, not measured here\n`,
    );
  figure('cold invoke (SDK round trip)', coldMs, 'ms', {
    label: 'bare node process',
    value: bareMs,
  });
  figure(
    'cold invoke vs lambda-local',
    coldMs,
    'ms',
    lambdaLocal
      ? { label: 'lambda-local', value: median(viaLambdaLocal) }
      : { label: 'lambda-local (published, not measured)', value: LAMBDA_LOCAL_PUBLISHED_MS },
  );
  figure('Init Duration (REPORT)', median(init), 'ms', {
    label: 'bare node process',
    value: bareMs,
  });
  figure('warm invoke p50', median(warm), 'ms', { label: 'target', value: TARGET_WARM_P50_MS });
  figure('warm invoke p99', percentile(warm, 99), 'ms', { label: 'cold invoke', value: coldMs });
  figure('warm invoke p50 vs SDK floor', median(warm), 'ms', {
    label: 'SDK Invoke against a trivial server process',
    value: floorMs,
  });
  figure(
    `first ${FIRST_WARM_INVOKES} warm invokes after the cold start, p50`,
    median(firstWarm),
    'ms',
    { label: 'SDK floor, its first invokes', value: median(firstFloor) },
  );
  if (Number.isFinite(cpu.serve) && Number.isFinite(cpu.function) && cpu.invokes) {
    // Where a warm invoke's time goes: CPU per invoke in each of the three processes.
    figure('warm invoke CPU in serve', cpu.serve / cpu.invokes, 'ms', {
      label: 'SDK client in the bench process',
      value: cpu.client / cpu.invokes,
    });
    figure('warm invoke CPU in the function process', cpu.function / cpu.invokes, 'ms', {
      label: 'SDK client in the bench process',
      value: cpu.client / cpu.invokes,
    });
  }
  if (bareWithCa.length)
    figure(
      'bare node process with NODE_EXTRA_CA_CERTS (as set here; the endpoint does not pass it)',
      median(bareWithCa),
      'ms',
      { label: 'bare node process', value: bareMs },
    );
}

main().then(
  () => {
    cleanupNow();
  },
  (error) => {
    process.stderr.write(`invoke.bench failed: ${error?.stack ?? error}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
