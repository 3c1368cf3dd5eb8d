// `lambda-lens estimate` and `lambda-lens report` from the built CLI, against the real local
// endpoint (found through --home, and as a plain --endpoint with keys in the environment).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, filterEvents, invoke, waitFor } from './invokeKit';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
let t: TestEndpoint;
let scratch: string;
before(async () => {
  t = await startTestEndpoint();
  scratch = mkdtempSync(join(tmpdir(), 'll-estimate-'));
  await createFunction(
    t,
    'priced',
    { 'index.js': "exports.handler = async () => 'ok';\n" },
    { memorySize: 512, timeout: 30 },
  );
  for (let i = 0; i < 4; i++) await invoke(t, 'priced');
  await waitFor('4 reports', async () =>
    (await filterEvents(t, 'priced', '"REPORT RequestId"')).length === 4 ? true : undefined,
  );
});
after(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the CLI as a child without blocking this process, whose endpoint the child talks to. */
function cli(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    timeout: 30_000,
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface EstimateJson {
  fetched: { events: number; capped: boolean };
  facts: { memoryMB: number; timeoutSeconds: number };
  observed: { invocations: number; coldStarts: number; initDuration: { count: number } };
  estimate: {
    coldStart: { source: string; observedColdStarts: number };
    costInput: { requestsPerMonth: number; memoryMB: number };
    cost: { totalUsd: number };
    headline: string;
    timeout: { timeoutSeconds: number };
  };
}

test('estimate <function> --json over the local endpoint found through --home', async () => {
  const out = await cli([
    'estimate',
    'priced',
    '--home',
    t.home,
    '--window',
    '1h',
    '--requests-per-month',
    '5000000',
    '--server-price',
    '30',
    '--json',
  ]);
  assert.equal(out.code, 0, out.stderr);
  const json = JSON.parse(out.stdout) as EstimateJson;
  assert.deepEqual([json.fetched.events, json.fetched.capped], [4, false]);
  assert.deepEqual(
    [json.observed.invocations, json.observed.coldStarts, json.observed.initDuration.count],
    [4, 1, 1],
  );
  assert.deepEqual([json.facts.memoryMB, json.facts.timeoutSeconds], [512, 30]);
  assert.equal(json.estimate.costInput.requestsPerMonth, 5e6);
  assert.deepEqual(
    [json.estimate.coldStart.source, json.estimate.coldStart.observedColdStarts],
    ['blend', 1],
  );
  assert.ok(json.estimate.cost.totalUsd > 0);
  assert.match(
    json.estimate.headline,
    /^≈ \$\d+\.\d\d per 1M · cold p50 \d+ ms \(1 observed \+ estimate\)$/,
  );
});

test('estimate as text over --endpoint with keys from the environment; the cap is reported', async () => {
  const env = {
    AWS_ACCESS_KEY_ID: t.endpoint.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.endpoint.credentials.secretAccessKey,
  };
  const out = await cli(
    ['estimate', 'priced', '--endpoint', t.endpoint.url, '--region', 'us-east-1', '--cap', '2'],
    { env },
  );
  assert.equal(out.code, 0, out.stderr);
  assert.match(
    out.stdout,
    /^priced {2}nodejs20\.x {2}512 MB {2}x86_64 {2}\(last 24 hours: 2 REPORT events, capped at 2: raise --cap for all\)/,
  );
  assert.match(out.stdout, /Monthly cost {3}\$/);
  assert.match(out.stdout, /Timeout {8}30 s = 3\.3 % of Lambda's 900 s/);
});

test('estimate: a missing function, bad flags and a what-if with no function', async () => {
  const missing = await cli(['estimate', 'nope', '--home', t.home]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no function "nope"/);
  assert.equal(
    (await cli(['estimate', 'priced', '--window', 'fortnight', '--home', t.home])).code,
    2,
  );
  assert.match(
    (await cli(['estimate', '--duration-ms', 'abc'])).stderr,
    /--duration-ms must be a number/,
  );
  const whatIf = await cli([
    'estimate',
    '--duration-ms',
    '120',
    '--memory',
    '1536',
    '--arch',
    'arm64',
    '--requests',
    '3000000',
    '--no-free-tier',
    '--json',
  ]);
  assert.equal(whatIf.code, 0, whatIf.stderr);
  const lines = (
    JSON.parse(whatIf.stdout) as { estimate: { cost: { lines: { item: string; usd: number }[] } } }
  ).estimate.cost.lines;
  // AWS's mobile backend example: $7.20 duration + $0.60 requests (INIT of the assumed 1 % cold starts besides).
  assert.equal(Math.round(lines.find((l) => l.item === 'duration')!.usd * 100) / 100, 7.2);
  assert.equal(Math.round(lines.find((l) => l.item === 'requests')!.usd * 100) / 100, 0.6);
});

test('report reads a file and stdin; malformed lines are counted', async () => {
  const events = await filterEvents(t, 'priced');
  const file = join(scratch, 'priced.log');
  writeFileSync(
    file,
    `${events.map((e) => e.message).join('\n')}\nREPORT RequestId: x\tDuration: nope ms\n`,
  );
  const out = await cli(['report', file, '--json']);
  assert.equal(out.code, 0, out.stderr);
  const { summary, chart } = JSON.parse(out.stdout) as {
    summary: { invocations: number; coldStarts: number; malformed: number; ignored: number };
    chart: { warm: number; cold: number }[];
  };
  assert.deepEqual(
    [summary.invocations, summary.coldStarts, summary.malformed, summary.ignored],
    [4, 1, 1, 8],
  );
  assert.equal(
    chart.reduce((n, b) => n + b.warm + b.cold, 0),
    4,
  );
  const piped = await cli(['report', '-'], { input: events.map((e) => e.message).join('\n') });
  assert.match(piped.stdout, /^Invocations {4}4 {2}\(cold starts 1, 25\.0 %\)/);
  assert.match(
    (await cli(['report', join(scratch, 'missing.log')])).stderr,
    /cannot read .*missing\.log: ENOENT/,
  );
});

test("report <function> reads the function's REPORT lines from its logs; a function never invoked says so", async () => {
  const out = await cli(['report', 'priced', '--home', t.home, '--since', '1h', '--json']);
  assert.equal(out.code, 0, out.stderr);
  const { summary } = JSON.parse(out.stdout) as {
    summary: { invocations: number; coldStarts: number; memory: { sizeMB: number } };
  };
  assert.deepEqual([summary.invocations, summary.coldStarts, summary.memory.sizeMB], [4, 1, 512]);
  const text = await cli(['report', 'priced', '--home', t.home]);
  assert.match(text.stdout, /4/);
  await createFunction(t, 'never-run', { 'index.js': "exports.handler = async () => 'ok';\n" });
  const empty = await cli(['report', 'never-run', '--home', t.home, '--json']);
  assert.equal(empty.code, 0, empty.stderr);
  assert.match(empty.stderr, /never-run has no log group on Local yet: it was never invoked there/);
  const bad = await cli(['report', 'priced', '--home', t.home, '--since', '2y']);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /--since must be 1h, 24h, 7d, any N followed by m, h, d or w .*; not "2y"/,
  );
});

test('report and estimate read any window: the last N minutes, hours, days or weeks, or FROM..TO', async () => {
  const count = async (...window: string[]) => {
    const out = await cli(['report', 'priced', '--home', t.home, ...window, '--json']);
    assert.equal(out.code, 0, out.stderr);
    return (JSON.parse(out.stdout) as { summary: { invocations: number } }).summary.invocations;
  };
  assert.equal(await count('--since', '90m'), 4);
  assert.equal(await count('--since', '2w'), 4);
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  assert.equal(await count('--since', `${hourAgo}..`), 4, 'from an hour ago until now');
  assert.equal(await count('--since', '2020-01-01..2020-01-02'), 0, 'a range before any invoke');
  const reversed = await cli([
    'report',
    'priced',
    '--home',
    t.home,
    '--since',
    '2026-02-01..2026-01-01',
  ]);
  assert.equal(reversed.code, 2);
  const estimate = await cli(['estimate', 'priced', '--home', t.home, '--window', '3d']);
  assert.equal(estimate.code, 0, estimate.stderr);
  assert.match(
    estimate.stdout,
    /\d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC: 4 REPORT events/,
  );
});
