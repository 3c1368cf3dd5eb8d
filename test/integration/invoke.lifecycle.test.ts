// Invoke on the local endpoint, execution environments over time: cold and warm starts,
// concurrency and throttling, time-outs, running out of memory, and updates retiring environments.
// The tests run one after the other (several start processes at once or allocate memory).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetFunctionCommand,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';
import { createFunction, expectedBilledMs, invoke, reportIn, sleeper } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

test('cold then warm: Init Duration only on the first REPORT, the same environment (log stream) after', async () => {
  await createFunction(t, 'warm', { 'index.js': sleeper(0) });
  const first = await invoke(t, 'warm');
  const second = await invoke(t, 'warm');
  const third = await invoke(t, 'warm');
  const [r1, r2, r3] = [reportIn(first.log), reportIn(second.log), reportIn(third.log)];
  assert.ok(r1.initDurationMs !== undefined && r1.initDurationMs > 0, r1.line);
  assert.equal(r2.initDurationMs, undefined, r2.line);
  assert.equal(r3.initDurationMs, undefined, r3.line);
  const streams = [first, second, third].map((o) => (o.body as { stream: string }).stream);
  assert.equal(new Set(streams).size, 1, `one environment: ${streams.join(', ')}`);
  assert.notEqual(r1.requestId, r2.requestId);
});

test('Billed Duration is ceil(Duration + Init Duration) cold and ceil(Duration) warm', async () => {
  await createFunction(t, 'billing', { 'index.js': sleeper(30) });
  for (let i = 0; i < 3; i++) {
    const report = reportIn((await invoke(t, 'billing')).log);
    assert.equal(i === 0, report.initDurationMs !== undefined, report.line);
    assert.equal(report.billedDurationMs, expectedBilledMs(report), report.line);
    assert.ok(report.durationMs >= 29, report.line);
  }
});

test('concurrent invokes open new environments: 3 at once, 3 log streams, 3 Init Durations', async () => {
  await createFunction(t, 'parallel', { 'index.js': sleeper(300) });
  const outs = await Promise.all([1, 2, 3].map(() => invoke(t, 'parallel')));
  const streams = outs.map((o) => (o.body as { stream: string }).stream);
  assert.equal(new Set(streams).size, 3, streams.join(', '));
  for (const out of outs) assert.ok(reportIn(out.log).initDurationMs !== undefined, out.log);
  // They are all warm now: three more at once reuse them.
  const again = await Promise.all([1, 2, 3].map(() => invoke(t, 'parallel')));
  assert.deepEqual(
    new Set(again.map((o) => (o.body as { stream: string }).stream)),
    new Set(streams),
  );
  for (const out of again) assert.equal(reportIn(out.log).initDurationMs, undefined);
});

test('reserved concurrency 1: of two concurrent invokes one is throttled (429 TooManyRequestsException)', async () => {
  await createFunction(t, 'reserved', { 'index.js': sleeper(1500) });
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({
      FunctionName: 'reserved',
      ReservedConcurrentExecutions: 1,
    }),
  );
  const results = await Promise.allSettled([invoke(t, 'reserved'), invoke(t, 'reserved')]);
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(fulfilled.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.equal(rejected.length, 1);
  const error = rejected[0]!.reason as TooManyRequestsException;
  assert.ok(error instanceof TooManyRequestsException, String(error));
  assert.equal(error.$metadata.httpStatusCode, 429);
  // Once the first is done, the function takes invocations again.
  assert.equal((await invoke(t, 'reserved')).functionError, undefined);
});

test('reserved concurrency 0 throttles every invoke', async () => {
  await createFunction(t, 'stopped', { 'index.js': sleeper(0) });
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: 'stopped', ReservedConcurrentExecutions: 0 }),
  );
  await assert.rejects(
    invoke(t, 'stopped'),
    (error: unknown) => error instanceof TooManyRequestsException,
  );
});

