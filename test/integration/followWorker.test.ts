// A log document's follow in a worker thread (src/extension/logs/followWorker.ts), run as the
// editor runs it: the built dist/followWorker.js in a real worker_threads Worker, against the real
// local endpoint. The worker holds the stream once 50,000 posted lines wait for the main thread's
// acknowledgement and goes on when they are acknowledged, each line once and in order; a follow
// that fails says what the follow in the main thread says; a stopped follow ends its thread, and
// one that does not end is ended after the grace. Run `node esbuild.mjs` first.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logsClientFor, type ConnectionTarget } from '../../src/cloud/clients';
import { followLogs } from '../../src/cloud/logs/followLogs';
import { errorMessage } from '../../src/core/errorMessage';
import {
  followInWorker,
  STOP_GRACE_MS,
  type FollowHandlers,
  type FollowReport,
  type FollowRequest,
  type FollowThread,
} from '../../src/extension/logs/followWorker';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, waitFor } from './invokeKit';

const ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'followWorker.js');
/** followThread.ts's UNACKED_MAX, and the most events one Live Tail update carries. */
const UNACKED_MAX = 50_000;
const UPDATE_MAX_EVENTS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function targetOf(endpoint: LocalEndpoint, id = 'local'): ConnectionTarget {
  return {
    id,
    kind: 'local',
    region: 'us-east-1',
    endpoint: endpoint.url,
    credentials: endpoint.credentials,
  };
}

const requestFor = (target: ConnectionTarget, logGroupName: string): FollowRequest => ({
  target,
  logGroupName,
  fromLocalEndpoint: true,
});

/** A follow in a worker as the log view starts it, with what it reported and its thread. */
function workerFollow(request: FollowRequest, options: { entry?: string } = {}) {
  const stop = new AbortController();
  const lines: string[] = [];
  const modes: string[] = [];
  let thread: FollowThread | undefined;
  const handlers: FollowHandlers = {
    onLines: (batch) => lines.push(...batch),
    onMode: (mode) => modes.push(mode.kind),
    onNotice: () => {},
  };
  const ended = followInWorker(request, handlers, stop.signal, {
    entry: options.entry ?? ENTRY,
    started: (t) => (thread = t),
  });
  return {
    lines,
    modes,
    ended,
    stop,
    get thread() {
      return thread!;
    },
  };
}

/** The follow in this thread, as the log view runs it with LAMBDA_LENS_FOLLOW_IN_THREAD=1. */
function threadFollow(request: FollowRequest) {
  const stop = new AbortController();
  const modes: string[] = [];
  const ended = followLogs({
    logs: logsClientFor(request.target),
    logGroupName: request.logGroupName,
    fromLocalEndpoint: request.fromLocalEndpoint,
    signal: stop.signal,
    onLines: () => {},
    onMode: (mode) => modes.push(mode.kind),
  });
  return { modes, ended, stop };
}

async function exited(thread: FollowThread, ms: number): Promise<void> {
  await waitFor('the thread to exit', async () => (thread.running ? undefined : true), ms);
}

/** Whether `promise` settled within `ms` (a follow that never ends fails its test, not the run). */
const within = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('the follow ended without an error');
};

