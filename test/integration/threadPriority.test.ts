// A worker thread of the extension host runs below its main thread (extension/backgroundPriority.ts):
// on Linux the worker's own nice value is lowered and the main thread's is not; with the Linux
// path turned off (LAMBDA_LENS_THREAD_PRIORITY=off, as on other systems) nothing changes.
import * as assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { runThisThreadBelowEditor } from '../../src/extension/backgroundPriority';

const MODULE = join(__dirname, '..', '..', 'src', 'extension', 'backgroundPriority.ts');

/** Runs runThisThreadBelowEditor in a real worker thread: what it returned, and the thread's nice value then. */
function inWorker(env: NodeJS.ProcessEnv): Promise<{ lowered: boolean; nice: number | null }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { readlinkSync } = require('node:fs');
    const { getPriority } = require('node:os');
    // The module under test is TypeScript: compiled on require, as in this test's own thread.
    require('tsx/cjs');
    const { runThisThreadBelowEditor } = require(${JSON.stringify(MODULE)});
    const lowered = runThisThreadBelowEditor();
    let nice = null;
    try { nice = getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop())); } catch {}
    parentPort.postMessage({ lowered, nice });`;
  const worker = new Worker(code, { eval: true, env });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

test('a worker thread lowers only itself (Linux); the main thread keeps its priority', async (t) => {
  const main = getPriority();
  const { lowered, nice } = await inWorker({ ...process.env, LAMBDA_LENS_THREAD_PRIORITY: '' });
  assert.equal(getPriority(), main, "the main thread's priority is unchanged");
  if (process.platform !== 'linux') {
    assert.equal(lowered, false, 'elsewhere a thread has no priority of its own');
    return t.skip('per-thread priorities are Linux only');
  }
  assert.equal(lowered, true);
  assert.equal(nice, Math.max(main, 10), 'the worker runs at PRIORITY_BELOW_NORMAL');
});

test('with the Linux path off (the fallback), a worker keeps the priority it had', async () => {
  const main = getPriority();
  const { lowered, nice } = await inWorker({ ...process.env, LAMBDA_LENS_THREAD_PRIORITY: 'off' });
  assert.equal(lowered, false);
  if (nice !== null) assert.equal(nice, main);
});

test('the main thread is never lowered', () => {
  const main = getPriority();
  assert.equal(runThisThreadBelowEditor(), false);
  assert.equal(getPriority(), main);
});
