// Max Memory Used of warm invocations: the environment's peak, whether it rose for a moment too
// short for the endpoint's polls, in the runtime or in a process it started, in Node.js and in
// Python; and a runtime cannot report itself smaller than the endpoint saw it (our bootstraps
// report their own peak with each result, see src/local/runtime/memory.ts).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn } from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const SPIKE_MB = 96;

test('Node.js: a spike of a few milliseconds in a warm invocation is in its Max Memory Used', async () => {
  await createFunction(
    t,
    'spike',
    {
      'index.js': `exports.handler = async (event) => {
  if (event.spike) { const held = Buffer.alloc(${SPIKE_MB} * 1024 * 1024, 1); return held.length; }
  return 0;
};
`,
    },
    { memorySize: 512 },
  );
  const quiet = reportIn((await invoke(t, 'spike')).log);
  const spiked = await invoke(t, 'spike', { spike: true });
  assert.equal(spiked.body, SPIKE_MB * 1024 * 1024);
  const report = reportIn(spiked.log);
  assert.ok(
    report.maxMemoryUsedMB >= quiet.maxMemoryUsedMB + SPIKE_MB - 2,
    `${quiet.line}\n${report.line}`,
  );
});

test('Python: a spike of a few milliseconds in a warm invocation is in its Max Memory Used', async () => {
  await createFunction(
    t,
    'py-spike',
    {
      'app.py': `def handler(event, context):
    if event.get("spike"):
        held = b"\\x01" * (${SPIKE_MB} * 1024 * 1024)
        return len(held)
    return 0
`,
    },
    { runtime: 'python3.12', handler: 'app.handler', memorySize: 512 },
  );
  const quiet = reportIn((await invoke(t, 'py-spike')).log);
  const spiked = await invoke(t, 'py-spike', { spike: true });
  assert.equal(spiked.body, SPIKE_MB * 1024 * 1024);
  const report = reportIn(spiked.log);
  assert.ok(
    report.maxMemoryUsedMB >= quiet.maxMemoryUsedMB + SPIKE_MB - 2,
    `${quiet.line}\n${report.line}`,
  );
});

test('a process the handler started counts in Max Memory Used', async () => {
  const child = `const held = Buffer.alloc(${SPIKE_MB} * 1024 * 1024, 1); process.stdout.write('ready'); setTimeout(() => held.length, 5000);`;
  await createFunction(
    t,
    'parent',
    {
      'index.js': `const { spawn } = require('node:child_process');
exports.handler = async () => {
  const child = spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child.pid;
};
`,
    },
    { memorySize: 512, timeout: 10 },
  );
  await invoke(t, 'parent');
  const report = reportIn((await invoke(t, 'parent')).log);
  // The runtime's own footprint, with two children of at least the spike each still running.
  assert.ok(report.maxMemoryUsedMB >= 2 * SPIKE_MB, report.line);
});

test('a runtime that reports a smaller peak than the endpoint saw does not lower Max Memory Used', async () => {
  await createFunction(t, 'liar', {
    'index.js': `process.resourceUsage = () => ({ maxRSS: 1 });
exports.handler = async () => 'small';
`,
  });
  const first = reportIn((await invoke(t, 'liar')).log);
  const second = reportIn((await invoke(t, 'liar')).log);
  // A Node.js process holds well over 10 MB; the forged report says 1 KB.
  assert.ok(first.maxMemoryUsedMB >= 10, first.line);
  assert.ok(second.maxMemoryUsedMB >= first.maxMemoryUsedMB, `${first.line}\n${second.line}`);
});
