// Node.js cold starts adopt a process started ahead of need (spareProcess.ts). What the function
// sees must be exactly what a freshly spawned environment sees, and the REPORT must still count the
// process start in Init Duration.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { chooseContainment } from '../../src/local/os/processContainment';
import { SpareProcess } from '../../src/local/runtime/spareProcess';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn, sleep } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

const spares = () => {
  try {
    return execFileSync('pgrep', ['-f', '-c', 'node-bootstrap.js'], { encoding: 'utf8' }).trim();
  } catch {
    return '0'; // pgrep exits 1 when nothing matches
  }
};

const FILES = {
  'node_modules/greeting/index.js': "module.exports = () => 'hello from node_modules';\n",
  'index.js': `const started = Date.now();
exports.handler = async () => ({
  cwd: process.cwd(), taskRoot: process.env.LAMBDA_TASK_ROOT, home: process.env.HOME,
  spareFlag: process.env.LAMBDA_LENS_SPARE ?? null, variable: process.env.COLOR ?? null,
  fn: process.env.AWS_LAMBDA_FUNCTION_NAME, api: process.env.AWS_LAMBDA_RUNTIME_API,
  greeting: require('greeting')(),
});
`,
};

test("a cold start on a spare process sees the function's own environment, folder and modules, and reports the process start", async () => {
  await createFunction(t, 'spare', FILES, { environment: { COLOR: 'blue' } });
  const first = await invoke(t, 'spare'); // a fresh process; a spare starts after it
  assert.equal(first.functionError, undefined, first.text);
  await sleep(400); // the spare has started and is ready
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'spare',
      Environment: { Variables: { COLOR: 'green' } },
    }),
  );
  const adopted = await invoke(t, 'spare');
  assert.equal(adopted.functionError, undefined, adopted.text);
  const body = adopted.body as Record<string, unknown>;
  assert.equal(body.variable, 'green', 'the new configuration');
  assert.equal(body.spareFlag, null, 'no trace of the spare in the environment');
  assert.equal(body.cwd, body.taskRoot);
  assert.equal(body.home, tmpdir());
  assert.equal(body.fn, 'spare');
  assert.match(String(body.api), /^127\.0\.0\.1:\d+$/);
  assert.equal(
    body.greeting,
    'hello from node_modules',
    'NODE_PATH resolution as in a fresh process',
  );
  const report = reportIn(adopted.log);
  assert.ok(
    report.initDurationMs !== undefined && report.initDurationMs >= 15,
    `Init Duration counts the Node.js start-up: ${report.line}`,
  );
});

test('a function that calls back leaves the event loop as a fresh process does (stdin does not keep it alive)', async () => {
  await createFunction(t, 'spare-callback', {
    'index.js':
      "exports.handler = (event, context, callback) => { setTimeout(() => callback(null, 'done'), 5); };\n",
  });
  await invoke(t, 'spare-callback');
  await sleep(400);
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: 'spare-callback',
      Description: 'again',
    }),
  );
  const out = await invoke(t, 'spare-callback');
  assert.equal(out.body, 'done', out.text);
});

test('the spare process stops with the endpoint', async () => {
  const other = await startTestEndpoint();
  await createFunction(other, 'spare-stop', { 'index.js': 'exports.handler = async () => 1;\n' });
  await invoke(other, 'spare-stop');
  await sleep(400);
  const before = Number(spares());
  assert.ok(before >= 1, 'a spare waits');
  await other.close();
  await sleep(200);
  assert.ok(Number(spares()) < before, "the closed endpoint's spare is gone");
});

test('a spare that died before the endpoint noticed is handed its environment without ending the endpoint', async (t) => {
  if (process.platform !== 'linux') return t.skip('watches /proc for the zombie');
  const home = mkdtempSync(join(tmpdir(), 'll-spare-'));
  const containment = await chooseContainment(home, 'group');
  const spare = new SpareProcess(process.execPath, ['-e', 'process.exit(0)'], containment);
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.prependListener('uncaughtException', onUncaught);
  try {
    // Without a turn of the event loop, the exit is not noticed: wait for the zombie synchronously.
    const stat = `/proc/${spare.child.pid}/stat`;
    const deadline = Date.now() + 10_000;
    while (!/^\d+ \(.*\) Z/.test(readFileSync(stat, 'latin1')) && Date.now() < deadline);
    assert.equal(spare.alive, true, 'the exit is not noticed yet');
    spare.assign({ A: '1'.repeat(1 << 20) }, tmpdir()); // more than a pipe holds: the write fails
    await new Promise((resolve) => spare.child.once('exit', resolve));
    await sleep(50);
    assert.deepEqual(uncaught, []);
    assert.equal(spare.alive, false);
  } finally {
    process.removeListener('uncaughtException', onUncaught);
    rmSync(home, { recursive: true, force: true });
  }
});
