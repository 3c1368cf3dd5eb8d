// The Functions explorer with 1,000 and 10,000 functions on the local endpoint: time until the
// first page is in the tree and until the whole list is (measured inside the real extension host),
// beside the SDK's bare ListFunctions paginator (the floor) and `aws lambda list-functions`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateFunctionCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { startServeProcess } from '../test/integration/endpoint.ts';
import { buildExtensionHostBenchmarks } from '../test/build-tests.mjs';
import { figure, median } from './report.mjs';

const root = resolve(import.meta.dirname, '..');
const SIZES = [
  ['us-east-1', 1000],
  ['us-west-2', 10_000],
];
const RUNS = 5;

async function createFunctions(lambdaFor, region, count) {
  const lambda = lambdaFor(region);
  const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: `fn-${String(i).padStart(5, '0')}`,
          Role: 'arn:aws:iam::123456789012:role/x',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: { ZipFile: zip },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  lambda.destroy();
}

async function paginatorFloor(lambdaFor, region) {
  const firsts = [];
  const alls = [];
  for (let run = 0; run < RUNS; run++) {
    const client = lambdaFor(region);
    const started = performance.now();
    let count = 0;
    for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
      if (count === 0) firsts.push(performance.now() - started);
      count += page.Functions?.length ?? 0;
    }
    alls.push(performance.now() - started);
    client.destroy();
  }
  return { first: median(firsts), all: median(alls) };
}

function awsCli(serve, region, args) {
  const started = performance.now();
  const result = spawnSync(
    'aws',
    [
      '--endpoint-url',
      serve.url,
      '--region',
      region,
      'lambda',
      'list-functions',
      '--output',
      'json',
      ...args,
    ],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: serve.accessKeyId,
        AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return performance.now() - started;
}

function hasAwsCli() {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function inTree(home) {
  await buildExtensionHostBenchmarks();
  const child = spawn(
    process.execPath,
    [
      join(root, 'test/harness/code-server-as-electron.mjs'),
      `--extensionDevelopmentPath=${root}`,
      `--extensionTestsPath=${join(root, 'out/bench/vscode/explorer.js')}`,
    ],
    {
      env: {
        ...process.env,
        LAMBDA_LENS_HOME: home,
        BENCH_EXPLORER_RUNS: String(RUNS),
        BENCH_EXPLORER_REGIONS: SIZES.map(([r, n]) => `${r}=${n}`).join(','),
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`the extension-host benchmark failed (${code}):\n${out}`);
  const results = {};
  for (const m of out.matchAll(
    /^BENCH (\S+) first=([\d.]+) all=([\d.]+) firstCount=(\d+) allCount=(\d+)$/gm,
  )) {
    (results[m[1]] ??= { tree: [], floor: [] }).tree.push({
      first: Number(m[2]),
      all: Number(m[3]),
      allCount: Number(m[5]),
    });
  }
  for (const m of out.matchAll(/^HEAP (\S+) bytes=(-?\d+) functions=(\d+) items=(\d+)$/gm)) {
    (results[m[1]] ??= { tree: [], floor: [] }).heap = {
      bytes: Number(m[2]),
      functions: Number(m[3]),
      items: Number(m[4]),
    };
  }
  for (const m of out.matchAll(/^FLOOR (\S+) first=([\d.]+) all=([\d.]+) count=(\d+)$/gm)) {
    (results[m[1]] ??= { tree: [], floor: [] }).floor.push({
      first: Number(m[2]),
      all: Number(m[3]),
    });
  }
  return results;
}

const home = mkdtempSync(join(tmpdir(), 'll-bench-explorer-'));
const serve = await startServeProcess(home);
try {
  const lambdaFor = (region) =>
    new LambdaClient({ endpoint: serve.url, region, credentials: serve, maxAttempts: 1 });
  for (const [region, count] of SIZES) await createFunctions(lambdaFor, region, count);
  const floors = {};
  for (const [region] of SIZES) floors[region] = await paginatorFloor(lambdaFor, region);
  const tree = await inTree(home);
  const cli = hasAwsCli();
  for (const [region, count] of SIZES) {
    const runs = tree[region]?.tree ?? [];
    const hostFloor = tree[region]?.floor ?? [];
    if (!runs.length || runs.some((r) => r.allCount < count))
      throw new Error(`the tree did not list all ${count} functions of ${region}`);
    const n = count.toLocaleString('en-US');
    // The anchor that decides: the bare paginator in the same extension host (same Node, same SDK).
    figure(
      `explorer, ${n} functions: first page in the tree`,
      median(runs.map((r) => r.first)),
      'ms',
      {
        label: 'SDK paginator first page, same extension host',
        value: median(hostFloor.map((r) => r.first)),
      },
    );
    figure(
      `explorer, ${n} functions: whole list in the tree`,
      median(runs.map((r) => r.all)),
      'ms',
      {
        label: 'SDK paginator whole list, same extension host',
        value: median(hostFloor.map((r) => r.all)),
      },
    );
    figure(
      `explorer, ${n} functions: whole list in the tree vs a plain Node 20 process`,
      median(runs.map((r) => r.all)),
      'ms',
      { label: 'SDK paginator whole list, node process', value: floors[region].all },
    );
    if (cli) {
      figure(
        `explorer, ${n} functions: first page in the tree vs the AWS CLI`,
        median(runs.map((r) => r.first)),
        'ms',
        {
          label: 'aws lambda list-functions --max-items 50',
          value: awsCli(serve, region, ['--max-items', '50']),
        },
      );
      figure(
        `explorer, ${n} functions: whole list in the tree vs the AWS CLI`,
        median(runs.map((r) => r.all)),
        'ms',
        { label: 'aws lambda list-functions', value: awsCli(serve, region, []) },
      );
    }
    if (count === 10_000) {
      const heap = tree[region].heap;
      if (!heap || heap.functions < count)
        throw new Error('the memory run did not hold the whole list');
      figure(
        `explorer, ${n} functions: heap held by the listing and its ${heap.items.toLocaleString('en-US')} tree items`,
        heap.bytes / (1024 * 1024),
        'MB',
        { label: 'target', value: 50 },
      );
    }
  }
  if (!cli) process.stdout.write('# aws CLI not found: its anchor lines are left out\n');
} finally {
  serve.child.kill('SIGTERM');
  await new Promise((r) => serve.child.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