test('time-out: Sandbox.Timedout, "Task timed out after 1.00 seconds", Status: timeout, then a cold start', async () => {
  await createFunction(
    t,
    'slow',
    {
      'index.js':
        "exports.handler = async (event) => { if (event.fast) return 'fast'; console.log('sleeping'); await new Promise((r) => setTimeout(r, 3000)); return 'late'; };\n",
    },
    { timeout: 1 },
  );
  const started = Date.now();
  const out = await invoke(t, 'slow');
  assert.ok(
    Date.now() - started < 2900,
    'answered at the time-out, not when the handler would have finished',
  );
  assert.equal(out.statusCode, 200);
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  const report = reportIn(out.log);
  assert.deepEqual(body, {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${report.requestId} Error: Task timed out after 1.00 seconds`,
  });
  assert.match(
    out.log,
    new RegExp(
      `^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z ${report.requestId} Task timed out after 1\\.00 seconds$`,
      'm',
    ),
  );
  assert.equal(report.status, 'timeout');
  assert.equal(report.errorType, undefined);
  assert.ok(report.durationMs >= 999 && report.durationMs < 2500, report.line);
  const lines = out.log.trimEnd().split('\n');
  assert.ok(
    lines.findIndex((l) => l.includes('Task timed out')) <
      lines.findIndex((l) => l.startsWith('END ')),
  );
  const next = await invoke(t, 'slow', { fast: true });
  assert.equal(next.body, 'fast');
  assert.notEqual(
    reportIn(next.log).initDurationMs,
    undefined,
    'the timed-out environment was replaced',
  );
});

test('out of memory: Runtime.OutOfMemory, Status: error, Max Memory Used reported and not above Memory Size', async () => {
  await createFunction(
    t,
    'hungry',
    {
      'index.js': `const kept = [];
exports.handler = async (event) => {
  if (event.small) return 'small';
  for (let i = 0; i < 30; i++) { kept.push(Buffer.alloc(10 * 1024 * 1024, 1)); await new Promise((r) => setImmediate(r)); }
  return kept.length;
};
`,
    },
    { memorySize: 128, timeout: 20 },
  );
  const out = await invoke(t, 'hungry');
  assert.equal(out.functionError, 'Unhandled', out.text);
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.OutOfMemory');
  assert.match(
    body.errorMessage,
    /^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed$/,
  );
  const report = reportIn(out.log);
  assert.match(report.line, /\tStatus: error\tError Type: Runtime\.OutOfMemory\t$/);
  assert.equal(report.memorySizeMB, 128);
  assert.ok(report.maxMemoryUsedMB > 0 && report.maxMemoryUsedMB <= 128, report.line);
  const next = await invoke(t, 'hungry', { small: true });
  assert.equal(next.body, 'small');
  assert.notEqual(
    reportIn(next.log).initDurationMs,
    undefined,
    'a new environment after running out of memory',
  );
});

test('out of memory in the JavaScript heap (objects, not Buffers) is Runtime.OutOfMemory too', async () => {
  await createFunction(
    t,
    'heap',
    {
      'index.js':
        "const kept = [];\nexports.handler = async () => { for (;;) { kept.push({ n: Math.random(), s: 'x' + Math.random() }); if (kept.length % 100000 === 0) await new Promise((r) => setImmediate(r)); } };\n",
    },
    { memorySize: 128, timeout: 30 },
  );
  const out = await invoke(t, 'heap');
  assert.equal(out.functionError, 'Unhandled', out.text);
  assert.equal((out.body as { errorType: string }).errorType, 'Runtime.OutOfMemory');
  const report = reportIn(out.log);
  assert.equal(report.errorType, 'Runtime.OutOfMemory');
  assert.ok(report.maxMemoryUsedMB <= 128, report.line);
});

test('Max Memory Used of a small function is its real footprint (well under Memory Size)', async () => {
  await createFunction(t, 'small', { 'index.js': sleeper(0) }, { memorySize: 1024 });
  const report = reportIn((await invoke(t, 'small')).log);
  assert.equal(report.memorySizeMB, 1024);
  assert.ok(report.maxMemoryUsedMB >= 10 && report.maxMemoryUsedMB < 512, report.line);
});

test('UpdateFunctionCode is picked up on the next invoke, with a cold start', async () => {
  await createFunction(t, 'code', { 'index.js': "exports.handler = async () => 'v1';\n" });
  assert.equal((await invoke(t, 'code')).body, 'v1');
  assert.equal(reportIn((await invoke(t, 'code')).log).initDurationMs, undefined);
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: 'code',
      ZipFile: zipOf({ 'index.js': "exports.handler = async () => 'v2';\n" }),
    }),
  );
  const after = await invoke(t, 'code');
  assert.equal(after.body, 'v2');
  assert.notEqual(reportIn(after.log).initDurationMs, undefined);
});

test('replaced code leaves the disk (zip and unpacked copy) unless a version or a running invocation still uses it', async () => {
  const hexOf = (sha256Base64: string | undefined) =>
    Buffer.from(sha256Base64 ?? '', 'base64').toString('hex');
  const shaOf = async () =>
    hexOf(
      (await t.lambda.send(new GetFunctionCommand({ FunctionName: 'disk' }))).Configuration
        ?.CodeSha256,
    );
  const zipPath = (hex: string) => join(t.home, 'code', `${hex}.zip`);
  const unpacked = (hex: string) => join(t.home, 'runtime-cache', hex);
  // Zips younger than a minute are kept (a request may be about to use one): age them.
  const ageZips = () => {
    const old = new Date(Date.now() - 120_000);
    for (const name of readdirSync(join(t.home, 'code')))
      utimesSync(join(t.home, 'code', name), old, old);
  };
  const update = (body: string) =>
    t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'disk', ZipFile: zipOf({ 'index.js': body }) }),
    );

  // v1 is published as version 1, so it stays.
  await createFunction(
    t,
    'disk',
    { 'index.js': "exports.handler = async () => 'v1';\n" },
    { publish: true },
  );
  const v1 = await shaOf();
  assert.equal((await invoke(t, 'disk')).body, 'v1');
  await update(
    "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.waitMs ?? 0)); return 'v2'; };\n",
  );
  const v2 = await shaOf();
  assert.equal((await invoke(t, 'disk')).body, 'v2');
  assert.ok(existsSync(unpacked(v2)) && existsSync(zipPath(v2)));

  // v2 is replaced while an invocation of it runs: it keeps its code until it ends.
  const running = invoke(t, 'disk', { waitMs: 1500 });
  await new Promise((r) => setTimeout(r, 500));
  ageZips();
  await update("exports.handler = async () => 'v3';\n");
  const v3 = await shaOf();
  assert.ok(
    existsSync(unpacked(v2)) && existsSync(zipPath(v2)),
    'taken from under a running invocation',
  );
  assert.equal((await running).body, 'v2');

  ageZips();
  await update("exports.handler = async () => 'v4';\n");
  assert.equal(existsSync(zipPath(v2)), false, 'the replaced zip is still on disk');
  assert.equal(existsSync(unpacked(v2)), false, 'the replaced unpacked copy is still on disk');
  assert.equal(existsSync(zipPath(v3)), false, 'v3 was never published');
  assert.ok(existsSync(zipPath(v1)) && existsSync(unpacked(v1)), 'version 1 lost its code');
  assert.equal((await invoke(t, 'disk')).body, 'v4');
  assert.equal((await invoke(t, 'disk', {}, { qualifier: '1' })).body, 'v1');
});

test('UpdateFunctionConfiguration (an environment variable) is picked up on the next invoke, with a cold start', async () => {
  await createFunction(
    t,
    'config',
    { 'index.js': 'exports.handler = async () => process.env.COLOUR ?? null;\n' },
    { environment: { COLOUR: 'red' } },
  );
  assert.equal((await invoke(t, 'config')).body, 'red');
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'config',
      Environment: { Variables: { COLOUR: 'blue' } },
    }),
  );
  const after = await invoke(t, 'config');
  assert.equal(after.body, 'blue');
  assert.notEqual(reportIn(after.log).initDurationMs, undefined);
});

test('an update while an invocation runs: it finishes on the old code, the next uses the new', async () => {
  await createFunction(t, 'busy-update', {
    'index.js':
      "exports.handler = async () => { await new Promise((r) => setTimeout(r, 800)); return 'old'; };\n",
  });
  await invoke(t, 'busy-update'); // warm
  const running = invoke(t, 'busy-update');
  await new Promise((r) => setTimeout(r, 200));
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: 'busy-update',
      ZipFile: zipOf({ 'index.js': "exports.handler = async () => 'new';\n" }),
    }),
  );
  assert.equal((await running).body, 'old');
  assert.equal((await invoke(t, 'busy-update')).body, 'new');
});