let t: TestEndpoint;
before(async () => {
  assert.ok(existsSync(ENTRY), `${ENTRY} is missing: run \`node esbuild.mjs\` first`);
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

describe('the log follow in a worker thread', () => {
  test('holds the stream past 50,000 unacknowledged lines, and goes on when they are acknowledged: each line once, in order', async () => {
    const TOTAL = 120_000;
    await createFunction(t, 'firehose', {
      'index.js': `const fs = require('node:fs'); exports.handler = async (event) => { if (!event.print) return 0; const lines = []; for (let i = 0; i < ${TOTAL}; i++) lines.push('line ' + i); fs.writeSync(1, lines.join('\\n') + '\\n'); return 1; };\n`,
    });
    await invoke(t, 'firehose'); // the log group exists
    const worker = new Worker(ENTRY, {
      workerData: requestFor(targetOf(t.endpoint), '/aws/lambda/firehose'),
    });
    const received: string[] = [];
    const notices: string[] = [];
    let live = false;
    let acking = false;
    let failed: string | undefined;
    worker.on('message', (report: FollowReport) => {
      if (report.kind === 'lines') {
        received.push(...report.lines);
        if (acking) worker.postMessage({ kind: 'received', count: report.lines.length });
      } else if (report.kind === 'mode') live ||= report.mode.kind === 'live-tail';
      else if (report.kind === 'notice') notices.push(report.text);
      else if (report.kind === 'failed') failed = report.message;
    });
    const exit = new Promise((resolve) => worker.once('exit', resolve));
    try {
      await waitFor('Live Tail', async () => (live ? true : undefined), 10_000);
      await invoke(t, 'firehose', { print: true }, { tail: false });
      // Every line is in the log store, whatever the follow has posted meanwhile.
      await waitFor(
        'the last line in the log store',
        async () => {
          const out = await t.logs.send(
            new FilterLogEventsCommand({
              logGroupName: '/aws/lambda/firehose',
              filterPattern: `"line ${TOTAL - 1}"`,
            }),
          );
          return out.events?.length ? true : undefined;
        },
        30_000,
      );
      await waitFor(
        'the limit',
        async () => (received.length > UNACKED_MAX ? true : undefined),
        30_000,
      );
      const held = received.length;
      await sleep(1000);
      assert.equal(received.length, held, 'nothing more is posted while nothing is acknowledged');
      assert.ok(
        held <= UNACKED_MAX + UPDATE_MAX_EVENTS,
        `at most the limit and one Live Tail update (${held} posted)`,
      );
      acking = true;
      worker.postMessage({ kind: 'received', count: received.length });
      await waitFor(
        'the rest',
        async () => (received.some((l) => l.includes(' REPORT RequestId: ')) ? true : undefined),
        30_000,
      );
      assert.equal(failed, undefined);
      assert.deepEqual(notices, [], 'no line was left out (nothing sampled)');
      const numbered = received.filter((l) => / line \d+$/.test(l));
      assert.equal(numbered.length, TOTAL, 'each line once');
      const outOfPlace = numbered.findIndex((l, i) => !l.endsWith(` line ${i}`));
      assert.equal(outOfPlace, -1, `in order (first out of place: ${numbered[outOfPlace]})`);
      assert.equal(received.length, TOTAL + 3, 'with START, END and REPORT');
    } finally {
      worker.postMessage({ kind: 'stop' });
      await Promise.race([exit, sleep(STOP_GRACE_MS).then(() => worker.terminate())]);
    }
  });

  test("a follow refused by the endpoint fails with the main thread's message; the thread exits", async () => {
    // A key the endpoint does not know: DescribeLogGroups is refused at once.
    const target: ConnectionTarget = {
      ...targetOf(t.endpoint, 'unknown-key'),
      credentials: { accessKeyId: 'LLIAUNKNOWNKEY', secretAccessKey: 'not-the-secret' },
    };
    const request = requestFor(target, '/aws/lambda/firehose');
    const inThread = await rejection(threadFollow(request).ended);
    const follow = workerFollow(request);
    const inWorker = await rejection(follow.ended);
    assert.ok(errorMessage(inThread).length > 0);
    assert.equal(errorMessage(inWorker), errorMessage(inThread));
    await exited(follow.thread, 5000);
  });

  test("a follow whose endpoint goes away mid-follow fails with the main thread's message; the thread exits", async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-follow-gone-'));
    const endpoint = await startLocalEndpoint({ home, port: 0 });
    try {
      await logsClientFor(targetOf(endpoint, 'gone')).send(
        new CreateLogGroupCommand({ logGroupName: '/gone' }),
      );
      const request = requestFor(targetOf(endpoint, 'gone'), '/gone');
      const here = threadFollow(request);
      const there = workerFollow(request);
      const inThread = rejection(here.ended);
      const inWorker = rejection(there.ended);
      await waitFor(
        'both on Live Tail',
        async () =>
          here.modes.includes('live-tail') && there.modes.includes('live-tail') ? true : undefined,
        10_000,
      );
      await endpoint.close();
      const [a, b] = await Promise.all([inThread, inWorker]);
      assert.ok(errorMessage(a).length > 0);
      assert.equal(errorMessage(b), errorMessage(a));
      await exited(there.thread, 5000);
    } finally {
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a follow stopped while its endpoint does not answer ends within the grace, and its thread exits', async () => {
    // Connections are taken and never answered: the follow waits in its first request.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const follow = workerFollow(
        requestFor(
          {
            id: 'silent',
            kind: 'endpoint',
            region: 'us-east-1',
            endpoint: `http://127.0.0.1:${port}`,
            credentials: { accessKeyId: 'AKIDSILENT', secretAccessKey: 'secret' },
          },
          '/silent',
        ),
      );
      await waitFor('its request', async () => (sockets.size > 0 ? true : undefined), 10_000);
      const stoppedAt = Date.now();
      follow.stop.abort();
      assert.ok(await within(follow.ended, STOP_GRACE_MS), 'the follow ended');
      await exited(follow.thread, STOP_GRACE_MS);
      const took = Date.now() - stoppedAt;
      assert.ok(took < STOP_GRACE_MS, `ended by its own stop, not the grace (${took} ms)`);
      assert.deepEqual(follow.lines, []);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('a worker that does not end when stopped is ended after the grace', async () => {
    // The follow itself ends on stop; a worker that ignores it stands for one that is stuck.
    const dir = mkdtempSync(join(tmpdir(), 'll-follow-stuck-'));
    const stuck = join(dir, 'stuck.js');
    writeFileSync(
      stuck,
      "const { parentPort } = require('node:worker_threads');\n" +
        "parentPort.postMessage({ kind: 'mode', mode: { kind: 'live-tail' } });\n" +
        'parentPort.on(\'message\', () => {}); // "stop" included\n' +
        // Bounds the test run should the grace never come.
        'setTimeout(() => process.exit(), 15000);\n',
    );
    try {
      const follow = workerFollow(requestFor(targetOf(t.endpoint), '/stuck'), { entry: stuck });
      await waitFor('its start', async () => (follow.modes.length ? true : undefined), 10_000);
      assert.ok(follow.thread.running);
      const stoppedAt = Date.now();
      follow.stop.abort();
      await sleep(STOP_GRACE_MS / 2);
      assert.ok(follow.thread.running, 'given the grace to end');
      assert.ok(await within(follow.ended, STOP_GRACE_MS + 3000), 'the follow ended');
      const took = Date.now() - stoppedAt;
      assert.equal(follow.thread.running, false, 'its thread has exited');
      assert.ok(
        took >= STOP_GRACE_MS - 50 && took < STOP_GRACE_MS + 3000,
        `ended after the grace (${took} ms)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
